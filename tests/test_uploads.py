"""Attachments (QUALITY.md item 12): allowed types only, content sniffed, size limited,
names cleaned, stored under random names."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.uploads import check_upload, clean_name

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["数据"])
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.parametrize(
    "name,data,content_type",
    [
        ("报告.pdf", PDF, "application/pdf"),
        ("照片.PNG", PNG, "image/png"),
        ("照片.jpeg", JPEG, "image/jpeg"),
        (
            "说明.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("数据.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_allowed_files_pass_with_their_type_from_the_content(name, data, content_type):
    checked = check_upload(upload(name, data))
    assert checked.content_type == content_type and checked.data == data


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("脚本.html", b"<script>", "不支持的文件类型"),
        ("程序.exe", b"MZ", "不支持的文件类型"),
        ("假的.pdf", b"<html><script>alert(1)</script>", "不符"),
        ("假的.png", PDF, "不符"),
        ("多语.pdf", b"GIF89a" + PDF, "不符"),
        ("宏.docx", docx({"word/vbaProject.bin": b"x"}), "不符"),
        ("压缩.docx", b"junk" + docx(), "不符"),
        ("表格.xlsx", docx(), "不符"),
        ("空.pdf", b"", "空"),
    ],
)
def test_disallowed_or_disguised_files_are_refused(name, data, message):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, data))
    assert message in error.value.messages[0]


def test_oversized_files_are_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        check_upload(upload("大.pdf", PDF + b"0" * 200))
    assert "太大" in error.value.messages[0]


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\win.ini.PDF", "win.ini.pdf"),
        ("报告\x00.pdf", "报告.pdf"),
        ("/abs/路径/文件.docx", "文件.docx"),
        (".pdf", "附件.pdf"),
    ],
)
def test_names_lose_their_folders_and_control_characters(raw, clean):
    assert clean_name(raw) == clean


def test_stored_names_are_random(org):
    from proposals import services

    from . import proposals_helpers as h

    proposal = h.draft(org)
    first = services.attachment_add(
        proposal=proposal, by=org.member_user, upload=upload("报告.pdf", PDF)
    )
    second = services.attachment_add(
        proposal=proposal, by=org.member_user, upload=upload("报告.pdf", PDF)
    )
    assert first.file.name != second.file.name
    assert "报告" not in first.file.name
