"""The office's spreadsheet imports (portal.imports, members/committees resources): upload
checks, dry-run preview, confirm in one transaction, discard, access and history."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from members.models import CommitteeMembership, Member, MemberTerm
from organisation.models import Department, Sector
from portal import imports
from portal.models import ImportBatch, TransitionLog, User

XLSX = imports.XLSX_TYPE
MEMBER_HEADERS = [
    "委员编号", "姓名", "性别", "民族", "出生日期", "政治面貌", "所属党派", "界别", "工作单位",
    "职务职称", "常委", "手机号码", "电子邮箱", "通讯地址", "届次", "任职开始日期", "所在专委会",
]  # fmt: skip
DEPARTMENT_HEADERS = ["单位名称", "类型", "提案承办单位", "联系人", "联系电话", "地址"]


def member_row(code: str, name: str, sector: str = "经济界", **values) -> dict:
    return {"委员编号": code, "姓名": name, "性别": "男", "政治面貌": "无党派人士",
            "界别": sector, **values}  # fmt: skip


def xlsx(rows: list, headers: list[str] = MEMBER_HEADERS) -> bytes:
    """An .xlsx built in memory: the header row, then one row per dict (or list)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers] if isinstance(row, dict) else row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_ROWS = [
    member_row("W1001", "张三"),
    member_row(
        "W1002",
        "李四",
        "教育界",
        性别="女",
        政治面貌="民主党派",
        所属党派="民盟",
        所在专委会="提案委员会",
        任职开始日期="2023-03-01",
        常委="是",
        出生日期=dt.date(1975, 6, 1),
    ),
    member_row("W1003", "王五", 民族="蒙古族", 手机号码=13900001111, 电子邮箱="ww@example.cn"),
]


@pytest.fixture
def office(client, org):
    client.force_login(org.office)
    return client


def upload(client, data: bytes, kind: str = "members", name: str = "名单.xlsx", **kwargs):
    file = SimpleUploadedFile(name, data, content_type=XLSX)
    return client.post(reverse("portal:import_upload", args=[kind]), {"file": file}, **kwargs)


def preview(client, data: bytes, kind: str = "members") -> ImportBatch:
    response = upload(client, data, kind)
    batch = ImportBatch.objects.order_by("-id").first()
    assert response.status_code == 302, response
    assert response["Location"] == reverse("portal:import_preview", args=[batch.pk])
    return batch


def confirm(client, batch: ImportBatch):
    return client.post(reverse("portal:import_confirm", args=[batch.pk]), follow=True)


def page_text(response) -> str:
    return response.content.decode()


# The good path ------------------------------------------------------------------------------


def test_it_imports_a_good_members_file_and_seats_members_per_quanyuan_ruwei(office, org):
    before = Member.objects.count()
    batch = preview(office, xlsx(GOOD_ROWS))

    # The preview saved nothing but the batch.
    assert Member.objects.count() == before
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert (batch.total_rows, batch.new_rows, batch.error_count) == (3, 3, 0)
    assert batch.created_by == org.office and len(batch.sha256) == 64
    page = office.get(reverse("portal:import_preview", args=[batch.pk]))
    assert page.context["can_confirm"] is True
    assert "编入「经济委员会」，自 2022-01-01" in page_text(page)
    assert "编入「提案委员会」，自 2023-03-01" in page_text(page)

    response = confirm(office, batch)
    assert "导入完成：新增 3 行" in page_text(response)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CONFIRMED
    assert batch.finished_at is not None and batch.new_rows == 3

    zhang = Member.objects.get(body=org.body, code="W1001")
    assert zhang.ethnicity == "汉族" and zhang.is_standing is False
    assert [s.committee for s in zhang.memberships.all()] == [org.economy]
    assert MemberTerm.objects.get(member=zhang).term == org.term
    li = Member.objects.get(body=org.body, code="W1002")
    assert (li.gender, li.affiliation, li.democratic_party) == ("female", "democratic", "cdl")
    assert li.is_standing is True and li.birth_date == dt.date(1975, 6, 1)
    seat = li.memberships.get()
    assert (seat.committee, seat.start_date) == (org.proposals, dt.date(2023, 3, 1))
    wang = Member.objects.get(body=org.body, code="W1003")
    assert (wang.ethnicity, wang.phone, wang.email) == ("蒙古族", "13900001111", "ww@example.cn")
    assert wang.memberships.get().committee == org.economy


