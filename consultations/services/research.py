"""协商 research before a meeting and its reports."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User
from portal.services import notifications_close

from ..access import works_in
from ..models import (
    Consultation,
    Research,
    ResearchReport,
)
from ..workflow import (
    REPORT,
    RESEARCH,
)
from .common import REPORT_REVIEW_TASK, _locked, _save, _text
from .meetings import _ask, _manages

# ---- research -------------------------------------------------------------------------------


def _researching(consultation: Consultation) -> None:
    if consultation.status != Consultation.Status.RESEARCHING:
        raise ValidationError(_("协商会议已安排或已结束，调研记录不能再变更。"))


@transaction.atomic
def research_add(
    *,
    consultation: Consultation,
    kind: str,
    title: str,
    starts_on: dt.date,
    by: User,
    place: str = "",
) -> Research:
    consultation = _locked(consultation)
    _manages(consultation, by)
    _researching(consultation)
    research = Research(
        consultation=consultation,
        kind=Research.Kind(kind),
        title=_text(title, _("调研内容"), 200),
        place=place.strip()[:200],
        starts_on=starts_on,
    )
    _save(research, by)
    return research


@transaction.atomic
def research_move(
    *, research: Research, target: str, by: User, summary: str = "", comment: str = ""
) -> Research:
    research = _locked(research)
    fields = ["status"]
    if target == Research.Status.HELD:
        if research.starts_on > timezone.localdate():
            raise ValidationError(_("调研日期还没到，不能登记为已开展。"))
        research.summary = _text(summary, _("调研情况"))
        fields.append("summary")
    RESEARCH.move(research, target, by=by, comment=comment)
    _save(research, by, fields)
    return research


@transaction.atomic
def report_save(
    *,
    consultation: Consultation,
    title: str,
    text: str,
    by: User,
    report: ResearchReport | None = None,
) -> ResearchReport:
    """Draft (or edit a draft or returned) research report; the committee's staff write it."""
    consultation = _locked(consultation)
    if not works_in(consultation.committee, by):
        raise PermissionDenied
    _researching(consultation)
    if report is None:
        report = ResearchReport(consultation=consultation)
    elif report.consultation_id != consultation.pk or report.status not in (
        ResearchReport.Status.DRAFT,
        ResearchReport.Status.RETURNED,
    ):
        raise ValidationError(_("已报送或已审定的调研报告不能修改。"))
    report.title = _text(title, _("标题"), 200)
    report.text = _text(text, _("正文"))
    _save(report, by)
    return report


@transaction.atomic
def report_move(
    *, report: ResearchReport, target: str, by: User, comment: str = ""
) -> ResearchReport:
    report = _locked(report)
    _researching(report.consultation)
    REPORT.move(report, target, by=by, comment=comment)
    fields = ["status"]
    if target == ResearchReport.Status.SUBMITTED:
        report.submitted_by = by
        fields.append("submitted_by")
        _ask(report, report.consultation.committee, REPORT_REVIEW_TASK, _("请审定调研报告"))
    else:
        notifications_close(target=report, task=REPORT_REVIEW_TASK)
    _save(report, by, fields)
    return report
