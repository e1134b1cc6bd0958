"""Recordings and scans of 文史资料: big audio is checked, hashed and streamed without
being held in memory; audio answers Range requests for the player; types are checked."""

from __future__ import annotations

import hashlib
import tracemalloc

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.urls import reverse

from archives import services
from archives.models import Manuscript

from . import archives_helpers as h

SIZE = 24 * 1024 * 1024  # 24 MiB


def _big_mp3() -> tuple[TemporaryUploadedFile, str]:
    upload = TemporaryUploadedFile("访谈录音.mp3", "audio/mpeg", SIZE, None)
    digest = hashlib.sha256()
    block = b"ID3\x03\x00" + b"\x00" * (1024 * 1024 - 5)
    upload.write(block)
    digest.update(block)
    rest = b"\x55" * (1024 * 1024)
    for _ in range(SIZE // len(rest) - 1):
        upload.write(rest)
        digest.update(rest)
    upload.flush()
    upload.seek(0)
    return upload, digest.hexdigest()


@pytest.fixture
def oral(org) -> Manuscript:
    return h.draft(org, kind=Manuscript.Kind.ORAL_HISTORY, interviewee="巴特尔", origin="oral")


def test_a_big_recording_is_stored_and_served_without_holding_it_in_memory(org, client, oral):
    upload, digest = _big_mp3()
    tracemalloc.start()
    record = services.file_add(manuscript=oral, kind="audio", upload=upload, by=org.member_user)
    _size, peak_upload = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    try:
        upload.close()
    except FileNotFoundError:  # the storage moved the temporary file into place
        pass
    assert (record.size, record.sha256) == (SIZE, digest)
    assert peak_upload < 4 * 1024 * 1024

    client.force_login(org.member_user)
    response = client.get(reverse("archives:file_download", args=[record.pk]))
    assert response.streaming
    tracemalloc.start()
    seen = hashlib.sha256()
    total = 0
    for chunk in response.streaming_content:
        seen.update(chunk)
        total += len(chunk)
    _size, peak_download = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Read to its end, the response is closed already (the test client closes it without
    # Django's close_old_connections; closing it again here would close the database
    # connection, and the module's shared body with it: tests/conftest.py).
    assert (total, seen.hexdigest()) == (SIZE, digest)
    assert peak_download < 4 * 1024 * 1024


def test_the_player_gets_byte_ranges(org, client, oral):
    record = h.attach(oral, org.member_user, "audio", "录音.mp3")
    size = len(h.MP3)
    client.force_login(org.member_user)
    url = reverse("archives:file_download", args=[record.pk]) + "?play=1"

    whole = client.get(url)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert whole["Content-Disposition"].startswith("inline")
    assert whole["Content-Type"] == "audio/mpeg"

    part = client.get(url, HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 0-9/{size}"
    assert b"".join(part.streaming_content) == h.MP3[:10]

    tail = client.get(url, HTTP_RANGE="bytes=-5")
    assert tail["Content-Range"] == f"bytes {size - 5}-{size - 1}/{size}"
    assert b"".join(tail.streaming_content) == h.MP3[-5:]

    open_end = client.get(url, HTTP_RANGE=f"bytes={size - 3}-")
    assert b"".join(open_end.streaming_content) == h.MP3[-3:]

    beyond = client.get(url, HTTP_RANGE=f"bytes={size + 10}-")
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{size}"


def test_documents_never_play_inline(org, client, oral):
    record = h.attach(oral, org.member_user)
    client.force_login(org.member_user)
    response = client.get(
        reverse("archives:file_download", args=[record.pk]) + "?play=1", HTTP_RANGE="bytes=0-3"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_page_plays_the_recording(org, client, oral):
    record = h.attach(oral, org.member_user, "audio", "录音.mp3")
    client.force_login(org.member_user)
    page = client.get(reverse("archives:manuscript_detail", args=[oral.pk])).content.decode()
    src = reverse("archives:file_download", args=[record.pk]) + "?play=1"
    assert f'class="w-100 mt-2" src="{src}"></audio>' in page
