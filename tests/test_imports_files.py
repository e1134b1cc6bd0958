"""The office's spreadsheet imports: hostile and broken files refused cleanly, confirm and
discard once, access by role and body."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import CommitteeMembership, Member
from portal import imports
from portal.models import ImportBatch, TransitionLog

from .imports_helpers import (
    GOOD_ROWS,
    MEMBER_HEADERS,
    confirm,
    member_row,
    page_text,
    preview,
    upload,
    xlsx,
)


@pytest.fixture
def office(client, org):
    client.force_login(org.office)
    return client


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _with_sheet_xml(data: bytes, sheet_xml: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    entries["xl/worksheets/sheet1.xml"] = sheet_xml
    return _zip(entries)


ZIP_BOMB = _zip(
    {
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.xml": b"<workbook/>",
        "xl/worksheets/sheet1.xml": b" " * (5 * 1024 * 1024),  # 5 MB of spaces: ~5 KB packed
    }
)
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData>'
    b"</worksheet>"
)
NOT_XLSX = "文件不是有效的 Excel 工作簿（.xlsx）"


@pytest.mark.parametrize(
    "make,name,message",
    [
        (lambda: "委员编号,姓名\nW1,张三\n".encode("utf-8-sig"), "名单.xlsx", NOT_XLSX),
        (lambda: os.urandom(4096), "名单.xlsx", NOT_XLSX),
        (lambda: ZIP_BOMB, "名单.xlsx", "解压后过大或压缩比异常"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "名单.xlsx", "旧版 .xls"),
        (lambda: xlsx(GOOD_ROWS) + b"<html><script>alert(1)</script></html>", "名单.xlsx",
         NOT_XLSX),
        (lambda: b"GIF89a" + xlsx(GOOD_ROWS), "名单.xlsx", NOT_XLSX),
        (lambda: _zip({"readme.txt": b"hello"}), "名单.xlsx", NOT_XLSX),
        (lambda: _with_sheet_xml(xlsx(GOOD_ROWS), BILLION_LAUGHS), "名单.xlsx", NOT_XLSX),
        (lambda: xlsx(GOOD_ROWS), "名单.csv", "请上传 Excel 工作簿（.xlsx）文件"),
        (lambda: xlsx([]), "名单.xlsx", "文件中没有数据"),
        (lambda: xlsx([["W1", "张三", "男"]], ["委员编号", "姓名", "性别"]), "名单.xlsx",
         "缺少必填列：「政治面貌」、「界别」"),
        (lambda: xlsx([member_row("W1", "张三")], [*MEMBER_HEADERS, "籍贯"]), "名单.xlsx",
         "第 1 行有无法识别的列：「籍贯」"),
    ],
    ids=["csv-renamed", "random-bytes", "zip-bomb", "xls", "polyglot-trailing",
         "polyglot-leading", "zip-not-workbook", "xml-entities", "not-named-xlsx", "no-rows",
         "missing-columns", "unknown-column"],
)  # fmt: skip
def test_it_refuses_a_bad_file_cleanly(office, org, settings, make, name, message):
    response = upload(office, make(), name=name, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:import_list")
    assert message in page_text(response)
    assert not ImportBatch.objects.exists()
    assert not (settings.MEDIA_ROOT / "imports").exists()


def test_it_refuses_a_file_over_the_size_limit(office, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 2000
    response = upload(office, xlsx(GOOD_ROWS), follow=True)
    assert "文件太大" in page_text(response) and "不能超过 2.0\xa0KB" in page_text(response)
    assert not ImportBatch.objects.exists()


def test_it_refuses_a_file_that_unpacks_too_big(office, monkeypatch):
    monkeypatch.setattr(imports.checks, "MAX_UNPACKED_BYTES", 4000)
    response = upload(office, xlsx(GOOD_ROWS), follow=True)
    assert "解压后过大" in page_text(response)
    assert not ImportBatch.objects.exists()


def test_it_refuses_too_many_rows(office, monkeypatch):
    monkeypatch.setattr(imports.checks, "MAX_ROWS", 2)
    response = upload(office, xlsx(GOOD_ROWS), follow=True)
    assert "文件超过 2 行数据，请分成几个文件上传。" in page_text(response)
    assert not ImportBatch.objects.exists()


# Confirm, discard and the workflow ------------------------------------------------------------


def test_confirming_twice_is_refused_the_second_time(office, org):
    batch = preview(office, xlsx(GOOD_ROWS))
    confirm(office, batch)
    counts = Member.objects.count(), CommitteeMembership.objects.count()

    response = confirm(office, batch)
    assert "该记录已经是「已导入」状态，无需重复操作。" in page_text(response)
    batch.refresh_from_db()
    assert (batch.new_rows, batch.unchanged_rows) == (3, 0)
    assert (Member.objects.count(), CommitteeMembership.objects.count()) == counts
    assert TransitionLog.objects.filter(object_id=batch.pk, to_state="confirmed").count() == 1


def test_discarding_deletes_the_file_and_cannot_be_confirmed_after(
    office, org, settings, django_capture_on_commit_callbacks
):
    batch = preview(office, xlsx(GOOD_ROWS))
    stored = settings.MEDIA_ROOT / batch.file.name
    assert stored.exists() and imports.report_of(batch) is not None

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(reverse("portal:import_discard", args=[batch.pk]), follow=True)
    assert "上传的文件已删除" in page_text(response)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DISCARDED and not batch.file and not batch.report
    assert not stored.exists() and not list(stored.parent.iterdir())
    response = confirm(office, batch)
    assert "当前状态「已放弃」不能变为「已导入」。" in page_text(response)
    assert not Member.objects.filter(code="W1001").exists()


def test_only_the_office_of_the_batchs_body_may_confirm(org):
    batch = imports.import_preview(
        body=org.body,
        kind="members",
        upload=SimpleUploadedFile("名单.xlsx", xlsx(GOOD_ROWS)),
        by=org.office,
    )
    with pytest.raises(imports.ValidationError) as error:
        imports.import_confirm(batch=batch, by=org.staff)
    assert error.value.messages == ["您无权执行「确认导入」操作。"]
    assert not Member.objects.filter(code="W1001").exists()


# Access ------------------------------------------------------------------------------------


def _urls(batch: ImportBatch) -> list[tuple[str, str]]:
    return [
        ("get", reverse("portal:import_list")),
        ("get", reverse("portal:import_template", args=["members"])),
        ("get", reverse("portal:import_preview", args=[batch.pk])),
        ("post", reverse("portal:import_upload", args=["members"])),
        ("post", reverse("portal:import_confirm", args=[batch.pk])),
        ("post", reverse("portal:import_discard", args=[batch.pk])),
    ]


@pytest.fixture
def batch(org) -> ImportBatch:
    return imports.import_preview(
        body=org.body,
        kind="members",
        upload=SimpleUploadedFile("名单.xlsx", xlsx(GOOD_ROWS)),
        by=org.office,
    )


def test_anonymous_visitors_are_sent_to_the_login_page(client, batch):
    for method, url in _urls(batch):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("who", ["member_user", "staff"])
def test_people_other_than_the_office_are_refused(client, org, batch, who):
    client.force_login(getattr(org, who))
    for method, url in _urls(batch):
        assert getattr(client, method)(url).status_code == 403, url
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert not Member.objects.filter(code="W1001").exists()


def test_another_bodys_office_cannot_see_or_touch_our_batch(client, org, other_org, batch):
    client.force_login(other_org.office)
    for method, url in _urls(batch)[2:3] + _urls(batch)[4:]:
        assert getattr(client, method)(url).status_code == 404, url
    listing = client.get(reverse("portal:import_list"))
    assert list(listing.context["page"].object_list) == []
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_get_does_not_confirm_or_discard(office, batch):
    for name in ("portal:import_confirm", "portal:import_discard"):
        assert office.get(reverse(name, args=[batch.pk])).status_code == 405
    assert office.get(reverse("portal:import_upload", args=["members"])).status_code == 405
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_an_unknown_kind_is_404(office):
    assert office.get(reverse("portal:import_template", args=["users"])).status_code == 404
    response = upload(office, xlsx(GOOD_ROWS), kind="users")
    assert response.status_code == 404


# Pages ---------------------------------------------------------------------------------------
