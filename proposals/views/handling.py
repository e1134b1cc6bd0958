"""Handling pages: the office assigns (交办) and extends deadlines; a unit's inbox, and
its acts on an assignment — take it on, return it, record the communication with the
proposer, send a co-unit's opinion, reply."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions as can
from .. import services
from ..forms import AssignForm, CommunicationForm, ExtendForm, OpinionForm, ReplyForm
from ..models import Assignment
from ..selectors import get_assignment_for, unit_inbox
from .common import back, proposal_and_access, require, run, submit


@login_required
def proposal_assign(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, access = proposal_and_access(request, pk)
    require(access.manages)
    form = AssignForm(request.POST or None, body_id=proposal.body_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = services.Plan(
            lead=data["lead"],
            co=list(data["co"]),
            separate=list(data["separate"]),
            deadline=data["deadline"],
            comment=data["comment"],
        )
        try:
            services.proposal_assign(proposal=proposal, by=request.user, plan=plan)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已交办。承办单位将收到通知。"))
            return back(pk)
    return render(request, "proposals/assign.html", {"proposal": proposal, "form": form})


@login_required
def unit_inbox_view(request: HttpRequest) -> HttpResponse:
    require(bool(can.powers_of(request.user).department_ids))
    done = request.GET.get("show") == "done"
    page = Paginator(unit_inbox(request.user, done=done), 30).get_page(request.GET.get("page"))
    return render(request, "proposals/unit_inbox.html", {"page": page, "done": done})


def _unit_assignment(request: HttpRequest, pk: int) -> Assignment:
    """An assignment of the user's own unit: 404 if he cannot see the proposal, 403 if it
    is another unit's."""
    assignment = get_assignment_for(request.user, pk)
    require(can.acts_for(assignment, request.user))
    return assignment


@require_POST
@login_required
def assignment_accept(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _unit_assignment(request, pk)
    run(
        request,
        lambda: services.assignment_accept(assignment=assignment, by=request.user),
        _("已签收，请与提案者沟通后办理答复。"),
    )
    return back(assignment.proposal_id)


@require_POST
@login_required
def assignment_return(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _unit_assignment(request, pk)
    reason = request.POST.get("comment", "").strip()
    if not reason:
        messages.error(request, _("退回须说明理由。"))
        return back(assignment.proposal_id)
    returned = run(
        request,
        lambda: services.assignment_return(assignment=assignment, by=request.user, reason=reason),
        _("已退回，提案委员会将重新交办。"),
    )
    # A unit no longer sees a proposal it returned: back to its inbox.
    return redirect("proposals:unit_inbox") if returned else back(assignment.proposal_id)


@require_POST
@login_required
def assignment_extend(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_assignment_for(request.user, pk)
    require(can.manages(assignment.proposal, request.user))
    return submit(
        request,
        assignment.proposal_id,
        ExtendForm(request.POST),
        lambda data: services.assignment_extend(
            assignment=assignment, by=request.user, deadline=data["deadline"], reason=data["reason"]
        ),
        _("办理期限已延长。"),
        redisplay="extend_form",
    )


@require_POST
@login_required
def communication_record(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _unit_assignment(request, pk)
    return submit(
        request,
        assignment.proposal_id,
        CommunicationForm(request.POST),
        lambda data: services.communication_record(
            assignment=assignment, by=request.user, contact=services.Contact(**data)
        ),
        _("沟通情况已记录，已请提案者确认。"),
        redisplay="communication_form",
    )


@require_POST
@login_required
def assignment_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _unit_assignment(request, pk)
    return submit(
        request,
        assignment.proposal_id,
        OpinionForm(request.POST, request.FILES),
        lambda data: services.assignment_send_opinion(
            assignment=assignment,
            by=request.user,
            opinion=data["opinion"],
            upload=data.get("file"),
        ),
        _("协办意见已送主办单位。"),
        redisplay="opinion_form",
    )


@login_required
def assignment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply form of a lead or separate unit (its own page: a reply is long)."""
    assignment = _unit_assignment(request, pk)
    proposal, _access = proposal_and_access(request, assignment.proposal_id)
    form = ReplyForm(request.POST or None, request.FILES or None, body_id=proposal.body_id)
    if request.method == "POST" and form.is_valid():
        answer = services.Answer(
            category=form.cleaned_data["category"],
            text=form.cleaned_data["text"],
            upload=form.cleaned_data.get("file"),
        )
        try:
            services.assignment_reply(assignment=assignment, by=request.user, answer=answer)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("答复已发送，提案者将收到通知并评价。"))
            return back(proposal.pk)
    opinions = proposal.assignments.filter(
        round=assignment.round, role=Assignment.Role.CO
    ).select_related("department")
    communications = assignment.communications.order_by("contacted_on")
    return render(
        request,
        "proposals/reply_form.html",
        {
            "proposal": proposal,
            "assignment": assignment,
            "form": form,
            "opinions": opinions,
            "communications": communications,
        },
    )
