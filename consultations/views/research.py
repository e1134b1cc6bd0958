"""协商 research before a meeting and its reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.feedback import form_errors, run_service

from .. import forms, services
from ..models import (
    Research,
    ResearchReport,
)
from ..selectors import (
    get_consultation_for,
)
from .base import _attempt, _form_page
from .meetings import _back, _managed


@require_POST
@login_required
def research_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _managed(request, pk)
    form = forms.ResearchForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run_service(
            request,
            lambda: services.research_add(consultation=consultation, by=request.user, **data),
            _("已登记调研活动。"),
        )
    else:
        messages.error(request, _("请完整填写调研类型、内容和日期。"))
    return _back(pk)


def _research_for(request: HttpRequest, pk: int) -> Research:
    research = Research.objects.filter(pk=pk).first()
    if research is None:
        raise Http404
    _managed(request, research.consultation_id)
    return research


@require_POST
@login_required
def research_move(request: HttpRequest, pk: int) -> HttpResponse:
    research = _research_for(request, pk)
    run_service(
        request,
        lambda: services.research_move(
            research=research,
            target=request.POST.get("target", ""),
            summary=request.POST.get("summary", ""),
            comment=request.POST.get("comment", ""),
            by=request.user,
        ),
        _("调研活动已更新。"),
    )
    return _back(research.consultation_id)


def _report_page(request, consultation, report=None) -> HttpResponse:
    initial = {"title": report.title, "text": report.text} if report else {}
    form = forms.ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: services.report_save(
                consultation=consultation, report=report, by=request.user, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("调研报告已保存。"))
            return _back(consultation.pk)
    return _form_page(
        request,
        form,
        title=_("调研报告：%(t)s") % {"t": consultation.title},
        back=reverse("consultations:consultation_detail", args=[consultation.pk]),
        status=422 if form.errors else 200,
    )


@login_required
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, _managed(request, pk))


def _report_for(request: HttpRequest, pk: int) -> tuple[ResearchReport, bool]:
    report = ResearchReport.objects.filter(pk=pk).first()
    if report is None:
        raise Http404
    access = get_consultation_for(request.user, report.consultation_id)
    if not access.full:
        raise PermissionDenied
    return report, access.manage


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report, manage = _report_for(request, pk)
    if not manage:
        raise PermissionDenied
    return _report_page(request, report.consultation, report)


@require_POST
@login_required
def report_move(request: HttpRequest, pk: int) -> HttpResponse:
    report, _manage = _report_for(request, pk)
    form = forms.MoveForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.report_move(
                report=report,
                target=form.cleaned_data["target"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            ),
            _("调研报告状态已更新。"),
        )
    else:
        messages.error(request, form_errors(form))
    return _back(report.consultation_id)
