"""Files of 文史资料: documents and scans through the project's checks (portal.uploads);
audio and video, which are large, checked from their first bytes and hashed chunk by chunk
(Django has already spooled the upload to a temporary file; nothing here reads it whole),
up to `settings.ARCHIVES_MEDIA_MAX_BYTES`. Downloads stream from the storage; audio and
video answer HTTP Range requests, so the browser's player can seek."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from portal.uploads import ALLOWED_LABEL, check_upload, clean_name

MEDIA_TYPES: dict[str, str] = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".wav": "audio/wav",
    ".ogg": "audio/ogg",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
}
MEDIA_LABEL = "MP3、M4A、WAV、OGG、MP4、WebM"
DEFAULT_MEDIA_MAX_BYTES = 1024 * 1024 * 1024  # 1 GiB
CHUNK = 64 * 1024


def media_max_bytes() -> int:
    return int(getattr(settings, "ARCHIVES_MEDIA_MAX_BYTES", DEFAULT_MEDIA_MAX_BYTES))


@dataclass
class StoredUpload:
    """A checked upload: its clean name, type, size and SHA-256; `upload` is saved as is."""

    upload: UploadedFile
    name: str
    content_type: str
    size: int
    sha256: str


def _media_matches(content_type: str, head: bytes) -> bool:
    if content_type == "audio/mpeg":
        return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] >= 0xE0)
    if content_type in ("audio/mp4", "video/mp4"):
        return head[4:8] == b"ftyp"
    if content_type == "audio/wav":
        return head.startswith(b"RIFF") and head[8:12] == b"WAVE"
    if content_type == "audio/ogg":
        return head.startswith(b"OggS")
    if content_type == "video/webm":
        return head.startswith(b"\x1a\x45\xdf\xa3")
    return False


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def check_file(upload: UploadedFile, *, media: bool) -> StoredUpload:
    """Check an upload; `media` allows audio and video besides documents and images."""
    name = clean_name(upload.name or "")
    ext = os.path.splitext(name)[1].lower()
    if media and ext in MEDIA_TYPES:
        limit = media_max_bytes()
        if upload.size is None or upload.size > limit:
            raise ValidationError(
                _("文件太大（%(size)s），不能超过 %(limit)s。")
                % {"size": filesizeformat(upload.size or 0), "limit": filesizeformat(limit)}
            )
        if not upload.size:
            raise ValidationError(_("文件是空的。"))
        upload.seek(0)
        head = upload.read(16)
        content_type = MEDIA_TYPES[ext]
        if not _media_matches(content_type, head):
            raise ValidationError(
                _("文件内容与扩展名「%(ext)s」不符，可能已损坏或被改名，不能上传。") % {"ext": ext}
            )
        return StoredUpload(upload, name, content_type, upload.size, _sha256(upload))
    if ext in MEDIA_TYPES:
        raise ValidationError(_("这里不能上传音频或视频文件。"))
    try:
        checked = check_upload(upload)
    except ValidationError as error:
        if media and error.messages[0].startswith(_("不支持的文件类型")):
            raise ValidationError(
                _("不支持的文件类型。只能上传 %(types)s 文件。")
                % {"types": f"{ALLOWED_LABEL}、{MEDIA_LABEL}"}
            ) from None
        raise
    upload.seek(0)
    return StoredUpload(
        upload,
        checked.name,
        checked.content_type,
        len(checked.data),
        hashlib.sha256(checked.data).hexdigest(),
    )


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _iter_range(handle, start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        left = length
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk
    finally:
        handle.close()


def _secure(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, no_store=True)
    return response


def file_response(
    request: HttpRequest, file, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """Stream a stored file to someone already allowed to see it. Audio and video may be
    played inline and answer `Range: bytes=a-b` with 206 Partial Content (one range); the
    rest go out as attachments. Memory stays flat: the file is read in 64 KiB chunks."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    size = file.size
    inline = inline and content_type.startswith(("audio/", "video/"))
    match = _RANGE.match(request.headers.get("Range", "").strip()) if inline else None
    if match and (match.group(1) or match.group(2)):
        first, last = match.group(1), match.group(2)
        if first:
            start = int(first)
            end = min(int(last), size - 1) if last else size - 1
        else:  # the last N bytes
            start = max(0, size - int(last))
            end = size - 1
        if start >= size or start > end:
            handle.close()
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return _secure(response)
        length = end - start + 1
        response = StreamingHttpResponse(
            _iter_range(handle, start, length), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    else:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes" if inline else "none"
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return _secure(response)
