"""Pages of 协商. Thin: access helper (404 outside the user's reach, 403 for what he can see
but not do) → form → service → redirect with a message; a failed form is shown again with
what was typed (status 422)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisation.access import WORK_IN_COMMITTEE, committees_where
from organisation.models import Committee
from portal.access import is_office, roles_of
from portal.feedback import form_errors, run_service
from portal.workflow import transitions_of

from . import forms, services
from .access import is_chair, oversight_role, runs_committee_work
from .models import (
    Consultation,
    Outcome,
    Participant,
    Plan,
    PlanItem,
    Post,
    Recommendation,
    Research,
    ResearchReport,
    Thread,
)
from .selectors import (
    get_consultation_for,
    get_plan_for,
    get_recommendation_for,
    get_thread_for,
    get_topic_for,
    invitable_members,
    participants_of,
    plan_items,
    plans_visible_to,
    recommendations_for_unit,
    sees_plans,
    thread_posts,
    threads_for_member,
    threads_managed,
    topics_visible_to,
)
from .workflow import (
    CONSULTATION,
    OUTCOME,
    PLAN,
    RECOMMENDATION,
    REPORT,
    RESEARCH,
    THREAD,
    research_missing,
)


def _form_page(
    request: HttpRequest, form: Form, *, title: str, back: str, status: int = 200, **extra
) -> HttpResponse:
    return render(
        request,
        "consultations/form.html",
        {"form": form, "title": title, "back": back, **extra},
        status=status,
    )


def _attempt(form: Form, action: Callable[[], object]) -> object | None:
    """Run a service for a valid form; its refusal becomes the form's error."""
    try:
        return action()
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _log(obj) -> list:
    field = obj._meta.get_field("status")
    labels = dict(field.flatchoices)
    return [(e, labels.get(e.to_state, e.to_state)) for e in transitions_of(obj)]


# ---- the hub ----------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """协商: what this user does here, by role."""
    user = request.user
    roles = roles_of(user)
    context = {
        "runs": runs_committee_work(user),
        "sees_plans": sees_plans(user),
        "is_member": roles.member is not None,
        "unit": bool(roles.of("handling_unit")),
    }
    if not any(context.values()):
        raise PermissionDenied
    from .selectors import consultation_list

    context["consultations"] = list(consultation_list(user)[:30])
    if context["is_member"]:
        context["threads"] = list(threads_for_member(user).filter(status=Thread.Status.OPEN)[:10])
    if context["unit"]:
        context["recommendations"] = list(
            recommendations_for_unit(user).filter(status=Recommendation.Status.PENDING)[:20]
        )
    return render(request, "consultations/index.html", context)


# ---- topics -----------------------------------------------------------------------------------


def _topic_form(request: HttpRequest) -> forms.TopicForm:
    user = request.user
    office = is_office(user)
    committees = (
        Committee.objects.filter(body_id=user.body_id, is_active=True)
        if office
        else committees_where(user, WORK_IN_COMMITTEE)
    )
    return forms.TopicForm(
        request.POST or None,
        body_id=user.body_id,
        committees=list(committees),
        member=roles_of(user).member,
        office=office,
    )


@login_required
def topic_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (runs_committee_work(user) or roles_of(user).member is not None):
        raise PermissionDenied
    topics = topics_visible_to(user).order_by("-year", "status", "-created_at", "-pk")
    year = request.GET.get("year", "")
    if year.isdigit():
        topics = topics.filter(year=int(year))
    page = Paginator(topics, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/topic_list.html",
        {"page": page, "year": year, "office": is_office(user)},
    )


@login_required
def topic_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (runs_committee_work(user) or roles_of(user).member is not None):
        raise PermissionDenied
    form = _topic_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        topic = _attempt(
            form,
            lambda: services.topic_propose(
                body_id=user.body_id,
                year=data["year"],
                title=data["title"],
                reason=data["reason"],
                kind=data["kind"],
                department=data["department"],
                by=user,
                **form.proposer_kwargs(),
            ),
        )
        if topic is not None:
            messages.success(request, _("选题建议已提交，由政协办公室汇总。"))
            return redirect("consultations:topic_detail", pk=topic.pk)
    return _form_page(
        request,
        form,
        title=_("提出协商选题建议"),
        back=reverse("consultations:topic_list"),
        status=422 if form.errors else 200,
    )


@login_required
def topic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_topic_for(request.user, pk)
    office = is_office(request.user)
    return render(
        request,
        "consultations/topic_detail.html",
        {
            "topic": topic,
            "decide_form": forms.TopicDecisionForm(topic=topic)
            if office and topic.status == topic.Status.SUBMITTED
            else None,
            "log": _log(topic),
        },
    )


@require_POST
@login_required
def topic_decide(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_topic_for(request.user, pk)
    if not is_office(request.user):
        raise PermissionDenied
    form = forms.TopicDecisionForm(request.POST, topic=topic)
    if form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: services.topic_decide(
                topic=topic,
                decision=data["decision"],
                reason=data["reason"],
                into=data["into"],
                by=request.user,
            ),
        )
        if done is not None:
            messages.success(request, _("已处理选题。"))
            return redirect("consultations:topic_detail", pk=pk)
    return render(
        request,
        "consultations/topic_detail.html",
        {"topic": topic, "decide_form": form, "log": _log(topic)},
        status=422,
    )


