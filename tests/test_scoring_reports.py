"""履职报告表 (Q23): pre-filled from the 档案, written and submitted by the member, confirmed
or returned by his committee's staff (standing members: with the 述职 date and comments);
nobody else reads or decides it; the quota counter counts submitted reports."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from evaluation.models import PerformanceReport
from evaluation.scoring.reports import count_reports
from members.models import Member

from .committee_work_helpers import at, new_member
from .scoring_helpers import activity


def _year() -> int:
    return timezone.localdate().year


def test_a_get_writes_nothing_and_shows_the_counts_of_the_dossier(org, client):
    activity(org, dt.date(_year(), 1, 5), attendance={org.member: "present"})
    client.force_login(org.member_user)
    page = client.get(reverse("evaluation:my_report", args=[_year()])).content.decode()
    assert "履职活动考勤：1" in page
    assert not PerformanceReport.objects.exists()


def test_the_member_submits_and_staff_confirm(org, client):
    client.force_login(org.member_user)
    url = reverse("evaluation:my_report", args=[_year()])
    empty = client.post(url, {"summary": "", "other_work": "参加社区义诊", "submit": "1"})
    assert empty.status_code == 422 and "请填写履职情况自述" in empty.content.decode()
    assert "参加社区义诊" in empty.content.decode()  # shown again as typed
    assert not PerformanceReport.objects.exists()
    client.post(url, {"summary": "草稿", "save": "1"})
    assert PerformanceReport.objects.get().status == "draft"
    client.post(url, {"summary": "全年参加活动，提交提案两件。", "other_work": "", "submit": "1"})
    report = PerformanceReport.objects.get()
    assert report.status == "submitted" and report.facts
    assert client.post(url, {"summary": "改"}).status_code == 403
    client.force_login(org.staff)
    review = reverse("evaluation:report_review", args=[report.pk])
    bad = client.post(review, {"decision": "return", "comment": ""})
    assert bad.status_code == 422
    client.post(review, {"decision": "return", "comment": "请补充调研情况"})
    report.refresh_from_db()
    assert (report.status, report.review_comment) == ("returned", "请补充调研情况")
    client.force_login(org.member_user)
    client.post(url, {"summary": "补充：参加专题调研一次。", "submit": "1"})
    client.force_login(org.staff)
    client.post(review, {"decision": "confirm", "comment": "同意"})
    report.refresh_from_db()
    assert report.status == "confirmed" and report.reviewed_by == org.staff
    assert report.history.count() >= 4


def test_a_standing_members_report_has_the_account(org, client):
    Member.objects.filter(pk=org.member.pk).update(is_standing=True)
    client.force_login(org.member_user)
    url = reverse("evaluation:my_report", args=[_year()])
    missing = client.post(url, {"summary": "自述", "submit": "1"})
    assert "常委请填写年度履职报告" in missing.content.decode()
    client.post(url, {"summary": "自述", "standing_report": "年度履职报告全文", "submit": "1"})
    report = PerformanceReport.objects.get()
    client.force_login(org.office)
    review = reverse("evaluation:report_review", args=[report.pk])
    no_date = client.post(review, {"decision": "confirm"})
    assert "请填写述职日期" in no_date.content.decode()
    client.post(review, {"decision": "confirm", "account_date": f"{_year()}-12-20",
                         "party_comments": "履职认真"})  # fmt: skip
    report.refresh_from_db()
    assert (report.status, report.account_date, report.party_comments) == (
        "confirmed",
        dt.date(_year(), 12, 20),
        "履职认真",
    )


def test_others_cannot_read_or_decide_a_report(org, other_org, client):
    client.force_login(org.member_user)
    client.post(reverse("evaluation:my_report", args=[_year()]), {"summary": "x", "submit": "1"})
    report = PerformanceReport.objects.get()
    review = reverse("evaluation:report_review", args=[report.pk])
    client.force_login(org.other_member_user)
    assert client.get(review).status_code == 403
    teacher = new_member(org, name="教育界", sector=org.education_sector)
    assert teacher  # staff of the economy committee do not review education members
    client.force_login(other_org.office)
    assert client.post(review, {"decision": "confirm"}).status_code == 404
    report.refresh_from_db()
    assert report.status == "submitted"


def test_the_quota_counter_counts_submitted_reports(org, client):
    client.force_login(org.member_user)
    client.post(reverse("evaluation:my_report", args=[_year()]), {"summary": "x", "submit": "1"})
    start = at(dt.date(_year(), 1, 1), 0)
    counts = count_reports(
        org.body.pk, start, start.replace(year=_year() + 1), timezone.localdate()
    )
    assert counts[("member", org.member.pk)] == 1
    assert ("member", org.other_member.pk) not in counts
    assert counts[("committee", org.economy.pk)] == 1


def test_members_without_a_report_are_reminded_once_from_the_reminder_day(org, settings):
    from evaluation.scoring.tasks import send_report_reminders
    from portal.models import Notification

    year = _year()
    settings.SCORING_REPORT_REMINDER = "12-10"
    assert send_report_reminders(org.body.pk, dt.date(year, 12, 9)) == 0
    PerformanceReport.objects.create(member=org.member, year=year, status="submitted", summary="x")
    assert send_report_reminders(org.body.pk, dt.date(year, 12, 10)) == 1
    assert send_report_reminders(org.body.pk, dt.date(year, 12, 11)) == 0
    told = Notification.objects.get(title__contains="履职报告表")
    assert told.recipient == org.other_member_user
