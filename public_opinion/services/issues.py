"""Issues of 《社情民意》: drafting, choosing the entries, the PDF, publishing."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Body
from portal.models import User
from portal.pdf import render_pdf

from .. import access
from ..models import (
    Adoption,
    AdoptionLevel,
    Issue,
    IssueEntry,
    Report,
)
from ..workflow import ISSUE, REPORT
from .common import S, _save, _tell_many

# ---- issues of 《社情民意》 ------------------------------------------------------------------


@transaction.atomic
def issue_create(
    *,
    body_id: int,
    year: int,
    signer: str,
    recipients: str,
    to_members: bool = True,
    note: str = "",
    by: User,
) -> Issue:
    if by.body_id != body_id or not access.powers_of(by).edits:
        raise PermissionDenied
    if not signer.strip() or not recipients.strip():
        raise ValidationError(_("请填写签发人和报送范围。"))
    Body.objects.select_for_update().get(pk=body_id)  # one new number at a time
    last = Issue.objects.filter(body_id=body_id, year=year).aggregate(m=Max("number"))["m"] or 0
    issue = Issue(
        body_id=body_id,
        year=year,
        number=last + 1,
        signer=signer.strip(),
        recipients=recipients.strip(),
        to_members=to_members,
        note=note.strip(),
        created_by=by,
    )
    issue._history_user = by
    issue.save()
    return issue


def _lock_issue_draft(issue: Issue, by: User) -> Issue:
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if by.body_id != issue.body_id or not access.powers_of(by).edits:
        raise PermissionDenied
    if issue.status != Issue.Status.DRAFT:
        raise ValidationError(_("本期已印发，不能再修改。"))
    return issue


@transaction.atomic
def issue_set_entries(*, issue: Issue, report_ids: Sequence[int], by: User) -> Issue:
    """The issue's items in this order: accepted items of the body, each once."""
    issue = _lock_issue_draft(issue, by)
    if len(set(report_ids)) != len(report_ids):
        raise ValidationError(_("同一条信息不能在一期中出现两次。"))
    found = set(
        Report.objects.filter(
            pk__in=report_ids, body_id=issue.body_id, status=S.ACCEPTED
        ).values_list("pk", flat=True)
    )
    missing = [pk for pk in report_ids if pk not in found]
    if missing:
        raise ValidationError(_("只能编入本级政协已受理、尚未编发的信息。"))
    IssueEntry.objects.filter(issue=issue).delete()
    IssueEntry.objects.bulk_create(
        [IssueEntry(issue=issue, report_id=pk, order=i + 1) for i, pk in enumerate(report_ids)]
    )
    return issue


def issue_context(issue: Issue) -> dict:
    """What the PDF of an issue shows (also for its preview)."""
    entries = list(
        issue.entries.select_related("report").prefetch_related("report__authors__member")
    )
    return {"issue": issue, "entries": entries, "body": Body.objects.get(pk=issue.body_id)}


def issue_pdf(issue: Issue) -> bytes:
    return render_pdf(render_to_string("public_opinion/issue_pdf.html", issue_context(issue)))


@transaction.atomic
def issue_publish(*, issue: Issue, by: User) -> Issue:
    """印发: the PDF is made and kept as published; each item goes to 已编发 and gets its
    市政协编发 adoption (the body's level with code city_bulletin, when it has one)."""
    issue = _lock_issue_draft(issue, by)
    entries = list(issue.entries.select_related("report"))
    if not entries:
        raise ValidationError(_("本期还没有编入信息。"))
    ISSUE.move(issue, Issue.Status.PUBLISHED, by=by)
    issue.published_at = timezone.now()
    level = AdoptionLevel.objects.filter(
        body_id=issue.body_id, code="city_bulletin", is_active=True
    ).first()
    reports = list(Report.objects.select_for_update().filter(pk__in=[e.report_id for e in entries]))
    for report in reports:
        REPORT.move(report, S.PUBLISHED, by=by, comment=str(issue))
        _save(report, by, ["status"])
        if level is not None:
            adoption = Adoption(
                report=report,
                level=level,
                adopted_on=timezone.localdate(),
                outlet=str(issue),
                recorded_by=by,
            )
            adoption._history_user = by
            adoption.save()
    _tell_many(reports, lambda _r: _("您的社情民意信息已编入%(i)s") % {"i": issue})
    pdf = issue_pdf(issue)
    issue.pdf.save(f"{issue.body_id}-{issue.year}-{issue.number}.pdf", ContentFile(pdf), save=False)
    issue._history_user = by
    issue.save(update_fields=["status", "published_at", "pdf"])
    return issue