def test_the_importing_user_is_recorded_in_the_history(office, org):
    confirm(office, preview(office, xlsx(GOOD_ROWS)))
    member = Member.objects.get(body=org.body, code="W1001")
    created = member.history.get(history_type="+")
    assert created.history_user == org.office
    seat = member.memberships.get()
    assert seat.history.get(history_type="+").history_user == org.office
    assert MemberTerm.objects.get(member=member).history.get().history_user == org.office


def test_the_same_file_twice_creates_no_duplicates(office, org):
    data = xlsx(GOOD_ROWS)
    confirm(office, preview(office, data))
    counts = Member.objects.count(), CommitteeMembership.objects.count()

    second = preview(office, data)
    assert (second.new_rows, second.updated_rows, second.unchanged_rows) == (0, 0, 3)
    page = office.get(reverse("portal:import_preview", args=[second.pk]))
    assert "同一文件已于" in page_text(page)
    confirm(office, second)
    second.refresh_from_db()
    assert second.status == ImportBatch.Status.CONFIRMED
    assert (second.new_rows, second.unchanged_rows) == (0, 3)
    assert (Member.objects.count(), CommitteeMembership.objects.count()) == counts


def test_an_existing_member_is_updated_without_being_enrolled_again(office, org):
    row = member_row("W0001", "周委员", 手机号码="13911112222", 所在专委会="提案委员会")
    batch = preview(office, xlsx([row]))
    assert (batch.new_rows, batch.updated_rows) == (0, 1)
    page = office.get(reverse("portal:import_preview", args=[batch.pk]))
    assert "修改：手机号码" in page_text(page)
    confirm(office, batch)
    member = Member.objects.get(pk=org.member.pk)
    assert member.phone == "13911112222"
    assert member.version == org.member.version + 1
    assert [s.committee for s in member.memberships.all()] == [org.economy]
    assert member.history.latest().history_user == org.office


# Row errors ---------------------------------------------------------------------------------


def test_a_bad_row_in_the_middle_saves_nothing_and_is_named_by_row_and_column(office, org):
    rows = [member_row(f"W20{i:02d}", f"委员{i}") for i in range(5)]
    rows[3]["界别"] = "文艺界x"  # the fourth data row: Excel row 5
    before = Member.objects.count()
    batch = preview(office, xlsx(rows))
    assert (batch.new_rows, batch.error_count) == (4, 1)

    page = office.get(reverse("portal:import_preview", args=[batch.pk]))
    assert "第 5 行「界别」：找不到界别“文艺界x”。" in page_text(page)
    assert page.context["can_confirm"] is False
    assert "请按下列提示修改 Excel 文件，然后重新上传" in page_text(page)
    assert Member.objects.count() == before


def test_confirming_a_file_with_errors_saves_nothing(office, org):
    rows = [member_row("W3001", "甲"), member_row("W3002", "乙", "不存在的界别")]
    batch = preview(office, xlsx(rows))
    before = Member.objects.count(), CommitteeMembership.objects.count()

    response = confirm(office, batch)
    assert "没有保存任何数据" in page_text(response)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.finished_at is None
    assert (Member.objects.count(), CommitteeMembership.objects.count()) == before
    assert not TransitionLog.objects.filter(object_id=batch.pk, to_state="confirmed").exists()


def test_confirm_validates_again_and_rolls_back_everything(office, org):
    """The data changed between preview and confirm: the real run finds the error, and
    the rows before it are not kept either."""
    rows = [member_row("W3101", "甲"), member_row("W3102", "乙", "教育界")]
    batch = preview(office, xlsx(rows))
    assert batch.error_count == 0
    Sector.objects.filter(pk=org.education_sector.pk).update(name="教育界（新）")

    response = confirm(office, batch)
    assert "没有保存任何数据" in page_text(response)
    assert not Member.objects.filter(code__in=["W3101", "W3102"]).exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.error_count == 1
    assert "第 3 行「界别」：找不到界别“教育界”。" in page_text(response)


def test_a_quanyuan_ruwei_violation_is_a_row_error(office, org):
    rows = [member_row("W4001", "甲", 所在专委会="教科卫体委员会")]
    batch = preview(office, xlsx(rows))
    assert batch.error_count == 1
    (issue,) = imports.report_of(batch).issues
    assert (issue.line, issue.column) == (2, "所在专委会")
    assert "全员入委" in issue.message and "经济委员会" in issue.message
    assert not Member.objects.filter(code="W4001").exists()


