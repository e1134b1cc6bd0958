"""Pages of the committees' annual evaluation (§19, issue 15): the office computes every
committee's score for a year and freezes it; the ranking (with the year's awards) and each
committee's lines, each linked to its record. Committee staff read a frozen year's ranking
and their own committees' lines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisation.access import is_office, office_required
from portal.feedback import run_service
from portal.workflow import transitions_of

from ..committee_scoring import access, selectors, services
from ..committee_scoring.workflow import COMMITTEE_RUN


@require_POST
@office_required
def committee_run_compute(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        messages.error(request, _("请填写正确的年度。"))
        return redirect("evaluation:scoring_home")
    if run_service(
        request,
        lambda: services.run_compute(body_id=request.user.body_id, year=year, by=request.user),
        _("%(year)s年度专委会得分已计算。") % {"year": year},
    ):
        return redirect("evaluation:committee_ranking", year=year)
    return redirect("evaluation:scoring_home")


@login_required
def committee_ranking(request: HttpRequest, year: int) -> HttpResponse:
    run = access.get_run(request.user, year)
    office = is_office(request.user)
    return render(
        request,
        "evaluation/committees/ranking.html",
        {
            "run": run,
            "office": office,
            "scores": selectors.ranking(run),
            "own": access.staff_committee_ids(request.user),
            "rules": run.rule_set.rules.all(),
            "awards": selectors.awards_of(run.body_id, run.year),
            "actions": COMMITTEE_RUN.available(run, request.user) if office else [],
            "log": transitions_of(run) if office else [],
        },
    )


@require_POST
@office_required
def committee_run_freeze(request: HttpRequest, year: int) -> HttpResponse:
    run = access.get_run(request.user, year)
    run_service(
        request,
        lambda: services.run_freeze(run=run, by=request.user),
        _("%(year)s年度专委会考评已冻结。") % {"year": year},
    )
    return redirect("evaluation:committee_ranking", year=year)


@login_required
def committee_score(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """One committee's score lines: base, each record with its points, caps."""
    run = access.get_run(request.user, year)
    committee = access.get_scored_committee(request.user, run, pk)
    score = run.scores.filter(committee=committee).first()
    if score is None:
        raise Http404
    lines = selectors.committee_lines(run, committee.pk)
    return render(
        request,
        "evaluation/committees/score.html",
        {
            "run": run,
            "committee": committee,
            "score": score,
            "lines": lines,
            "total": selectors.line_total(lines),
            "awards": selectors.awards_of(run.body_id, run.year).filter(committee=committee),
        },
    )


@login_required
def committee_quota_result(request: HttpRequest, pk: int) -> HttpResponse:
    """A quota line's record: the committee's board of that year."""
    result = access.get_quota_result(request.user, pk)
    from django.urls import reverse

    url = reverse("evaluation:board_committee", args=[result.committee_id])
    return redirect(f"{url}?year={result.run.year}")
