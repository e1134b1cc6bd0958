"""Pages of a scoring run (issue 15): computing, 公示, objections, freeze, the ranking and the
annual report jobs; a member's score lines and his objection form (phone first)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisation.access import is_office, office_required
from portal.access import roles_of
from portal.feedback import form_errors, run_service
from portal.workflow import transitions_of

from ..committee_scoring.selectors import awards_of
from ..models import (
    MemberScore,
    Objection,
    ScoreLine,
    ScoringRun,
)
from ..scoring import access, selectors, services
from ..scoring.forms import (
    ObjectionForm,
    ResolveForm,
)
from ..scoring.workflow import RUN
from .common import _staff_or_office, _status
from .dossiers import links_for

S = ScoringRun.Status


# ---- the run ------------------------------------------------------------------------------


@require_POST
@office_required
def run_compute(request: HttpRequest, year: int) -> HttpResponse:
    if not 2000 <= year <= 2100:
        raise Http404
    if run_service(
        request,
        lambda: services.run_compute(body_id=request.user.body_id, year=year, by=request.user),
        _("%(year)s年度得分已计算。") % {"year": year},
    ):
        return redirect("evaluation:run_detail", year=year)
    return redirect("evaluation:scoring_home")


@require_POST
@office_required
def run_compute_year(request: HttpRequest) -> HttpResponse:
    """The form of the overview page: the year is typed in."""
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, _("请填写正确的年度。"))
        return redirect("evaluation:scoring_home")
    if not 2000 <= year <= 2100:
        messages.error(request, _("请填写正确的年度。"))
        return redirect("evaluation:scoring_home")
    return run_compute(request, year)


@login_required
def run_detail(request: HttpRequest, year: int) -> HttpResponse:
    """Ranking with grades and the score distribution: the office sees the whole body (and
    the actions of the run); a committee's staff see their members once it is public."""
    _staff_or_office(request)
    run = access.get_run(request.user, year)
    office = is_office(request.user)
    if not access.run_visible(request.user, run):
        raise Http404
    members = None if office else access.staff_members(request.user, year)
    page = Paginator(selectors.ranking(run, members), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/scoring/run_detail.html",
        {
            "run": run,
            "office": office,
            "page": page,
            "bands": selectors.distribution(run, members),
            "grades": selectors.grade_counts(run, members),
            "open_objections": selectors.open_objections(run).count() if office else 0,
            "actions": RUN.available(run, request.user) if office else [],
            "log": transitions_of(run) if office else [],
            "awards": awards_of(run.body_id, run.year),
        },
    )


@require_POST
@office_required
def run_publish(request: HttpRequest, year: int) -> HttpResponse:
    run = access.get_run(request.user, year)
    run_service(
        request,
        lambda: services.run_publish(run=run, by=request.user),
        _("得分已公示，委员可在异议期内提出异议。"),
    )
    return redirect("evaluation:run_detail", year=year)


@require_POST
@office_required
def run_withdraw(request: HttpRequest, year: int) -> HttpResponse:
    run = access.get_run(request.user, year)
    comment = request.POST.get("comment", "")
    run_service(
        request,
        lambda: services.run_withdraw(run=run, by=request.user, comment=comment),
        _("已撤回公示。"),
    )
    return redirect("evaluation:run_detail", year=year)


@require_POST
@office_required
def run_freeze(request: HttpRequest, year: int) -> HttpResponse:
    run = access.get_run(request.user, year)
    comment = request.POST.get("comment", "")
    run_service(
        request,
        lambda: services.run_freeze(run=run, by=request.user, comment=comment),
        _("%(year)s年度考评已冻结，今后规则或记录的变化不再影响本年度得分。") % {"year": year},
    )
    return redirect("evaluation:run_detail", year=year)


@require_POST
@office_required
def run_report(request: HttpRequest, year: int) -> HttpResponse:
    """The body's annual performance report (PDF), made in the background."""
    from portal.jobs import job_start

    run = access.get_run(request.user, year)
    job = job_start(
        kind="scoring_annual_report",
        title=_("%(year)s年度委员履职考评报告（PDF）") % {"year": run.year},
        params={"run_id": run.pk},
        by=request.user,
    )
    return redirect("portal:job_detail", pk=job.pk)