def test_cell_errors_are_chinese_and_scoped_to_the_body(office, org, other_org):
    Sector.objects.create(body=other_org.body, name="特邀界")
    rows = [
        member_row("W5001", "甲", 性别="M"),
        member_row("W5002", "乙", 政治面貌="民主党派"),
        member_row("W5003", "丙", 所属党派="民盟"),
        member_row("W5004", "丁", 电子邮箱="not-an-email"),
        member_row("W5005", "戊", 出生日期="1970-13-01", 常委="Y"),
        member_row("W5006", "己", "特邀界"),
        member_row("W5007", "庚", 届次="第九届", 任职开始日期="2030-01-01"),
        member_row("W5008", "", 任职开始日期="2021-06-01"),
        member_row("W5001", "辛"),
    ]
    batch = preview(office, xlsx(rows))
    texts = [issue.text for issue in imports.report_of(batch).issues]
    expected = [
        "第 2 行「性别」：“M”不是可选的值，请填写男、女之一。",
        "第 3 行「所属党派」：政治面貌为“民主党派”时必须填写所属党派。",
        "第 4 行「所属党派」：只有政治面貌为“民主党派”时才填写所属党派。",
        "第 5 行「电子邮箱」：输入一个有效的 Email 地址。",
        "第 6 行「出生日期」：“1970-13-01”不是有效的日期，请按 2024-01-31 的格式填写。",
        "第 6 行「常委」：“Y”应填写“是”或“否”。",
        "第 7 行「界别」：找不到界别“特邀界”。",
        "第 8 行「届次」：找不到届次“第九届”。",
        "第 9 行「姓名」：必填，不能为空。",
        "第 9 行「任职开始日期」：任职开始日期 2021-06-01 "
        f"不在第四届（2022-01-01 至 {org.term.end_date.isoformat()}）内。",
        "第 10 行「委员编号」：与第 2 行重复。",
    ]  # fmt: skip
    for text in expected:
        assert text in texts
    assert all(imports.CJK.search(text) for text in texts)
    assert batch.error_count == 9


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_excel(office, org):
    rows = [
        member_row("W6001", "甲"),
        [None] * 3,
        ["  ", None, ""],
        member_row("W6002", "乙", "无"),
    ]
    batch = preview(office, xlsx(rows))
    report = imports.report_of(batch)
    assert (batch.total_rows, report.blank_rows) == (2, 2)
    assert [issue.text for issue in report.issues] == ["第 5 行「界别」：找不到界别“无”。"]


def test_the_report_is_kept_on_the_batch_and_shown_without_importing_again(
    office, org, settings, monkeypatch
):
    batch = preview(office, xlsx([member_row("W6101", "甲"), member_row("W6102", "乙", "无")]))
    assert batch.report["issues"] == [{"line": 3, "column": "界别", "message": "找不到界别“无”。"}]
    stored = settings.MEDIA_ROOT / batch.file.name
    assert list(stored.parent.iterdir()) == [stored]  # the upload alone

    def run_import(**kwargs):
        raise AssertionError("the preview page imported the file again")

    monkeypatch.setattr(imports.services, "run_import", run_import)
    page = page_text(office.get(reverse("portal:import_preview", args=[batch.pk])))
    assert "第 3 行「界别」：找不到界别“无”。" in page and "W6101 甲" in page


# Refused files --------------------------------------------------------------------------------


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


def test_the_list_shows_the_bodys_batches_in_constant_queries(office, org):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = office.get(reverse("portal:import_list"))
        assert response.status_code == 200
        return len(captured)

    data = xlsx(GOOD_ROWS)
    for _ in range(2):
        preview(office, data)
    office.get(reverse("portal:import_list"))
    small = queries()
    for _ in range(5):
        preview(office, data)
    assert queries() == small
    page = page_text(office.get(reverse("portal:import_list")))
    assert "名单.xlsx" in page and "办公室张主任" in page and "待确认" in page


