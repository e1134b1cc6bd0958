"""The office's spreadsheet imports: templates, departments, and the bulk path (constant
queries, the preview's plan applied on confirm, stale plans checked again, caches told)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from members.models import CommitteeMembership, Member
from organisation.models import Department, Sector
from portal import imports
from portal.models import ImportBatch, User

from .imports_helpers import (
    DEPARTMENT_HEADERS,
    GOOD_ROWS,
    MEMBER_HEADERS,
    XLSX,
    confirm,
    member_row,
    page_text,
    preview,
    xlsx,
)


@pytest.fixture
def office(client, org):
    client.force_login(org.office)
    return client


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
        by = User.objects.get(pk=org.office.pk)  # its permissions not cached yet,
        cache.clear()  # nor kept in the shared cache (portal.backends)
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
