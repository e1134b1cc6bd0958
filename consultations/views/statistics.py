"""协商 statistics, their export and the quality review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import is_office

from .. import forms, services
from ..access import oversight_role, runs_committee_work
from ..selectors import (
    get_consultation_for,
)
from .base import _attempt, _form_page
from .meetings import _back

# ---- statistics -------------------------------------------------------------------------------


def _stats_reader(request: HttpRequest) -> None:
    if not (
        is_office(request.user) or oversight_role(request.user) or runs_committee_work(request.user)
    ):
        raise PermissionDenied


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    year = int(value) if value.isdecimal() and len(value) == 4 else timezone.localdate().year
    return year


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    _stats_reader(request)
    from ..reports import statistics_rows, statistics_totals

    year = _year(request)
    rows = statistics_rows(request.user, year)
    return render(
        request,
        "consultations/statistics.html",
        {"year": year, "rows": rows, "totals": statistics_totals(rows)},
    )


@login_required
def statistics_export(request: HttpRequest) -> HttpResponse:
    _stats_reader(request)
    from ..reports import consultations_export

    return consultations_export(request.user, _year(request))


# ---- quality evaluation and PDFs --------------------------------------------------------------


@login_required
def quality(request: HttpRequest, pk: int) -> HttpResponse:
    """§9: the office scores a closed consultation on the indicators (weights are data)."""
    access = get_consultation_for(request.user, pk)
    if not is_office(request.user):
        raise PermissionDenied
    consultation = access.consultation
    indicators = services.quality_indicators()
    existing = {s.indicator_id: (s.score, s.comment) for s in consultation.quality_scores.all()}
    form = forms.QualityForm(request.POST or None, indicators=indicators, initial_scores=existing)
    if request.method == "POST" and form.is_valid():
        total = _attempt(
            form,
            lambda: services.quality_score(
                consultation=consultation, scores=form.scores(), by=request.user
            ),
        )
        if total is not None:
            messages.success(request, _("协商质量评价已保存，加权得分 %(n)d。") % {"n": total})
            return _back(pk)
    return _form_page(
        request,
        form,
        title=_("协商质量评价：%(t)s") % {"t": consultation.title},
        back=reverse("consultations:consultation_detail", args=[pk]),
        status=422 if form.errors else 200,
    )
