"""协商 outcomes, their recommendations and instructions, the units' answers, the outcome PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import roles_of
from portal.feedback import form_errors, run_service

from .. import forms, services
from ..models import (
    Outcome,
    Recommendation,
)
from ..selectors import (
    get_consultation_for,
    get_recommendation_for,
    recommendations_for_unit,
)
from ..workflow import (
    RECOMMENDATION,
)
from .base import _attempt, _form_page, _log
from .meetings import _back, _managed

# ---- outcomes ---------------------------------------------------------------------------------


@login_required
def outcome_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _managed(request, pk)
    outcome = Outcome.objects.filter(consultation=consultation).first()
    initial = (
        {
            "kind": outcome.kind,
            "title": outcome.title,
            "number": outcome.number,
            "sent_to": outcome.sent_to,
            "text": outcome.text,
        }
        if outcome
        else {"sent_to": _("市委、市政府"), "title": consultation.title}
    )
    form = forms.OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: services.outcome_save(
                consultation=consultation, by=request.user, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("协商成果已保存。请逐条添加建议及责任部门。"))
            return redirect(reverse("consultations:consultation_detail", args=[pk]) + "#outcome")
    return _form_page(
        request,
        form,
        title=_("协商成果：%(t)s") % {"t": consultation.title},
        back=reverse("consultations:consultation_detail", args=[pk]),
        status=422 if form.errors else 200,
    )


def _outcome_for(request: HttpRequest, pk: int) -> tuple[Outcome, bool]:
    outcome = Outcome.objects.filter(pk=pk).first()
    if outcome is None:
        raise Http404
    access = get_consultation_for(request.user, outcome.consultation_id)
    if not access.full:
        raise PermissionDenied
    return outcome, access.manage


def _to_outcome(outcome: Outcome) -> HttpResponse:
    return redirect(
        reverse("consultations:consultation_detail", args=[outcome.consultation_id]) + "#outcome"
    )


@require_POST
@login_required
def outcome_move(request: HttpRequest, pk: int) -> HttpResponse:
    outcome, _manage = _outcome_for(request, pk)
    form = forms.MoveForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.outcome_move(
                outcome=outcome,
                target=form.cleaned_data["target"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            ),
            _("协商成果状态已更新。"),
        )
    else:
        messages.error(request, form_errors(form))
    return _to_outcome(outcome)


@require_POST
@login_required
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    outcome, manage = _outcome_for(request, pk)
    if not manage:
        raise PermissionDenied
    form = forms.RecommendationForm(request.POST, body_id=outcome.consultation.body_id)
    if form.is_valid():
        run_service(
            request,
            lambda: services.recommendation_add(
                outcome=outcome, by=request.user, **form.cleaned_data
            ),
            _("已添加建议。"),
        )
    else:
        messages.error(request, _("请填写建议内容、责任部门和反馈期限。"))
    return _to_outcome(outcome)


@require_POST
@login_required
def instruction_add(request: HttpRequest, pk: int) -> HttpResponse:
    outcome, manage = _outcome_for(request, pk)
    if not manage:
        raise PermissionDenied
    form = forms.InstructionForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.instruction_add(outcome=outcome, by=request.user, **form.cleaned_data),
            _("已登记领导批示。"),
        )
    else:
        messages.error(request, _("请完整填写批示领导、层级、日期和内容。"))
    return _to_outcome(outcome)


@require_POST
@login_required
def recommendation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rec = Recommendation.objects.filter(pk=pk).select_related("outcome").first()
    if rec is None:
        raise Http404
    outcome, manage = _outcome_for(request, rec.outcome_id)
    if not manage:
        raise PermissionDenied
    run_service(
        request,
        lambda: services.recommendation_remove(recommendation=rec, by=request.user),
        _("已删除该建议。"),
    )
    return _to_outcome(outcome)


# ---- departments' feedback --------------------------------------------------------------------


@login_required
def recommendation_list(request: HttpRequest) -> HttpResponse:
    if not roles_of(request.user).of("handling_unit"):
        raise PermissionDenied
    page = Paginator(recommendations_for_unit(request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/recommendation_list.html",
        {"page": page, "today": timezone.localdate()},
    )


def _recommendation_page(request, access, form=None, status=200) -> HttpResponse:
    rec = access.recommendation
    targets = [t.target for t in RECOMMENDATION.available(rec, request.user)]
    if access.answer and targets and form is None:
        form = forms.AnswerForm(targets=targets)
    return render(
        request,
        "consultations/recommendation_detail.html",
        {
            "rec": rec,
            "outcome": rec.outcome,
            "form": form if access.answer and targets else None,
            "blocked": RECOMMENDATION.blocked(rec, targets[0]) if targets else "",
            "log": _log(rec),
        },
        status=status,
    )


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _recommendation_page(request, get_recommendation_for(request.user, pk))


@require_POST
@login_required
def recommendation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_recommendation_for(request.user, pk)
    if not access.answer:
        raise PermissionDenied
    rec = access.recommendation
    targets = [t.target for t in RECOMMENDATION.available(rec, request.user)]
    form = forms.AnswerForm(request.POST, targets=targets)
    if form.is_valid():
        done = _attempt(
            form,
            lambda: services.recommendation_answer(
                recommendation=rec,
                status=form.cleaned_data["status"],
                answer=form.cleaned_data["answer"],
                by=request.user,
            ),
        )
        if done is not None:
            messages.success(request, _("反馈已提交。"))
            return redirect("consultations:recommendation_detail", pk=pk)
    return _recommendation_page(request, access, form, status=422)


@login_required
def outcome_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from portal.pdf import PdfError

    from ..reports import outcome_pdf as render

    access = get_consultation_for(request.user, pk)
    outcome = Outcome.objects.filter(consultation=access.consultation).first()
    if not access.full:
        raise PermissionDenied
    if outcome is None:
        raise Http404
    try:
        return render(outcome)
    except PdfError:
        messages.error(request, _("PDF 生成超时或失败，请稍后再试。"))
        return _back(pk)
