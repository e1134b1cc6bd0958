"""履职报告表 (Q23) pages: the member's form and the reviewers' list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from organisation.access import is_office
from portal.access import roles_of
from portal.workflow import transitions_of

from ..models import (
    ScoringRun,
)
from ..scoring import access
from .common import _staff_or_office, _this_year

S = ScoringRun.Status


# ---- 履职报告表 (Q23) ------------------------------------------------------------------------


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """A member's 履职报告表 of each year; this year's is opened (pre-filled) from here."""
    from ..models import PerformanceReport

    member = roles_of(request.user).member
    if member is None:
        raise PermissionDenied
    reports = PerformanceReport.objects.filter(member=member).order_by("-year")
    return render(
        request,
        "evaluation/scoring/my_reports.html",
        {"reports": reports, "this_year": _this_year(), "member": member},
    )


@login_required
def my_report(request: HttpRequest, year: int) -> HttpResponse:
    """The member's report of `year`: pre-filled counts from his 档案, his own text, save or
    submit; read only once submitted (until returned)."""
    from ..scoring import reports as report_services
    from ..scoring.forms import ReportForm

    member = roles_of(request.user).member
    if member is None:
        raise PermissionDenied
    if not 2000 <= year <= _this_year():
        raise Http404
    report = report_services.report_open(member=member, year=year, by=request.user)
    form = ReportForm(request.POST or None, instance=report, standing=member.is_standing)
    status = 200
    if request.method == "POST":
        if not report.is_editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                report_services.report_save(
                    report=report,
                    data={k: form.cleaned_data[k] for k in form.fields},
                    by=request.user,
                    submit="submit" in request.POST,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("履职报告表已提交，等待审核。")
                    if "submit" in request.POST
                    else _("已保存。"),
                )
                return redirect("evaluation:my_report", year=year)
        status = 422
    return render(
        request,
        "evaluation/scoring/report_form.html",
        {"report": report, "form": form if report.is_editable else None, "member": member,
         "log": transitions_of(report)},
        status=status,
    )  # fmt: skip


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """Staff and the office: the reports of the members they review, for a year."""
    from ..models import PerformanceReport

    _staff_or_office(request)
    try:
        year = int(request.GET.get("year", _this_year()))
    except ValueError:
        year = _this_year()
    members = access.members_scoped(request.user, year)
    if not is_office(request.user):
        members = access.staff_members(request.user, year)
    reports = (
        PerformanceReport.objects.filter(year=year, member__in=members)
        .exclude(status=PerformanceReport.Status.DRAFT)
        .select_related("member")
        .order_by("status", "member__code")
    )
    missing = members.exclude(
        pk__in=PerformanceReport.objects.filter(year=year)
        .exclude(status=PerformanceReport.Status.DRAFT)
        .values("member_id")
    ).count()
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/scoring/report_list.html",
        {
            "page": page,
            "year": year,
            "missing": missing,
            "years": range(_this_year(), _this_year() - 4, -1),
        },
    )


def _reviewable_report(request: HttpRequest, pk: int):
    from ..models import PerformanceReport

    _staff_or_office(request)
    try:
        report = PerformanceReport.objects.select_related("member__sector").get(
            pk=pk, member__body_id=request.user.body_id
        )
    except PerformanceReport.DoesNotExist:
        raise Http404 from None
    if not access.may_review(request.user, report.member, report.year):
        raise Http404
    if report.status == PerformanceReport.Status.DRAFT:
        raise Http404  # a draft is the member's own
    return report


@login_required
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    from ..models import PerformanceReport
    from ..scoring import reports as report_services
    from ..scoring.forms import ReviewForm

    report = _reviewable_report(request, pk)
    standing = report.member.is_standing
    form = ReviewForm(request.POST or None, standing=standing)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report_services.report_review(
                    report=report,
                    by=request.user,
                    confirm=form.cleaned_data["decision"] == "confirm",
                    comment=form.cleaned_data.get("comment", ""),
                    account_date=form.cleaned_data.get("account_date"),
                    party_comments=form.cleaned_data.get("party_comments", ""),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("审核结果已保存。"))
                return redirect("evaluation:report_list")
        status = 422
    return render(
        request,
        "evaluation/scoring/report_review.html",
        {
            "report": report,
            "form": form if report.status == PerformanceReport.Status.SUBMITTED else None,
            "log": transitions_of(report),
        },
        status=status,
    )
