"""Evaluation (SPEC §3.4 step 5): each proposer rates the replies 满意 / 基本满意 / 不满意;
the lead proposer's 不满意 sends the proposal back once for re-handling (重新办理) with a
new deadline, the first round's deadlines kept. The office then closes it (办结)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User
from portal.services import notifications_close

from .. import deadlines, todos
from .. import permissions as can
from ..models import Assignment, Evaluation, Proposal
from ..workflow import PROPOSAL
from .common import lock, manager_users, proposer_users, save, tell, unit_users
from .handling import create_assignment

S = Proposal.Status
A = Assignment.Status
E = Evaluation.Result


@transaction.atomic
def proposal_evaluate(
    *, proposal: Proposal, by: User, result: str, comment: str = ""
) -> Evaluation:
    proposal = lock(proposal)
    lead = can.is_lead_proposer(proposal, by)
    if not lead and not can.is_co_proposer(proposal, by):
        raise ValidationError(_("只有提案者可以评价办理情况。"))
    if result not in E.values:
        raise ValidationError(_("请选择满意、基本满意或不满意。"))
    if result == E.DISSATISFIED and not comment.strip():
        raise ValidationError(_("不满意时请写明理由，以便承办单位重新办理。"))
    open_states = (S.REPLIED,) if lead else (S.REPLIED, S.EVALUATED)
    if proposal.status not in open_states:
        raise ValidationError(
            _("该提案当前为「%(state)s」，不能评价。") % {"state": proposal.get_status_display()}
        )
    if Evaluation.objects.filter(proposal=proposal, round=proposal.round, evaluator=by).exists():
        raise ValidationError(_("您已评价过本轮答复。"))
    evaluation = Evaluation(
        proposal=proposal,
        round=proposal.round,
        evaluator=by,
        is_lead=lead,
        result=result,
        comment=comment.strip(),
        created_at=timezone.now(),
    )
    evaluation._history_user = by
    evaluation.save()
    notifications_close(target=proposal, task=todos.RATE, recipients=None if lead else [by])
    units = proposal.assignments.filter(
        round=proposal.round, status__in=[A.REPLIED, A.OPINION_SENT]
    ).values_list("department_id", flat=True)
    label = evaluation.get_result_display()
    tell(
        unit_users(units),
        proposal,
        _("提案者评价：%(result)s —《%(title)s》") % {"result": label, "title": proposal.title},
        evaluation.comment,
    )
    if not lead:
        return evaluation
    PROPOSAL.move(
        proposal, S.EVALUATED, by=by, comment="：".join(filter(None, [label, evaluation.comment]))
    )
    save(proposal, by, ["status"])
    if result == E.DISSATISFIED:
        if proposal.round == 1:
            _rehandle(proposal, by, evaluation.comment)
        else:
            tell(
                manager_users(proposal.body_id),
                proposal,
                _("重新办理后提案者仍不满意：《%(title)s》") % {"title": proposal.title},
                evaluation.comment,
            )
    return evaluation


def _rehandle(proposal: Proposal, by: User, reason: str) -> None:
    """Round 2: the units of round 1 handle it again under a new deadline; round 1's rows
    and deadlines stay as they were."""
    previous = list(
        proposal.assignments.filter(round=1, status__in=[A.REPLIED, A.OPINION_SENT]).select_related(
            "department"
        )
    )
    PROPOSAL.move(proposal, S.REHANDLING, by=by, comment=reason)
    proposal.round = 2
    save(proposal, by, ["status", "round"])
    deadline = deadlines.rehandling_deadline(timezone.localdate())
    for old in previous:
        again = create_assignment(
            proposal, department=old.department, role=old.role, deadline=deadline, by=by
        )
        tell(
            unit_users([old.department_id]),
            proposal,
            _("提案者不满意，请重新办理：%(number)s《%(title)s》，期限 %(day)s")
            % {"number": proposal.number, "title": proposal.title, "day": deadline.isoformat()},
            reason,
            task=todos.ACCEPT,
            about=again,
        )


@transaction.atomic
def proposal_close(*, proposal: Proposal, by: User, comment: str = "") -> Proposal:
    """办结: after the evaluation, or (with a reason) when the proposer never rated."""
    proposal = lock(proposal)
    PROPOSAL.move(proposal, S.CLOSED, by=by, comment=comment)
    notifications_close(target=proposal)
    proposal.closed_at = timezone.now()
    save(proposal, by, ["status", "closed_at"])
    tell(
        proposer_users(proposal), proposal, _("提案《%(title)s》已办结") % {"title": proposal.title}
    )
    return proposal