@pytest.mark.parametrize(
    "kind,headers", [("members", MEMBER_HEADERS), ("departments", DEPARTMENT_HEADERS)]
)
def test_the_template_is_an_xlsx_with_the_headers_and_a_help_sheet(office, org, kind, headers):
    response = office.get(reverse("portal:import_template", args=[kind]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    first, help_sheet = workbook.worksheets
    assert [cell.value for cell in first[1]] == headers
    assert first.max_row == 1  # headers only, no example row
    assert help_sheet.title == "说明"
    help_text = "\n".join(str(c.value) for row in help_sheet.iter_rows() for c in row if c.value)
    for header in headers:
        assert header in help_text
    if kind == "members":
        assert "经济界、教育界" in help_text and "民革、民盟" in help_text


def test_a_filled_in_template_imports(office, org):
    response = office.get(reverse("portal:import_template", args=["members"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    workbook.worksheets[0].append(["W7001", "甲", "女", None, None, "中共党员", None, "教育界"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = preview(office, buffer.getvalue())
    assert (batch.new_rows, batch.error_count) == (1, 0)
    confirm(office, batch)
    member = Member.objects.get(code="W7001")
    assert member.affiliation == "cpc" and member.memberships.get().committee == org.education


# Departments --------------------------------------------------------------------------------


def test_it_imports_departments_and_matches_them_by_name(office, org):
    rows = [
        {"单位名称": "市教育局", "联系人": "赵科长", "联系电话": "0477-8888888"},
        {"单位名称": " 市财政局 "},
        {"单位名称": "市委宣传部", "类型": "党委部门", "提案承办单位": "否", "地址": "康巴什区"},
    ]
    data = xlsx(rows, DEPARTMENT_HEADERS)
    batch = preview(office, data, kind="departments")
    assert (batch.new_rows, batch.updated_rows, batch.error_count) == (2, 1, 0)
    confirm(office, batch)

    education = Department.objects.get(pk=org.other_department.pk)
    assert (education.contact_person, education.contact_phone) == ("赵科长", "0477-8888888")
    finance = Department.objects.get(body=org.body, name="市财政局")
    assert (finance.kind, finance.is_handling_unit) == ("government", True)
    propaganda = Department.objects.get(body=org.body, name="市委宣传部")
    assert (propaganda.kind, propaganda.is_handling_unit) == ("party", False)
    assert propaganda.history.get().history_user == org.office

    count = Department.objects.count()
    second = preview(office, data, kind="departments")
    assert (second.new_rows, second.updated_rows, second.unchanged_rows) == (0, 0, 3)
    confirm(office, second)
    assert Department.objects.count() == count


def test_department_errors_name_row_and_column(office, org):
    rows = [{"单位名称": "市民政局", "类型": "部委"}, {"单位名称": "", "联系人": "某人"}]
    batch = preview(office, xlsx(rows, DEPARTMENT_HEADERS), kind="departments")
    texts = [issue.text for issue in imports.report_of(batch).issues]
    assert texts == [
        "第 2 行「类型」：“部委”不是可选的值，请填写党委部门、政府部门、人大机关、司法机关、"
        "群团组织、企事业单位、其他之一。",
        "第 3 行「单位名称」：必填，不能为空。",
    ]
    confirm(office, batch)
    assert not Department.objects.filter(name="市民政局").exists()


# Bulk: constant queries, the preview's plan applied on confirm ------------------------------


def _count(fn):
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return result, len(captured)


def _service_preview(org, rows, by):
    upload = SimpleUploadedFile("名单.xlsx", xlsx(rows), content_type=XLSX)
    return imports.import_preview(body=org.body, kind="members", upload=upload, by=by)


def test_preview_and_confirm_take_the_same_queries_for_50_rows_as_for_500(org):
    """Rows are checked against records loaded once and written in batches of 500 (history,
    term seats and committee seats included): no query per row."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(ImportBatch, Member)  # cached, as in a running server
    counts = {}
    for size in (50, 500):
        rows = [member_row(f"Q{size}-{i:04d}", f"委员{i}") for i in range(size)]
        # One existing member in each file, changed: an update beside the new rows.
        rows.append(member_row("W0001", "周委员", 手机号码=f"1390000{size:04d}"))
        by = User.objects.get(pk=org.office.pk)  # its permissions not cached yet
        batch, preview_queries = _count(lambda rows=rows, by=by: _service_preview(org, rows, by))
        assert (batch.new_rows, batch.updated_rows, batch.error_count) == (size, 1, 0)
        _, confirm_queries = _count(lambda b=batch, by=by: imports.import_confirm(batch=b, by=by))
        counts[size] = (preview_queries, confirm_queries)
        assert Member.objects.filter(code__startswith=f"Q{size}-").count() == size
        assert (
            CommitteeMembership.objects.filter(member__code__startswith=f"Q{size}-").count() == size
        )
        assert Member.history.filter(code__startswith=f"Q{size}-", history_type="+").count() == size
    if connection.vendor == "postgresql":
        assert counts[50] == counts[500], counts
        assert max(counts[500]) < 60
    else:  # SQLite caps the parameters of one INSERT: more, smaller batches, still not per row
        assert counts[50][0] == counts[500][0] and counts[500][1] < 100, counts


def test_confirm_applies_the_previews_plan_without_reading_the_file_again(office, org, monkeypatch):
    batch = preview(
        office, xlsx([*GOOD_ROWS, member_row("W0001", "周委员", 手机号码="13911112222")])
    )
    assert batch.plan["state"] and len(batch.plan["entries"]) == 4

    def read_sheet(*args, **kwargs):
        raise AssertionError("the confirm read the file again")

    monkeypatch.setattr(imports.services, "read_sheet", read_sheet)
    response = confirm(office, batch)
    assert "导入完成：新增 3 行，更新 1 行" in page_text(response)
    li = Member.objects.get(body=org.body, code="W1002")
    seat = li.memberships.get()
    assert (seat.committee, seat.start_date) == (org.proposals, dt.date(2023, 3, 1))
    assert li.terms.get().start_date == dt.date(2023, 3, 1)
    zhou = Member.objects.get(pk=org.member.pk)
    assert (zhou.phone, zhou.version) == ("13911112222", org.member.version + 1)
    assert zhou.history.latest().history_user == org.office
    batch.refresh_from_db()
    assert batch.plan == {} and batch.status == ImportBatch.Status.CONFIRMED


def test_a_member_changed_after_the_preview_is_imported_from_the_file_again(office, org):
    """The plan's state no longer holds: the confirm checks the file again against the
    member as he is now, and keeps the other office's change of another column."""
    headers = ["委员编号", "姓名", "性别", "政治面貌", "界别", "手机号码"]  # no 通讯地址
    row = member_row("W0001", "周委员", 手机号码="13911112222")
    batch = preview(office, xlsx([row], headers))
    Member.objects.filter(pk=org.member.pk).update(address="新地址", version=7)

    response = confirm(office, batch)
    assert "导入完成：新增 0 行，更新 1 行" in page_text(response)
    zhou = Member.objects.get(pk=org.member.pk)
    assert (zhou.phone, zhou.address, zhou.version) == ("13911112222", "新地址", 8)


def test_a_row_refused_by_the_services_on_confirm_saves_nothing(office, org):
    """A sector change goes through member_update (it moves the committee seat); when it
    is refused at confirm time, the new rows of the plan are not kept either."""
    rows = [member_row("W7001", "甲"), member_row("W0001", "周委员", "教育界")]
    batch = preview(office, xlsx(rows))
    assert (batch.new_rows, batch.updated_rows, batch.error_count) == (1, 1, 0)
    # The plan's member_update expects a version the member no longer has (a plan kept
    # across another save: its version check refuses the row).
    service = next(e for e in batch.plan["entries"] if e["op"] == "service")
    service["version"] += 1
    ImportBatch.objects.filter(pk=batch.pk).update(plan=batch.plan)

    response = confirm(office, batch)
    assert "没有保存任何数据" in page_text(response)
    assert "已被他人修改" in page_text(response)
    assert not Member.objects.filter(code="W7001").exists()
    assert Member.objects.get(pk=org.member.pk).sector == org.economy_sector
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_a_sector_change_moves_the_members_committee_seat(office, org):
    batch = preview(office, xlsx([member_row("W0001", "周委员", "教育界")]))
    assert batch.updated_rows == 1
    confirm(office, batch)
    zhou = Member.objects.get(pk=org.member.pk)
    assert zhou.sector == org.education_sector
    current = zhou.memberships.filter(end_date__isnull=True).get()
    assert current.committee == org.education_group.committee


def test_uploading_the_same_file_again_reuses_the_preview_while_nothing_changed(
    office, org, monkeypatch
):
    data = xlsx(GOOD_ROWS)
    first = preview(office, data)

    def read_sheet(*args, **kwargs):
        raise AssertionError("the same file was read again")

    with monkeypatch.context() as patched:
        patched.setattr(imports.services, "read_sheet", read_sheet)
        second = preview(office, data)
    assert second.pk != first.pk and second.plan == first.plan
    assert (second.new_rows, second.report) == (3, first.report)

    Sector.objects.filter(pk=org.economy_sector.pk).update(name="经济界（新）")
    third = preview(office, data)  # read and checked again: the sector is gone
    assert third.error_count == 2 and third.plan == {}
    confirm(office, second)  # the plan no longer holds: checked again, refused
    assert not Member.objects.filter(code="W1002").exists()


def test_a_bulk_import_bumps_the_caches_watching_members(office, org):
    from django.core.cache import cache

    from evaluation.cache import BOARDS

    cache.set(BOARDS.version_key, 5, timeout=None)
    confirm(office, preview(office, xlsx(GOOD_ROWS)))
    assert cache.get(BOARDS.version_key) > 5