# ---- plans ------------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    if not sees_plans(request.user):
        raise PermissionDenied
    return render(
        request,
        "consultations/plan_list.html",
        {
            "plans": plans_visible_to(request.user).order_by("-year"),
            "form": forms.PlanForm(initial={"year": timezone.localdate().year + 1})
            if is_office(request.user)
            else None,
        },
    )


@require_POST
@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not is_office(request.user):
        raise PermissionDenied
    form = forms.PlanForm(request.POST)
    if form.is_valid():
        plan = _attempt(
            form,
            lambda: services.plan_create(
                body_id=request.user.body_id, year=form.cleaned_data["year"], by=request.user
            ),
        )
        if plan is not None:
            messages.success(request, _("已创建协商计划，请添加课题。"))
            return redirect("consultations:plan_detail", pk=plan.pk)
    return render(
        request,
        "consultations/plan_list.html",
        {"plans": plans_visible_to(request.user).order_by("-year"), "form": form},
        status=422,
    )


def _plan_page(request: HttpRequest, plan: Plan, *, status: int = 200, **extra) -> HttpResponse:
    user = request.user
    office = is_office(user)
    committees = committees_where(user, WORK_IN_COMMITTEE) if plan.editable else None
    steps = [
        (t, forms.PlanStepForm(initial={"target": t.target})) for t in PLAN.available(plan, user)
    ]
    context = {
        "plan": plan,
        "items": plan_items(plan),
        "office": office,
        "comments": list(plan.comments.select_related("committee", "by")),
        "comment_form": forms.PlanCommentForm(committees=committees)
        if committees is not None and committees.exists()
        else None,
        "steps": steps,
        "dated": {Plan.Status.REVIEWED, Plan.Status.APPROVED, Plan.Status.ISSUED},
        "log": _log(plan),
        "startable": plan.status in (Plan.Status.APPROVED, Plan.Status.ISSUED),
        "my_committees": set(
            committees_where(user, WORK_IN_COMMITTEE).values_list("pk", flat=True)
        ),
        **extra,
    }
    return render(request, "consultations/plan_detail.html", context, status=status)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_page(request, get_plan_for(request.user, pk))


@login_required
def plan_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for(request.user, pk)
    if not is_office(request.user):
        raise PermissionDenied
    form = forms.PlanItemForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = _attempt(
            form,
            lambda: services.plan_item_add(
                plan=plan,
                topic=data["topic"],
                title=data["title"],
                kind=data["kind"],
                committee=data["committee"],
                co_committees=list(data["co_committees"]),
                leader=data["leader"],
                departments=list(data["departments"]),
                month=data["month"],
                is_key=data["is_key"],
                by=request.user,
            ),
        )
        if item is not None:
            messages.success(request, _("课题已列入计划。"))
            return redirect("consultations:plan_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("添加协商课题：%(plan)s") % {"plan": plan.title},
        back=reverse("consultations:plan_detail", args=[pk]),
        status=422 if form.errors else 200,
    )


def _plan_item_for(request: HttpRequest, pk: int) -> PlanItem:
    item = PlanItem.objects.select_related("plan", "committee").filter(pk=pk).first()
    if item is None:
        raise Http404
    get_plan_for(request.user, item.plan_id)  # 404 outside the user's reach
    return item


@require_POST
@login_required
def plan_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _plan_item_for(request, pk)
    if not is_office(request.user):
        raise PermissionDenied
    try:
        services.plan_item_remove(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("已从计划中删除该课题。"))
    return redirect("consultations:plan_detail", pk=item.plan_id)


