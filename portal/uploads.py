"""Attachments of every module (proposals, activity outputs, quota evidence).

Uploads are checked (QUALITY.md item 12): their size, an allowed type, and content that
really is that type — sniffed from the bytes, not taken from the name or the browser.
Names are cleaned of paths; files are stored under random names (models). Downloads go
out as attachments that no browser renders or sniffs."""

from __future__ import annotations

import os
import unicodedata
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .imports.checks import check_xlsx

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TYPES: dict[str, str] = {
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".docx": DOCX,
    ".xlsx": XLSX,
}
ALLOWED_LABEL = "PDF、Word（.docx）、Excel（.xlsx）、JPG、PNG"
MAX_DOCX_UNPACKED = 50 * 1024 * 1024


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    data: bytes


def clean_name(name: str) -> str:
    """The file's own name: no folders, no `..`, no control characters, at most 100."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    stem, ext = os.path.splitext(base)
    if not ext and stem.startswith("."):  # ".pdf": an extension without a name
        stem, ext = "", stem
    return (stem.strip(" .")[:90] or "附件") + ext.lower()


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Refuse what is too big, of a type not allowed, or not what its name says."""
    name = clean_name(upload.name or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in TYPES:
        raise ValidationError(
            _("不支持的文件类型。只能上传 %(types)s 文件。") % {"types": ALLOWED_LABEL}
        )
    limit = settings.ATTACHMENT_MAX_BYTES
    too_big = ValidationError(
        _("文件太大（%(size)s），不能超过 %(limit)s。")
        % {"size": filesizeformat(upload.size or 0), "limit": filesizeformat(limit)}
    )
    if upload.size is None or upload.size > limit:
        raise too_big
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_big
    if not data:
        raise ValidationError(_("文件是空的。"))
    content_type = TYPES[ext]
    if not _content_matches(content_type, data):
        raise ValidationError(
            _("文件内容与扩展名「%(ext)s」不符，可能已损坏或被改名，不能上传。") % {"ext": ext}
        )
    return CheckedUpload(name=name, content_type=content_type, data=data)


def _content_matches(content_type: str, data: bytes) -> bool:
    if content_type == PDF:
        return data.startswith(b"%PDF-")
    if content_type == JPEG:
        return data.startswith(b"\xff\xd8\xff")
    if content_type == PNG:
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if content_type == XLSX:
        try:
            check_xlsx(data)
        except ValidationError:
            return False
        return True
    return _is_plain_docx(data)


def _is_plain_docx(data: bytes) -> bool:
    """A Word document zip: no bytes before it, no encryption, no macros, no zip bomb."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    names = {info.filename for info in infos}
    return (
        "[Content_Types].xml" in names
        and "word/document.xml" in names
        and "word/vbaProject.bin" not in names
        and min(info.header_offset for info in infos) == 0
        and not any(info.flag_bits & 0x1 for info in infos)
        and sum(info.file_size for info in infos) <= MAX_DOCX_UNPACKED
    )


def attachment_response(file, filename: str, content_type: str) -> FileResponse:
    """A stored upload as a download: an attachment of its checked type, never sniffed,
    rendered or cached by the browser; 404 when the file is gone from the storage."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, no_store=True)
    return response
