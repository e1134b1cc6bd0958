"""One 社情民意 item's page: its text beside the edits, the history, the actions its reader may
take."""

from __future__ import annotations

import difflib

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.workflow import transitions_of

from .. import access, services
from ..forms import (
    AdoptionForm,
    AttachmentForm,
    DecisionForm,
    ForwardForm,
    InstructionForm,
)
from ..models import Author, Report
from ..selectors import (
    authors_of,
    credited_adoptions,
    credited_instructions,
    get_report_for,
    similar_reports,
)
from ..workflow import REPORT
from .common import S


def _diff(original: str, edited: str) -> str:
    """Character diff of the authors' text and the editors' version, as safe HTML."""
    if not edited or edited == original:
        return ""
    out = []
    matcher = difflib.SequenceMatcher(a=original, b=edited, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(original[a1:a2]))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(original[a1:a2])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(edited[b1:b2])}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def _diffs(report: Report) -> list[tuple[str, str]]:
    pairs = [
        (_("标题"), report.title, report.edited_title),
        (_("基本情况"), report.situation, report.edited_situation),
        (_("问题分析"), report.analysis, report.edited_analysis),
        (_("意见建议"), report.suggestions, report.edited_suggestions),
    ]
    return [(label, _diff(a, b)) for label, a, b in pairs if b and a != b]


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for(request.user, pk)
    return _render_detail(request, report)


def _render_detail(
    request: HttpRequest, report: Report, status: int = 200, **forms
) -> HttpResponse:
    user = request.user
    powers = access.powers_of(user)
    edits = access.edits(report, user)
    writes = access.writes(report, user)
    editable = writes and report.status in Report.EDITABLE_STATES
    authors = authors_of(report)
    mine = next(
        (a for a in authors if powers.member_id is not None and a.member_id == powers.member_id),
        None,
    )
    context = {
        "report": report,
        "authors": authors,
        "my_invitation": mine if mine and mine.status == Author.Status.INVITED
        and report.status == S.AWAITING_COAUTHORS else None,
        "writes": writes,
        "edits": edits,
        "attachments": list(report.attachments.all()),
        "adoptions": credited_adoptions(report),
        "instructions": credited_instructions(report),
        "diffs": _diffs(report) if report.is_edited else [],
        "log": [(e, S(e.to_state).label if e.to_state in S.values else e.to_state)
                for e in transitions_of(report)],
        "can_submit": writes and REPORT.can(report, S.SUBMITTED, user)
        or writes and REPORT.can(report, S.AWAITING_COAUTHORS, user),
        "can_recall": writes and REPORT.can(report, S.DRAFT, user),
        "can_withdraw": writes and REPORT.can(report, S.WITHDRAWN, user),
        "can_edit_text": editable,
        "attachment_form": AttachmentForm() if editable else None,
        "similar": similar_reports(
            user, title=report.title, body_text=report.situation + report.suggestions,
            exclude_pk=report.pk,
        ) if report.status in (S.DRAFT, S.SUBMITTED, S.RETURNED) else [],
    }  # fmt: skip
    if edits:
        context |= {
            "decision_form": forms.get("decision_form")
            or (DecisionForm(body_id=report.body_id) if report.status == S.SUBMITTED else None),
            "can_revise": report.status in services.EDITABLE_BY_EDITORS,
            "adoption_form": forms.get("adoption_form")
            or (AdoptionForm(body_id=report.body_id, initial={"adopted_on": timezone.localdate()})
                if report.status in services.ADOPTABLE else None),
            "instruction_form": forms.get("instruction_form")
            or (InstructionForm(initial={"instructed_on": timezone.localdate()})
                if report.status not in (*Report.UNSUBMITTED_STATES, S.SUBMITTED, S.RETURNED,
                                         S.REJECTED, S.WITHDRAWN, S.MERGED) else None),
            "forward_form": forms.get("forward_form")
            or (ForwardForm(targets=services.forward_targets(report.body_id))
                if report.status in services.FORWARDABLE else None),
            "forwardings": list(report.forwardings.select_related("to_body", "copy")),
        }  # fmt: skip
    return render(request, "public_opinion/report_detail.html", context, status=status)
