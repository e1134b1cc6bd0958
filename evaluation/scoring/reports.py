"""履职报告表 (Q23, source article 14): a member's annual report, pre-filled from his
履职档案, submitted by him and confirmed (or returned) by his committee's staff or the office.
Also the quota counter that makes Q23 live on the quota board."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Member
from portal.models import User
from portal.registry import Counter

from ..dossier import member_dossier
from ..models import PerformanceReport
from .workflow import REPORT

P = PerformanceReport.Status
MEMBER_FIELDS = ("summary", "other_work", "standing_report")


def facts_of(member: Member, year: int) -> list[dict[str, Any]]:
    """The counts of the member's 档案 for the year: [{"label", "total", "by_role"}]."""
    dossier = member_dossier(member, year, with_score=False)
    return [
        {
            "label": section.label,
            "total": section.total,
            "by_role": [[label, n] for label, n in section.counts],
        }
        for section in dossier.sections
    ]


def report_open(*, member: Member, year: int, by: User) -> PerformanceReport:
    """The member's report of the year; a new one (not saved: a GET writes nothing) is
    pre-filled from his 档案, and so is a draft, with today's counts."""
    if getattr(by, "member", None) is None or by.member.pk != member.pk:
        raise PermissionDenied
    report = PerformanceReport.objects.filter(member=member, year=year).first()
    if report is None:
        report = PerformanceReport(member=member, year=year)
    if report.is_editable:
        report.facts = facts_of(member, year)
    return report


def _locked(report: PerformanceReport) -> PerformanceReport:
    return PerformanceReport.objects.select_for_update().select_related("member").get(pk=report.pk)


@transaction.atomic
def report_save(
    *, report: PerformanceReport, data: dict[str, Any], by: User, submit: bool = False
) -> PerformanceReport:
    if getattr(by, "member", None) is None or by.member.pk != report.member_id:
        raise PermissionDenied
    if report.pk is None:
        report, _created = PerformanceReport.objects.get_or_create(
            member_id=report.member_id, year=report.year
        )
    report = _locked(report)
    if not report.is_editable:
        raise ValidationError(_("履职报告表已提交，不能修改。"))
    for name in MEMBER_FIELDS:
        if name in data:
            setattr(report, name, data[name].strip())
    if not report.member.is_standing:
        report.standing_report = ""
    report.facts = facts_of(report.member, report.year)
    fields = [*MEMBER_FIELDS, "facts"]
    if submit:
        if not report.summary:
            raise ValidationError(_("请填写履职情况自述后再提交。"))
        if report.member.is_standing and not report.standing_report:
            raise ValidationError(_("常委请填写年度履职报告后再提交。"))
        REPORT.move(report, P.SUBMITTED, by=by)
        report.submitted_at = timezone.now()
        fields += ["status", "submitted_at"]
    report.save(update_fields=fields)
    return report


@transaction.atomic
def report_review(
    *,
    report: PerformanceReport,
    by: User,
    confirm: bool,
    comment: str = "",
    account_date: dt.date | None = None,
    party_comments: str = "",
) -> PerformanceReport:
    """Staff or the office confirm the report (for a standing member, with the date of his
    述职 and the party-member standing members' comments) or return it with a reason."""
    report = _locked(report)
    target = P.CONFIRMED if confirm else P.RETURNED
    if confirm and report.member.is_standing and account_date is None:
        raise ValidationError(_("常委的履职报告表请填写述职日期。"))
    REPORT.move(report, target, by=by, comment=comment)
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    report.review_comment = comment.strip()
    fields = ["status", "reviewed_by", "reviewed_at", "review_comment"]
    if confirm and report.member.is_standing:
        report.account_date = account_date
        report.party_comments = party_comments.strip()
        fields += ["account_date", "party_comments"]
    report.save(update_fields=fields)
    return report


def count_reports(body_id: int, start: dt.datetime, end: dt.datetime, day: dt.date) -> dict:
    """Quota counter "performance_reports" (Q23): per member, 1 when his report of the
    period's year has been submitted (or confirmed); per committee (his seat on `day`) and
    body, how many. One query."""
    from django.db.models import OuterRef, Subquery

    from members.models import CommitteeMembership

    seat = CommitteeMembership.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day),
        member_id=OuterRef("member_id"),
        start_date__lte=day,
    ).values("committee_id")[:1]
    rows = PerformanceReport.objects.filter(
        member__body_id=body_id,
        year=timezone.localtime(start).year,
        status__in=[P.SUBMITTED, P.CONFIRMED],
    ).values_list("member_id", Subquery(seat))
    result: dict[tuple[str, int], int] = {}
    for member_id, committee_id in rows:
        result[("member", member_id)] = 1
        if committee_id is not None:
            key = ("committee", committee_id)
            result[key] = result.get(key, 0) + 1
    result[("body", body_id)] = sum(1 for unit, _pk in result if unit == "member")
    return result


COUNTER = Counter(
    key="performance_reports",
    label=gettext_lazy("履职报告表"),
    count=count_reports,
    explanation=gettext_lazy("本年度已提交（或已确认）履职报告表的委员"),
    models=("evaluation.PerformanceReport",),
    order=50,
)