@require_POST
@office_required
def run_dossiers(request: HttpRequest, year: int) -> HttpResponse:
    """Every scored member's 履职档案 of the year in one PDF, made in the background."""
    from portal.jobs import job_start

    run = access.get_run(request.user, year)
    job = job_start(
        kind="scoring_all_dossiers",
        title=_("%(year)s年度全体委员履职档案（PDF）") % {"year": run.year},
        params={"run_id": run.pk},
        by=request.user,
    )
    return redirect("portal:job_detail", pk=job.pk)


# ---- objections ---------------------------------------------------------------------------


@office_required
def objection_list(request: HttpRequest, year: int) -> HttpResponse:
    run = access.get_run(request.user, year)
    objections = run.objections.select_related("member", "line", "adjustment", "resolved_by")
    return render(
        request,
        "evaluation/scoring/objection_list.html",
        {"run": run, "objections": objections},
    )


@office_required
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    objection = access.get_office_objection(request.user, pk)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_resolve(
                objection=objection,
                by=request.user,
                response=form.cleaned_data["response"],
                points=form.cleaned_data["points"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("异议已处理。"))
            return redirect("evaluation:objection_list", year=objection.run.year)
    lines = selectors.member_lines(objection.run, objection.member)
    return render(
        request,
        "evaluation/scoring/objection_resolve.html",
        {
            "objection": objection,
            "form": form,
            "lines": lines,
            "total": selectors.line_total(lines),
        },
        status=_status(form),
    )


# ---- a member's score ---------------------------------------------------------------------


@login_required
def member_score(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """A member's score lines, each linked to its record; his objection form when it is his
    own score and the 公示 is open."""
    run = access.get_run(request.user, year)
    member = access.get_member_for(request.user, pk, year)
    if not access.run_visible(request.user, run):
        raise Http404
    score = MemberScore.objects.filter(run=run, member=member).first()
    if score is None:
        raise Http404
    own = roles_of(request.user).member
    is_own = own is not None and own.pk == member.pk
    form = None
    if is_own and run.objections_open:
        form = ObjectionForm(lines=ScoreLine.objects.filter(run=run, member=member))
    lines = selectors.member_lines(run, member)
    return render(
        request,
        "evaluation/scoring/member_score.html",
        {
            "run": run,
            "member": member,
            "score": score,
            "lines": lines,
            "total": selectors.line_total(lines),
            "is_own": is_own,
            "links": links_for(request.user, member),
            "form": form,
            "objections": Objection.objects.filter(run=run, member=member).select_related(
                "line", "adjustment"
            ),
        },
    )


@require_POST
@login_required
def objection_file(request: HttpRequest, year: int) -> HttpResponse:
    """A member files an objection against his own score."""
    member = roles_of(request.user).member
    if member is None:
        raise PermissionDenied
    run = access.get_run(request.user, year)
    if not access.run_visible(request.user, run):
        raise Http404
    form = ObjectionForm(request.POST, lines=ScoreLine.objects.filter(run=run, member=member))
    if form.is_valid():
        try:
            services.objection_file(
                run=run,
                member=member,
                line=form.cleaned_data["line"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("异议已提交，办公室处理后会在此显示结果。"))
            return redirect("evaluation:member_score", year=year, pk=member.pk)
    else:
        messages.error(request, form_errors(form))
    score = MemberScore.objects.filter(run=run, member=member).first()
    if score is None:
        raise Http404
    lines = selectors.member_lines(run, member)
    return render(
        request,
        "evaluation/scoring/member_score.html",
        {
            "run": run,
            "member": member,
            "score": score,
            "lines": lines,
            "total": selectors.line_total(lines),
            "is_own": True,
            "form": form,
            "objections": Objection.objects.filter(run=run, member=member),
        },
        status=422,
    )


@login_required
def my_score(request: HttpRequest) -> HttpResponse:
    """A member's scores of the public and frozen years."""
    member = roles_of(request.user).member
    if member is None:
        raise PermissionDenied
    scores = (
        MemberScore.objects.filter(member=member)
        .exclude(run__status=S.COMPUTED)
        .select_related("run")
        .order_by("-run__year")
    )
    return render(request, "evaluation/scoring/my_score.html", {"scores": scores})
