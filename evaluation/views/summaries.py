"""专委会年度工作总结: a committee's staff open the year's draft, pre-filled from the
committee's records (activities by type with dates, outputs, proposals, 社情民意,
consultations, quota compliance), write the text and submit it; the office reads every
committee's, confirms or returns it; both print it as a PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisation.access import is_office
from organisation.models import Committee
from portal.workflow import transitions_of

from ..committee_scoring import access, services
from ..committee_scoring.forms import SummaryForm, SummaryReviewForm
from ..models import CommitteeSummary
from .common import _this_year


def _year(year: int) -> int:
    if not 2000 <= year <= _this_year():
        raise Http404
    return year


@login_required
def summary_list(request: HttpRequest) -> HttpResponse:
    """The office: every committee's summary of a year; staff: their committees'."""
    if not access.may_see_rankings(request.user):
        raise PermissionDenied
    try:
        year = _year(int(request.GET.get("year", _this_year())))
    except (ValueError, Http404):
        year = _this_year()
    committees = Committee.objects.filter(body_id=request.user.body_id, is_active=True)
    if not is_office(request.user):
        committees = committees.filter(pk__in=access.staff_committee_ids(request.user))
    summaries = {
        s.committee_id: s
        for s in CommitteeSummary.objects.filter(year=year, committee__in=committees)
    }
    rows = [(c, summaries.get(c.pk)) for c in committees.order_by("order", "id")]
    return render(
        request,
        "evaluation/committees/summary_list.html",
        {"rows": rows, "year": year, "years": range(_this_year(), _this_year() - 4, -1)},
    )


@login_required
def summary(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    committee = access.get_summary_committee(request.user, pk)
    year = _year(year)
    writer = access.may_write_summary(request.user, committee)
    if writer:
        record = services.summary_open(committee=committee, year=year, by=request.user)
    else:
        record = CommitteeSummary.objects.filter(committee=committee, year=year).first()
        if record is None:  # the office opens one not started: the pre-filled draft
            record = services.summary_open(committee=committee, year=year, by=request.user)
    form = SummaryForm(request.POST or None, instance=record) if writer else None
    status = 200
    if request.method == "POST":
        if not writer or not record.is_editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.summary_save(
                    summary=record,
                    data=form.cleaned_data,
                    by=request.user,
                    submit="submit" in request.POST,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("总结已提交。") if "submit" in request.POST else _("已保存。")
                )
                return redirect("evaluation:summary", pk=pk, year=year)
        status = 400
    review = None
    if is_office(request.user) and record.status == CommitteeSummary.Status.SUBMITTED:
        review = SummaryReviewForm()
    return render(
        request,
        "evaluation/committees/summary.html",
        {
            "summary": record,
            "committee": committee,
            "form": form if record.is_editable else None,
            "review": review,
            "log": transitions_of(record),
        },
        status=status,
    )


@require_POST
@login_required
def summary_review(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_summary(request.user, pk)
    if not is_office(request.user):
        raise PermissionDenied
    form = SummaryReviewForm(request.POST)
    if form.is_valid():
        try:
            services.summary_review(
                summary=record,
                by=request.user,
                confirm=form.cleaned_data["decision"] == "confirm",
                comment=form.cleaned_data.get("comment", ""),
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("审核结果已保存。"))
    else:
        from portal.feedback import form_errors

        messages.error(request, form_errors(form))
    return redirect("evaluation:summary", pk=record.committee_id, year=record.year)


@login_required
def summary_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    from portal.pdf import PdfTimeout, pdf_response

    committee = access.get_summary_committee(request.user, pk)
    year = _year(year)
    record = CommitteeSummary.objects.filter(committee=committee, year=year).first()
    if record is None:
        record = services.summary_open(committee=committee, year=year, by=request.user)
    try:
        return pdf_response(
            "evaluation/committees/summary_pdf.html",
            {"summary": record, "committee": committee, "today": timezone.localdate()},
            filename=_("%(name)s%(year)s年度工作总结.pdf") % {"name": committee.name, "year": year},
        )
    except PdfTimeout:
        messages.error(request, _("生成 PDF 超时，请稍后重试。"))
        return redirect("evaluation:summary", pk=pk, year=year)
