"""Builders for proposal tests: each drives a proposal to a state through the services,
as the people of `tests.conftest.build_org` would in the portal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.models import TransitionLog
from portal.workflow import transitions_of
from proposals import services
from proposals.models import Assignment, Communication, Proposal, ReplyCategory

from .conftest import Org

TITLE = "关于加快推进鄂尔多斯零碳产业园建设的建议"
REASONS = "零碳产业园是我市能源转型的重要抓手，目前配套电网、储能和绿电交易机制仍不完善。"
SUGGESTIONS = "一、完善绿电直供政策；二、建设园区智能微电网；三、引进储能龙头企业。"


def draft(
    org: Org,
    *,
    by=None,
    kind: str = Proposal.Kind.INDIVIDUAL,
    title: str = TITLE,
    reasons: str = REASONS,
    suggestions: str = SUGGESTIONS,
    category: str = Proposal.Category.ECONOMY,
    signers=(),
    organiser=None,
    organiser_kind: str = "",
    organiser_name: str = "",
) -> Proposal:
    return services.proposal_create(
        body=org.body,
        by=by or org.member_user,
        draft=services.Draft(
            kind=kind,
            title=title,
            reasons=reasons,
            suggestions=suggestions,
            category=category,
            organiser=organiser,
            organiser_kind=organiser_kind,
            organiser_name=organiser_name,
        ),
        signers=list(signers),
    )


def submitted(org: Org, **kwargs) -> Proposal:
    proposal = draft(org, **kwargs)
    return services.proposal_submit(proposal=proposal, by=proposal.author)


def joint_awaiting(org: Org, **kwargs) -> Proposal:
    """A joint proposal of org.member with org.other_member invited to co-sign."""
    return submitted(org, kind=Proposal.Kind.JOINT, signers=[org.other_member], **kwargs)


def filed(org: Org, **kwargs) -> Proposal:
    proposal = submitted(org, **kwargs)
    return services.proposal_decide(
        proposal=proposal, by=org.reviewer, review=services.Review(decision="file")
    )


DEFAULT = object()


def assigned(org: Org, *, co=(), separate=(), lead=DEFAULT, deadline=None, **kwargs):
    """Filed and assigned: by default to org.department as the lead unit."""
    proposal = filed(org, **kwargs)
    if lead is DEFAULT:
        lead = None if separate else org.department
    plan = services.Plan(
        lead=lead,
        co=list(co),
        separate=list(separate),
        deadline=deadline,
    )
    services.proposal_assign(proposal=proposal, by=org.office, plan=plan)
    proposal.refresh_from_db()
    return proposal


def lead_assignment(proposal: Proposal) -> Assignment:
    return proposal.assignments.get(
        round=proposal.round,
        role__in=["lead", "separate"],
        status__in=["assigned", "handling", "replied"],
    )


def contact(org: Org, assignment: Assignment, *, by=None) -> Communication:
    return services.communication_record(
        assignment=assignment,
        by=by or org.unit,
        contact=services.Contact(
            contacted_on=timezone.localdate(), way="phone", summary="电话沟通，听取提案者意见。"
        ),
    )


def category(org: Org, code: str = "A") -> ReplyCategory:
    return ReplyCategory.objects.get(body=org.body, code=code)


def reply(org: Org, assignment: Assignment, *, code: str = "A", by=None):
    return services.assignment_reply(
        assignment=assignment,
        by=by or org.unit,
        answer=services.Answer(category=category(org, code), text="已纳入2026年工作计划。"),
    )


def replied(org: Org, **kwargs) -> Proposal:
    proposal = assigned(org, **kwargs)
    assignment = lead_assignment(proposal)
    contact(org, assignment)
    reply(org, assignment)
    proposal.refresh_from_db()
    return proposal


def evaluated(org: Org, result: str = "satisfied", comment: str = "", **kwargs) -> Proposal:
    proposal = replied(org, **kwargs)
    services.proposal_evaluate(
        proposal=proposal, by=org.member_user, result=result, comment=comment
    )
    proposal.refresh_from_db()
    return proposal


def days_ago(n: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=n)


def statuses(proposal: Proposal) -> list[tuple[str, str]]:
    return [(log.from_state, log.to_state) for log in transitions_of(proposal)]


def refused(call, fragment: str) -> None:
    """The call is refused with a ValidationError whose message contains `fragment`."""
    with pytest.raises(ValidationError) as error:
        call()
    assert fragment in error.value.messages[0], error.value.messages


def log_count() -> int:
    return TransitionLog.objects.count()
