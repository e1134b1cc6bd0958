"""协商 hub and topics: proposing, listing, deciding."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisation.access import WORK_IN_COMMITTEE, committees_where
from organisation.models import Committee
from portal.access import is_office, roles_of

from .. import forms, services
from ..access import runs_committee_work
from ..models import (
    Recommendation,
    Thread,
)
from ..selectors import (
    get_topic_for,
    recommendations_for_unit,
    sees_plans,
    threads_for_member,
    topics_visible_to,
)
from .base import _attempt, _form_page, _log

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
    from ..selectors import consultation_list

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
    if year.isdecimal():
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
