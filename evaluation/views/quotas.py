"""Pages of the quota board: the board (the office sees the whole body, staff and the
vice-chair their committees), one committee's detail, member quotas, and the office's
quota settings and evidence records."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.selectors.activities import followed_committees
from organisation.selectors import committee_access, get_committee_for
from portal.access import (
    is_office,
    office_required,
)
from portal.feedback import submit_on_page
from portal.uploads import attachment_response

from .. import services
from ..cache import cached_board
from ..forms import EvidenceForm, QuotaForm
from ..models import Quota, QuotaEvidence
from ..periods import Light, as_of_for_year
from ..selectors import effective_quotas, explain, training_gaps, visit_gaps


def _year(request: HttpRequest) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if 2000 <= year <= timezone.localdate().year else None


def _scope(request: HttpRequest) -> list[int] | None:
    """None: the whole body (office). Else the committees the user works in or oversees;
    nobody else has a board (403)."""
    if is_office(request.user):
        return None
    ids = list(followed_committees(request.user).values_list("pk", flat=True))
    if not ids:
        raise PermissionDenied
    return ids


def _years(today) -> list[int]:
    return list(range(today.year, today.year - 6, -1))


@login_required
def board(request: HttpRequest) -> HttpResponse:
    committee_ids = _scope(request)
    today = timezone.localdate()
    year = _year(request)
    day = as_of_for_year(year, today)
    result = cached_board(request.user.body, day, committee_ids=committee_ids, with_members=False)
    return render(
        request,
        "evaluation/board.html",
        {
            "board": result,
            "year": day.year,
            "years": _years(today),
            "lights": Light,
            "explanations": {q.code: explain(q) for q in result.quotas},
            "whole_body": committee_ids is None,
            "training_gaps": training_gaps(result) if committee_ids is None else [],
        },
    )


@login_required
def board_committee(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_committee_for(request.user, pk)
    if not committee_access(request.user, committee).see_roster:
        raise PermissionDenied
    today = timezone.localdate()
    day = as_of_for_year(_year(request), today)
    result = cached_board(committee.body, day, committee_ids=[committee.pk], with_members=False)
    unit = result.committees[0] if result.committees else None
    groups = [g for g in result.sector_groups if g.extra["committee_id"] == committee.pk]
    gaps = []
    term = result.periods.get(Quota.Period.TERM)
    if unit is not None and term is not None:
        visit_codes = [
            code
            for code, p in unit.progress.items()
            if p.quota.metric == Quota.Metric.VISIT_COVERAGE
        ]
        if visit_codes:
            gaps = list(visit_gaps(committee, term, day)[:200])
    explanations = {q.code: explain(q) for q in result.quotas}
    for key, progress in unit.progress.items() if unit is not None else ():
        if key not in explanations:  # the first half-year's line (Q12)
            explanations[key] = explain(progress.quota)
    return render(
        request,
        "evaluation/board_committee.html",
        {
            "committee": committee,
            "board": result,
            "unit": unit,
            "groups": groups,
            "gaps": gaps,
            "year": day.year,
            "years": _years(today),
            "explanations": explanations,
        },
    )


@login_required
def board_members(request: HttpRequest) -> HttpResponse:
    committee_ids = _scope(request)
    today = timezone.localdate()
    day = as_of_for_year(_year(request), today)
    result = cached_board(request.user.body, day, committee_ids=committee_ids)
    member_quotas = result.quotas_of(Quota.Scope.MEMBER)
    page = Paginator(result.members, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/board_members.html",
        {
            "board": result,
            "quotas": member_quotas,
            "page": page,
            "summary": result.member_summary(),
            "year": day.year,
            "years": _years(today),
            "explanations": {q.code: explain(q) for q in member_quotas},
        },
    )


# ---- the office's settings ----------------------------------------------------------------------


@office_required
def quota_list(request: HttpRequest) -> HttpResponse:
    return _quota_page(request)


def _quota_page(request: HttpRequest, evidence_form=None, status: int = 200) -> HttpResponse:
    """The quota settings; a refused completion record comes back as typed (issue 10)."""
    quotas = effective_quotas(request.user.body_id, active_only=False)
    evidence_quotas = [q for q in quotas if q.metric == Quota.Metric.EVIDENCE]
    evidence = QuotaEvidence.objects.filter(body_id=request.user.body_id).select_related(
        "recorded_by"
    )[:50]
    return render(
        request,
        "evaluation/quota_list.html",
        {
            "quotas": [(q, explain(q)) for q in quotas],
            "evidence": evidence,
            "evidence_form": evidence_form
            or (EvidenceForm(quotas=evidence_quotas) if evidence_quotas else None),
        },
        status=status,
    )


def _quota(request: HttpRequest, code: str) -> Quota:
    for quota in effective_quotas(request.user.body_id, active_only=False):
        if quota.code == code:
            return quota
    raise Http404


@office_required
def quota_edit(request: HttpRequest, code: str) -> HttpResponse:
    quota = _quota(request, code)
    form = QuotaForm(request.POST or None, quota=quota)
    if request.method == "POST" and form.is_valid():
        try:
            services.quota_update(
                quota=quota, body=request.user.body, changes=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("指标 %(code)s 已保存。") % {"code": quota.code})
            return redirect("evaluation:quota_list")
    return render(
        request,
        "evaluation/quota_form.html",
        {"form": form, "quota": quota, "explanation": explain(quota)},
    )


@require_POST
@office_required
def evidence_add(request: HttpRequest) -> HttpResponse:
    quotas = [
        q
        for q in effective_quotas(request.user.body_id, active_only=False)
        if q.metric == Quota.Metric.EVIDENCE
    ]
    return submit_on_page(
        request,
        EvidenceForm(request.POST, request.FILES, quotas=quotas),
        lambda data: services.evidence_add(
            body=request.user.body,
            quota_code=data["quota_code"],
            date=data["date"],
            title=data["title"],
            upload=data["file"],
            by=request.user,
        ),
        _("完成记录已登记。"),
        done=lambda: redirect("evaluation:quota_list"),
        again=lambda bound: _quota_page(request, bound, status=400),
    )


def _evidence(request: HttpRequest, pk: int) -> QuotaEvidence:
    return get_object_or_404(
        QuotaEvidence.objects.select_related("body"), pk=pk, body_id=request.user.body_id
    )


@office_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = _evidence(request, pk)
    return attachment_response(evidence.file, evidence.original_name, evidence.content_type)


@require_POST
@office_required
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.evidence_delete(evidence=_evidence(request, pk), by=request.user)
    messages.success(request, _("已删除。"))
    return redirect("evaluation:quota_list")
