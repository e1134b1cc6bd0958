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

from django.db.models import F, Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Notification, Role, RoleAssignment, User

from .. import conf, todos
from ..models import Assignment, Evaluation, Proposal, ProposalSigner
from .common import manager_users_of, proposer_users_of, tell

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


@dataclass
class Due:
    """One reminder that may be due: whom, about what, and its dedupe key."""

    users: list[User]
    proposal: Proposal
    title: str
    body: str
    key: str
    task: str
    about: Model | None = None


def _send(due: list[Due]) -> int:
    """Send the reminders not sent before. The keys already stored for the candidates are
    read in one query, so a run costs the same whatever was reminded before; only the
    people still owed a reminder go through `tell` (which keeps the once-only guarantee
    against a concurrent run)."""
    keys = {d.key for d in due}
    people = {u.pk for d in due for u in d.users}
    already = (
        set(
            Notification.objects.filter(recipient_id__in=people, dedupe_key__in=keys).values_list(
                "recipient_id", "dedupe_key"
            )
        )
        if keys and people
        else set()
    )
    sent = 0
    for d in due:
        users = [u for u in d.users if (u.pk, d.key) not in already]
        if users:
            sent += len(tell(users, d.proposal, d.title, d.body, d.key, task=d.task, about=d.about))
    return sent


def remind_deadlines(today: dt.date) -> int:
    horizon = today + dt.timedelta(days=max(conf.REMINDER_DAYS_BEFORE_DEADLINE))
    rows = list(
        Assignment.objects.filter(
            status__in=Assignment.ACTIVE_STATES,
            deadline__lte=horizon,
            proposal__status__in=Proposal.IN_HANDLING_STATES,
        ).select_related("proposal", "department")
    )
    people = _unit_users_by_department({a.department_id for a in rows})
    roles = dict(Assignment.Role.choices)
    due = []
    for assignment in rows:
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
        due.append(
            Due(
                people[assignment.department_id],
                proposal,
                title,
                _("办理期限：%(day)s（%(role)s）")
                % {"day": assignment.deadline.isoformat(), "role": roles[assignment.role]},
                f"proposal:{proposal.pk}:assignment:{assignment.pk}:deadline:{step}",
                todos.ANSWER,
                assignment,
            )
        )
    return _send(due)


def remind_signers(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=int(conf.get("PROPOSALS_SIGNER_REMINDER_DAYS")))
    rows = ProposalSigner.objects.filter(
        status=ProposalSigner.Status.INVITED,
        invited_at__lte=cutoff,
        proposal__status=S.AWAITING_SIGNERS,
        member__user__isnull=False,
    ).select_related("proposal__first_proposer", "member__user")
    due = []
    for row in rows:
        invited_on = timezone.localdate(row.invited_at).isoformat()
        due.append(
            Due(
                [row.member.user],
                row.proposal,
                _("请确认是否联名提案《%(title)s》（%(name)s 邀请）")
                % {"title": row.proposal.title, "name": row.proposal.first_proposer},
                "",
                f"proposal:{row.proposal_id}:signer:{row.member_id}:{invited_on}",
                todos.COSIGN,
            )
        )
    return _send(due)


def remind_ratings(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=int(conf.get("PROPOSALS_RATING_REMINDER_DAYS")))
    proposals = list(
        Proposal.objects.filter(status=S.REPLIED)
        .annotate(last_reply=Max("replies__replied_at"))
        .filter(last_reply__lte=cutoff)
        .select_related("first_proposer__user", "organiser_sector_group")
    )
    rated = set(
        Evaluation.objects.filter(
            proposal_id__in=[p.pk for p in proposals],
            round=F("proposal__round"),
        ).values_list("proposal_id", "evaluator_id")
    )
    proposers = proposer_users_of(proposals)
    due = [
        Due(
            [u for u in proposers[proposal.pk] if (proposal.pk, u.pk) not in rated],
            proposal,
            _("请评价提案《%(title)s》的办理答复") % {"title": proposal.title},
            "",
            f"proposal:{proposal.pk}:round:{proposal.round}:rate",
            todos.RATE,
        )
        for proposal in proposals
    ]
    return _send(due)


def remind_reviews(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=int(conf.get("PROPOSALS_REVIEW_REMINDER_DAYS")))
    waiting = list(Proposal.objects.filter(status=S.SUBMITTED, submitted_at__lte=cutoff))
    managers = manager_users_of({p.body_id for p in waiting})
    due = []
    for proposal in waiting:
        due.append(
            Due(
                managers[proposal.body_id],
                proposal,
                _("提案等待审查已超过 %(n)d 天：《%(title)s》")
                % {"n": (now - proposal.submitted_at).days, "title": proposal.title},
                "",
                f"proposal:{proposal.pk}:review-waiting",
                todos.REVIEW,
            )
        )
    return _send(due)


def send_due_reminders() -> Sent:
    now = timezone.now()
    return Sent(
        deadlines=remind_deadlines(timezone.localdate(now)),
        signers=remind_signers(now),
        ratings=remind_ratings(now),
        reviews=remind_reviews(now),
    )
