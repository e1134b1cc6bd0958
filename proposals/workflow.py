"""Every state and transition of proposals, in one place (STYLE.md). Services perform
them with `PROPOSAL.move(proposal, target, by=user, comment=...)`, which checks who acts,
refuses in Chinese and writes the transition log — the proposal's history page.

The proposal's path (SPEC §3.4):

- 草稿 → 待审查 (个人/集体), or 草稿 → 待联名确认 → 待审查 once every co-signer answered
  (back to 草稿 when all declined or the author takes it back);
- 待审查 → 立案 (numbered) / 并案 / 不予立案, by reviewers; 撤回 by the author before that;
- 立案 → 已交办 → 办理中 → 已答复 → 已评价 → 办结; a returned assignment with no answering
  unit left sends it from 已交办/办理中 back to 立案;
- 已评价 → 重新办理 → 已答复 once, when the first proposer is 不满意.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.workflow import Transition, Workflow

from . import permissions as can
from .models import Assignment, Communication, Proposal, ProposalSigner

S = Proposal.Status

PROPOSAL = Workflow(
    Transition(S.DRAFT, S.SUBMITTED, _("提交"), allowed=can.is_author),
    Transition(S.DRAFT, S.AWAITING_SIGNERS, _("提交联名确认"), allowed=can.is_author),
    Transition(S.DRAFT, S.WITHDRAWN, _("撤回"), allowed=can.is_author),
    # The last co-signer's answer completes the round of confirmations.
    Transition(S.AWAITING_SIGNERS, S.SUBMITTED, _("联名确认完成"), allowed=can.is_signer),
    Transition(
        S.AWAITING_SIGNERS,
        S.DRAFT,
        _("退回草稿"),
        allowed=lambda p, u: can.is_author(p, u) or can.is_signer(p, u),
    ),
    Transition(S.AWAITING_SIGNERS, S.WITHDRAWN, _("撤回"), allowed=can.is_author),
    Transition(S.SUBMITTED, S.WITHDRAWN, _("撤回"), allowed=can.is_author),
    Transition(S.SUBMITTED, S.FILED, _("立案"), allowed=can.reviews),
    Transition(S.SUBMITTED, S.MERGED, _("并案"), allowed=can.reviews),
    Transition(S.SUBMITTED, S.NOT_FILED, _("不予立案"), allowed=can.reviews),
    Transition(S.FILED, S.ASSIGNED, _("交办"), allowed=can.manages),
    Transition(S.ASSIGNED, S.HANDLING, _("签收办理"), allowed=can.handles_current_round),
    # A returned assignment with no other answering unit left goes back to the office.
    Transition(
        S.ASSIGNED,
        S.FILED,
        _("退回重新交办"),
        allowed=lambda p, u: can.handles_current_round(p, u) or can.manages(p, u),
        needs_comment=True,
    ),
    Transition(
        S.HANDLING,
        S.FILED,
        _("退回重新交办"),
        allowed=lambda p, u: can.handles_current_round(p, u) or can.manages(p, u),
        needs_comment=True,
    ),
    Transition(S.HANDLING, S.REPLIED, _("答复"), allowed=can.handles_current_round),
    Transition(S.REPLIED, S.EVALUATED, _("评价"), allowed=can.is_lead_proposer),
    # 不满意 sends it back once (round 1 only; the service checks the round).
    Transition(
        S.EVALUATED,
        S.REHANDLING,
        _("重新办理"),
        allowed=can.is_lead_proposer,
        needs_comment=True,
    ),
    Transition(S.REHANDLING, S.REPLIED, _("再次答复"), allowed=can.handles_current_round),
    Transition(S.EVALUATED, S.CLOSED, _("办结"), allowed=can.manages),
    # The proposer never rated: the office closes it with a reason.
    Transition(S.REPLIED, S.CLOSED, _("办结（未评价）"), allowed=can.manages, needs_comment=True),
)

A = Assignment.Status


def _acts_for(assignment: Assignment, user) -> bool:
    return can.acts_for(assignment, user)


def _acts_for_or_manages(assignment: Assignment, user) -> bool:
    """Cancelling: the office, or a unit of the same proposal whose return cancels the
    co-units with it."""
    proposal = assignment.proposal
    return can.manages(proposal, user) or can.handles_current_round(proposal, user)


def _assigns(assignment: Assignment, user) -> bool:
    """A new routing row: made by the office, or (re-handling) by the first proposer's
    不满意."""
    proposal = assignment.proposal
    return can.manages(proposal, user) or can.is_lead_proposer(proposal, user)


ASSIGNMENT = Workflow(
    # A new row enters the table with an empty state (services.handling.create_assignment).
    Transition("", A.ASSIGNED, _("交办"), allowed=_assigns),
    Transition(A.ASSIGNED, A.HANDLING, _("签收"), allowed=_acts_for),
    Transition(A.ASSIGNED, A.RETURNED, _("退回"), allowed=_acts_for, needs_comment=True),
    Transition(A.HANDLING, A.REPLIED, _("答复"), allowed=_acts_for),
    Transition(A.HANDLING, A.OPINION_SENT, _("提交协办意见"), allowed=_acts_for),
    Transition(A.ASSIGNED, A.CANCELLED, _("撤销交办"), allowed=_acts_for_or_manages),
    Transition(A.HANDLING, A.CANCELLED, _("撤销交办"), allowed=_acts_for_or_manages),
)

G = ProposalSigner.Status


def _author_of(signer: ProposalSigner, user) -> bool:
    return can.is_author(signer.proposal, user)


SIGNER = Workflow(
    Transition(G.INVITED, G.CONFIRMED, _("确认联名"), allowed=can.is_invited_member),
    Transition(G.INVITED, G.DECLINED, _("谢绝联名"), allowed=can.is_invited_member),
    # The author resubmits after editing: everyone is asked again.
    Transition(G.CONFIRMED, G.INVITED, _("重新邀请"), allowed=_author_of),
    Transition(G.DECLINED, G.INVITED, _("重新邀请"), allowed=_author_of),
)

C = Communication.Answer


def _proposer_of(communication: Communication, user) -> bool:
    return can.is_proposer(communication.proposal, user)


COMMUNICATION = Workflow(
    Transition(C.PENDING, C.CONFIRMED, _("确认已沟通"), allowed=_proposer_of),
    Transition(C.PENDING, C.DISPUTED, _("反映未沟通"), allowed=_proposer_of),
    field="answer",
)
