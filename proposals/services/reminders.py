"""The daily reminders (Celery beat → proposals.tasks). Each reminder has a dedupe key, so
`portal.services.notify` sends it once however often the job runs:

- handling units: 30, 7 and 1 days before their deadline, and once when overdue;
- co-signers who have not answered an invitation after a few days;
- proposers who have not rated a reply after 15 days;
- the office and the proposals committee: proposals waiting for review for a week.
Days are calendar days in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Role, RoleAssignment, User

from .. import conf, todos
from ..models import Assignment, Evaluation, Proposal, ProposalSigner
from .common import manager_users, proposer_users, tell

A = Assignment.Status
S = Proposal.Status


@dataclass
class Sent:
    deadlines: int = 0
    signers: int = 0
    ratings: int = 0
    reviews: int = 0


def deadline_step(days_left: int) -> str | None:
    """Which reminder is due with `days_left` days to the deadline: the smallest of 30, 7,
    1 that is not below it, or "overdue". A day the job did not run is caught up next time
    (the dedupe key still sends each step once)."""
    if days_left < 0:
        return "overdue"
    for step in sorted(conf.REMINDER_DAYS_BEFORE_DEADLINE):
        if days_left <= step:
            return str(step)
    return None


def _unit_users_by_department(department_ids: set[int]) -> dict[int, list[User]]:
    people: dict[int, list[User]] = defaultdict(list)
    rows = RoleAssignment.objects.filter(
        role=Role.HANDLING_UNIT, department_id__in=department_ids
    ).select_related("user")
    for row in rows:
        people[row.department_id].append(row.user)
    return people


def remind_deadlines(today: dt.date) -> int:
    horizon = today + dt.timedelta(days=max(conf.REMINDER_DAYS_BEFORE_DEADLINE))
    due = list(
        Assignment.objects.filter(
            status__in=Assignment.ACTIVE_STATES,
            deadline__lte=horizon,
            proposal__status__in=Proposal.IN_HANDLING_STATES,
        ).select_related("proposal", "department")
    )
    people = _unit_users_by_department({a.department_id for a in due})
    sent = 0
    for assignment in due:
        left = (assignment.deadline - today).days
        step = deadline_step(left)
        if step is None:
            continue
        proposal = assignment.proposal
        if step == "overdue":
            title = _("提案办理已逾期 %(n)d 天：%(number)s《%(title)s》") % {
                "n": -left,
                "number": proposal.number,
                "title": proposal.title,
            }
        else:
            title = _("提案办理期限还有 %(n)d 天：%(number)s《%(title)s》") % {
                "n": left,
                "number": proposal.number,
                "title": proposal.title,
            }
        sent += len(
            tell(
                people[assignment.department_id],
                proposal,
                title,
                _("办理期限：%(day)s（%(role)s）")
                % {"day": assignment.deadline.isoformat(), "role": assignment.get_role_display()},
                dedupe_key=f"proposal:{proposal.pk}:assignment:{assignment.pk}:deadline:{step}",
                task=todos.ANSWER,
                about=assignment,
            )
        )
    return sent


def remind_signers(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=int(conf.get("PROPOSALS_SIGNER_REMINDER_DAYS")))
    rows = ProposalSigner.objects.filter(
        status=ProposalSigner.Status.INVITED,
        invited_at__lte=cutoff,
        proposal__status=S.AWAITING_SIGNERS,
        member__user__isnull=False,
    ).select_related("proposal__first_proposer", "member__user")
    sent = 0
    for row in rows:
        invited_on = timezone.localdate(row.invited_at).isoformat()
        sent += len(
            tell(
                [row.member.user],
                row.proposal,
                _("请确认是否联名提案《%(title)s》（%(name)s 邀请）")
                % {"title": row.proposal.title, "name": row.proposal.first_proposer},
                dedupe_key=f"proposal:{row.proposal_id}:signer:{row.member_id}:{invited_on}",
                task=todos.COSIGN,
            )
        )
    return sent


def remind_ratings(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=int(conf.get("PROPOSALS_RATING_REMINDER_DAYS")))
    proposals = (
        Proposal.objects.filter(status=S.REPLIED)
        .annotate(last_reply=Max("replies__replied_at"))
        .filter(last_reply__lte=cutoff)
        .select_related("first_proposer__user", "organiser_sector_group")
    )
    sent = 0
    for proposal in proposals:
        rated = set(
            Evaluation.objects.filter(proposal=proposal, round=proposal.round).values_list(
                "evaluator_id", flat=True
            )
        )
        users = [u for u in proposer_users(proposal) if u.pk not in rated]
        sent += len(
            tell(
                users,
                proposal,
                _("请评价提案《%(title)s》的办理答复") % {"title": proposal.title},
                dedupe_key=f"proposal:{proposal.pk}:round:{proposal.round}:rate",
                task=todos.RATE,
            )
        )
    return sent


def remind_reviews(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=int(conf.get("PROPOSALS_REVIEW_REMINDER_DAYS")))
    waiting = Proposal.objects.filter(status=S.SUBMITTED, submitted_at__lte=cutoff)
    managers: dict[int, list[User]] = {}
    sent = 0
    for proposal in waiting:
        users = managers.setdefault(proposal.body_id, manager_users(proposal.body_id))
        sent += len(
            tell(
                users,
                proposal,
                _("提案等待审查已超过 %(n)d 天：《%(title)s》")
                % {"n": (now - proposal.submitted_at).days, "title": proposal.title},
                dedupe_key=f"proposal:{proposal.pk}:review-waiting",
                task=todos.REVIEW,
            )
        )
    return sent


def send_due_reminders() -> Sent:
    now = timezone.now()
    return Sent(
        deadlines=remind_deadlines(timezone.localdate(now)),
        signers=remind_signers(now),
        ratings=remind_ratings(now),
        reviews=remind_reviews(now),
    )
