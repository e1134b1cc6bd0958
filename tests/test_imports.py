"""The office's spreadsheet imports (portal.imports, members/committees resources): the
good path, row and cell errors, confirm in one transaction, history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from members.models import CommitteeMembership, Member, MemberTerm
from organisation.models import Sector
from portal import imports
from portal.models import ImportBatch, TransitionLog

from .imports_helpers import (
    GOOD_ROWS,
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