@require_POST
@login_required
def plan_comment(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for(request.user, pk)
    committees = committees_where(request.user, WORK_IN_COMMITTEE)
    if not committees.exists():
        raise PermissionDenied
    form = forms.PlanCommentForm(request.POST, committees=committees)
    if form.is_valid():
        done = _attempt(
            form,
            lambda: services.plan_comment_add(
                plan=plan,
                committee=form.cleaned_data["committee"],
                text=form.cleaned_data["text"],
                by=request.user,
            ),
        )
        if done is not None:
            messages.success(request, _("意见已提交。"))
            return redirect("consultations:plan_detail", pk=pk)
    return _plan_page(request, plan, status=422, comment_form=form)


@require_POST
@login_required
def plan_move(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for(request.user, pk)
    if not (is_office(request.user) or is_chair(request.user)):
        raise PermissionDenied
    form = forms.PlanStepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_move(
                plan=plan,
                target=data["target"],
                comment=data["comment"],
                on=data["on"],
                doc=data["doc"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("协商计划已更新为「%(s)s」。") % {"s": plan.get_status_display()}
            )
    else:
        messages.error(request, _("请检查填写的日期。"))
    return redirect("consultations:plan_detail", pk=pk)


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
    context: dict = {"c": consultation, "access": access}
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


# ---- online deliberation ----------------------------------------------------------------------


def _thread_committees(request: HttpRequest):
    if is_office(request.user):
        return Committee.objects.filter(body_id=request.user.body_id, is_active=True)
    return committees_where(request.user, WORK_IN_COMMITTEE)


@login_required
def thread_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    member = roles_of(user).member is not None
    runs = runs_committee_work(user)
    if not (member or runs):
        raise PermissionDenied
    return render(
        request,
        "consultations/thread_list.html",
        {
            "joinable": threads_for_member(user)[:50] if member else [],
            "managed": threads_managed(user)[:50] if runs else [],
            "runs": runs,
        },
    )


@login_required
def thread_create(request: HttpRequest) -> HttpResponse:
    if not runs_committee_work(request.user):
        raise PermissionDenied
    committees = _thread_committees(request)
    consultations = (
        Consultation.objects.filter(committee__in=committees)
        .exclude(status=Consultation.Status.CANCELLED)
        .order_by("-created_at")
    )
    form = forms.ThreadForm(
        request.POST or None, committees=committees, consultations=consultations
    )
    if request.method == "POST" and form.is_valid():
        thread = _attempt(
            form,
            lambda: services.thread_create(
                body_id=request.user.body_id, by=request.user, **form.cleaned_data
            ),
        )
        if thread is not None:
            messages.success(request, _("网络议政已创建，确认后点“开始议政”。"))
            return redirect("consultations:thread_detail", pk=thread.pk)
    return _form_page(
        request,
        form,
        title=_("组织网络议政"),
        back=reverse("consultations:thread_list"),
        status=422 if form.errors else 200,
    )


def _thread_page(request, access, *, post_form=None, close_form=None, status=200):
    thread = access.thread
    posts = thread_posts(thread, moderate=access.moderate)
    page = Paginator(posts, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/thread_detail.html",
        {
            "thread": thread,
            "access": access,
            "page": page,
            "post_form": post_form or (forms.PostForm() if access.may_post else None),
            "close_form": close_form or forms.CloseThreadForm(),
            "moves": THREAD.available(thread, request.user) if access.moderate else [],
        },
        status=status,
    )


@login_required
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _thread_page(request, get_thread_for(request.user, pk))


@require_POST
@login_required
def post_create(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_thread_for(request.user, pk)
    if roles_of(request.user).member is None:
        raise PermissionDenied
    form = forms.PostForm(request.POST, request.FILES)
    if form.is_valid():
        post = _attempt(
            form,
            lambda: services.post_add(
                thread=access.thread,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
                by=request.user,
            ),
        )
        if post is not None:
            messages.success(request, _("您的意见已发表。"))
            return redirect(reverse("consultations:thread_detail", args=[pk]) + f"#p{post.pk}")
    return _thread_page(request, access, post_form=form, status=422)


@login_required
def post_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A post's attachment, to those who may read the post (a hidden one: moderators)."""
    from portal.uploads import attachment_response

    post = Post.objects.filter(pk=pk).first()
    if post is None or not post.file:
        raise Http404
    access = get_thread_for(request.user, post.thread_id)
    if post.status == Post.Status.HIDDEN and not access.moderate:
        raise Http404
    return attachment_response(post.file, post.file_name, post.file_type)


@require_POST
@login_required
def thread_move(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_thread_for(request.user, pk)
    if not access.moderate:
        raise PermissionDenied
    run_service(
        request,
        lambda: services.thread_move(
            thread=access.thread,
            target=request.POST.get("target", ""),
            summary=request.POST.get("summary", ""),
            by=request.user,
        ),
        _("网络议政状态已更新。"),
    )
    return redirect("consultations:thread_detail", pk=pk)


@require_POST
@login_required
def post_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    post = Post.objects.filter(pk=pk).first()
    if post is None:
        raise Http404
    access = get_thread_for(request.user, post.thread_id)
    if not access.moderate:
        raise PermissionDenied
    form = forms.HideForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.post_moderate(
                post=post,
                target=form.cleaned_data["target"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            ),
            _("已更新发言的显示状态。"),
        )
    else:
        messages.error(request, form_errors(form))
    return redirect(reverse("consultations:thread_detail", args=[post.thread_id]) + f"#p{pk}")


# ---- statistics -------------------------------------------------------------------------------


def _stats_reader(request: HttpRequest) -> None:
    if not (
        is_office(request.user) or oversight_role(request.user) or runs_committee_work(request.user)
    ):
        raise PermissionDenied


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    year = int(value) if value.isdigit() and len(value) == 4 else timezone.localdate().year
    return year


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    _stats_reader(request)
    from .reports import statistics_rows, statistics_totals

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
    from .reports import consultations_export

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


@login_required
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from portal.pdf import PdfError

    from .reports import plan_pdf as render

    plan = get_plan_for(request.user, pk)
    try:
        return render(plan)
    except PdfError:
        messages.error(request, _("PDF 生成超时或失败，请稍后再试。"))
        return redirect("consultations:plan_detail", pk=pk)


@login_required
def outcome_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from portal.pdf import PdfError

    from .reports import outcome_pdf as render

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
