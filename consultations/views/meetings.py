"""协商 meetings: starting, the detail page, the meeting record, participants, attendance,
speeches."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import is_office
from portal.feedback import form_errors, run_service

from .. import forms, services
from ..models import (
    Consultation,
    Outcome,
    Participant,
)
from ..selectors import (
    get_consultation_for,
    invitable_members,
    participants_of,
    sees_plans,
)
from ..workflow import (
    CONSULTATION,
    OUTCOME,
    REPORT,
    RESEARCH,
    research_missing,
)
from .base import _attempt, _form_page, _log
from .plans import _plan_item_for


@require_POST
@login_required
def consultation_start(request: HttpRequest, pk: int) -> HttpResponse:
    item = _plan_item_for(request, pk)
    try:
        consultation = services.consultation_start(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("consultations:plan_detail", pk=item.plan_id)
    messages.success(request, _("已开始协商：先开展调研（无调研不协商）。"))
    return redirect("consultations:consultation_detail", pk=consultation.pk)


# ---- consultations ----------------------------------------------------------------------------


def _managed(request: HttpRequest, pk: int) -> Consultation:
    access = get_consultation_for(request.user, pk)
    if not access.manage:
        raise PermissionDenied
    return access.consultation


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_consultation_for(request.user, pk)
    consultation = access.consultation
    user = request.user
    context: dict = {
        "c": consultation,
        "access": access,
        "sees_plan": consultation.plan_item_id is not None and sees_plans(user),
    }
    if access.full:
        research = list(consultation.research.all())
        reports = list(consultation.reports.select_related("submitted_by"))
        outcome = (
            Outcome.objects.filter(consultation=consultation).select_related("submitted_by").first()
        )
        context |= {
            "research": [(r, RESEARCH.available(r, user)) for r in research],
            "reports": [(r, REPORT.available(r, user)) for r in reports],
            "missing": research_missing(consultation)
            if consultation.status == Consultation.Status.RESEARCHING
            else [],
            "moves": CONSULTATION.available(consultation, user),
            "participants": participants_of(consultation),
            "speeches": list(
                consultation.speeches.select_related("participant__member").order_by("order")
            ),
            "outcome": outcome,
            "threads": list(consultation.threads.order_by("pk")),
            "log": _log(consultation),
        }
        if outcome is not None:
            recs = list(outcome.recommendations.select_related("department"))
            context |= {
                "recommendations": recs,
                "instructions": list(outcome.instructions.all()),
                "outcome_moves": OUTCOME.available(outcome, user),
                "outcome_log": _log(outcome),
                "outcome_editable": access.manage
                and outcome.status in (Outcome.Status.DRAFT, Outcome.Status.RETURNED),
                "recommendation_form": forms.RecommendationForm(body_id=consultation.body_id),
                "instruction_form": forms.InstructionForm(),
                "quality_scores": list(consultation.quality_scores.select_related("indicator")),
                "can_score": is_office(user) and outcome.status == Outcome.Status.CLOSED,
            }
            context["quality_total"] = _total(context["quality_scores"])
        if access.manage:
            context |= {
                "research_form": forms.ResearchForm(),
                "held_form": forms.ResearchHeldForm(),
                "person_form": forms.PersonForm(body_id=consultation.body_id),
                "speech_form": forms.SpeechForm(consultation=consultation),
            }
    else:
        context["speeches"] = list(
            consultation.speeches.select_related("participant__member").order_by("order")
        )
    return render(request, "consultations/consultation_detail.html", context)


def _total(scores) -> int | None:
    weight = sum(s.indicator.weight for s in scores)
    return round(sum(s.score * s.indicator.weight for s in scores) / weight) if weight else None


@login_required
def consultation_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _managed(request, pk)
    initial = {
        "starts_at": consultation.starts_at and timezone.localtime(consultation.starts_at),
        "place": consultation.place,
        "notice": consultation.notice,
        "materials": consultation.materials,
    }
    form = forms.MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: services.consultation_prepare(
                consultation=consultation,
                starts_at=data["starts_at"],
                place=data["place"],
                notice=data["notice"],
                materials=data["materials"],
                by=request.user,
            ),
        )
        if done is not None:
            messages.success(request, _("会议安排已保存。"))
            return redirect("consultations:consultation_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("会议准备：%(t)s") % {"t": consultation.title},
        back=reverse("consultations:consultation_detail", args=[pk]),
        status=422 if form.errors else 200,
    )


def _back(pk: int) -> HttpResponse:
    return redirect("consultations:consultation_detail", pk=pk)


@require_POST
@login_required
def consultation_move(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _managed(request, pk)
    form = forms.MoveForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.consultation_move(
                consultation=consultation,
                target=form.cleaned_data["target"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            ),
            _("协商活动状态已更新。"),
        )
    else:
        messages.error(request, form_errors(form))
    return _back(pk)


@require_POST
@login_required
def consultation_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _managed(request, pk)
    run_service(
        request,
        lambda: services.consultation_set_follow_up(
            consultation=consultation,
            follow_up=request.POST.get("follow_up") == "1",
            by=request.user,
        ),
        _("已更新跟踪协商标记。"),
    )
    return _back(pk)


@login_required
def participants_invite(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _managed(request, pk)
    form = forms.InviteForm(request.POST or None, members=invitable_members(consultation))
    if request.method == "POST" and form.is_valid():
        added = _attempt(
            form,
            lambda: services.participants_invite(
                consultation=consultation, members=form.cleaned_data["members"], by=request.user
            ),
        )
        if added is not None:
            messages.success(request, _("已邀请 %(n)d 位委员。") % {"n": added})
            return _back(pk)
    return _form_page(
        request,
        form,
        title=_("邀请委员：%(t)s") % {"t": consultation.title},
        back=reverse("consultations:consultation_detail", args=[pk]),
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _managed(request, pk)
    form = forms.PersonForm(request.POST, body_id=consultation.body_id)
    if form.is_valid():
        run_service(
            request,
            lambda: services.participant_add_person(
                consultation=consultation, by=request.user, **form.cleaned_data
            ),
            _("已添加参加人员。"),
        )
    else:
        messages.error(request, _("请填写类别和姓名。"))
    return _back(pk)


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """谁组织谁记录: one row per participant, 出席 / 请假 (reason) / 缺席."""
    consultation = _managed(request, pk)
    participants = participants_of(consultation)
    error = ""
    if request.method == "POST":
        marks = {}
        for p in participants:
            value = request.POST.get(f"a{p.pk}", "")
            if value in Participant.Attendance.values:
                marks[p.pk] = (value, request.POST.get(f"r{p.pk}", ""))
        try:
            n = services.attendance_record(consultation=consultation, marks=marks, by=request.user)
        except ValidationError as e:
            error = e.messages[0]
            for p in participants:  # show what was typed
                if p.pk in marks:
                    p.attendance, p.leave_reason = marks[p.pk]
        else:
            messages.success(request, _("考勤已登记（%(n)d 人有变化）。") % {"n": n})
            return _back(pk)
    return render(
        request,
        "consultations/attendance.html",
        {
            "c": consultation,
            "participants": participants,
            "choices": Participant.Attendance.choices[1:],
            "error": error,
        },
        status=422 if error else 200,
    )


@require_POST
@login_required
def speech_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _managed(request, pk)
    form = forms.SpeechForm(request.POST, consultation=consultation)
    if form.is_valid():
        run_service(
            request,
            lambda: services.speech_add(
                consultation=consultation, by=request.user, **form.cleaned_data
            ),
            _("已登记发言。"),
        )
    else:
        messages.error(request, _("请选择发言人并填写发言题目。"))
    return _back(pk)
