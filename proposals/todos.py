"""The proposal work waiting for each person (portal.registry.todo_kinds): co-sign
requests, reviews, recommendations to confirm, filed proposals to assign, assignments to
accept and to answer, communications to confirm, replies to rate.

Who holds which power is read from the roles loaded once per request
(`portal.access.roles_of`), so deciding which kinds apply costs no query; the kernel
counts all kinds in one query. The keys are also the `task` of the notifications that
ask for the work (proposals.services.common.tell)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisation.models import Committee, SectorGroup
from portal.access import roles_of
from portal.models import Role, User
from portal.registry import Todo, TodoKind

from .models import Assignment, Communication, Proposal, ProposalSigner, Reply

S = Proposal.Status

COSIGN = "proposals.cosign"
REVIEW = "proposals.review"
CONFIRM = "proposals.confirm"
ASSIGN = "proposals.assign"
ACCEPT = "proposals.accept"
ANSWER = "proposals.answer"
COMMUNICATION = "proposals.communication"
RATE = "proposals.rate"


@dataclass(frozen=True)
class Holder:
    """The proposal powers of a user in his own body, from his role rows."""

    body_id: int | None
    member_id: int | None
    reviewer: bool
    manages: bool
    department_ids: tuple[int, ...]
    staff_committee_ids: tuple[int, ...]


def holder(user: User) -> Holder:
    roles = roles_of(user)
    own = [a for a in roles.assignments if a.body_id == user.body_id]
    staff = [a for a in own if a.role == Role.COMMITTEE_STAFF]
    member = roles.member
    return Holder(
        body_id=user.body_id,
        member_id=member.pk if member is not None and member.body_id == user.body_id else None,
        reviewer=any(a.role == Role.REVIEWER for a in own),
        manages=any(a.role == Role.OFFICE for a in own)
        or any(a.committee.kind == Committee.Kind.PROPOSALS for a in staff),
        department_ids=tuple(a.department_id for a in own if a.role == Role.HANDLING_UNIT),
        staff_committee_ids=tuple(a.committee_id for a in staff),
    )


def _detail(proposal: Proposal) -> str:
    return reverse("proposals:proposal_detail", args=[proposal.pk])


def _name(proposal: Proposal) -> str:
    if proposal.number:
        return f"{proposal.number}《{proposal.title}》"
    return f"《{proposal.title}》"


PROPOSER = ("first_proposer", "organiser_committee", "organiser_sector_group", "organiser_sector")


def _led_by(user: User, h: Holder) -> Q:
    """Proposals the user speaks for: his own as first proposer; collective ones he wrote
    or whose organiser committee he works for (proposals.permissions.is_lead_proposer)."""
    q = Q(kind=Proposal.Kind.COLLECTIVE) & (
        Q(author=user)
        | Q(organiser_committee_id__in=h.staff_committee_ids)
        | Q(organiser_sector_group__committee_id__in=h.staff_committee_ids)
    )
    if h.member_id is not None:
        q |= Q(first_proposer_id=h.member_id)
    return q


def _through(relation: str, q: Q) -> Q:
    """`q` (written for proposals) as a filter of the rows whose `relation` is the proposal."""
    moved = Q()
    moved.connector, moved.negated = q.connector, q.negated
    moved.children = [
        _through(relation, child) if isinstance(child, Q) else (f"{relation}__{child[0]}", child[1])
        for child in q.children
    ]
    return moved


# ---- members: co-signing, communications, ratings -------------------------------------------


def cosign_open(user: User) -> QuerySet | None:
    h = holder(user)
    if h.member_id is None:
        return None
    return (
        ProposalSigner.objects.filter(
            member_id=h.member_id,
            status=ProposalSigner.Status.INVITED,
            proposal__status=S.AWAITING_SIGNERS,
        )
        .select_related("proposal__first_proposer")
        .order_by("invited_at", "pk")
    )


def cosign_todo(row: ProposalSigner) -> Todo:
    proposal = row.proposal
    return Todo(
        title=_("确认联名：%(name)s") % {"name": _name(proposal)},
        url=_detail(proposal),
        since=row.invited_at,
        detail=_("第一提案人：%(name)s") % {"name": proposal.first_proposer},
    )


def _led_sets(user: User, h: Holder) -> list[QuerySet]:
    """The ids of the proposals of `_led_by`, as one small set per indexed column."""
    body = Proposal.objects.filter(body_id=h.body_id)
    collective = body.filter(kind=Proposal.Kind.COLLECTIVE)
    sets = [collective.filter(author=user)]
    if h.staff_committee_ids:
        sets.append(collective.filter(organiser_committee_id__in=h.staff_committee_ids))
        groups = SectorGroup.objects.filter(committee_id__in=h.staff_committee_ids)
        sets.append(collective.filter(organiser_sector_group_id__in=groups.values("pk")))
    if h.member_id is not None:
        sets.append(body.filter(first_proposer_id=h.member_id))
    return [s.values("pk") for s in sets]


def communication_open(user: User) -> QuerySet | None:
    h = holder(user)
    if h.member_id is None and not h.staff_committee_ids:
        return None
    # The few pending communications (their partial index) tested against small sets of
    # proposal ids, each found by its own index — not the body's thousands of proposals
    # tested one by one against an OR (as `_led_by` would).
    mine = Q()
    for ids in _led_sets(user, h):
        mine |= Q(proposal_id__in=ids)
    if h.member_id is not None:
        signed = ProposalSigner.objects.filter(
            member_id=h.member_id,
            status=ProposalSigner.Status.CONFIRMED,
            proposal__body_id=h.body_id,
        ).values("proposal_id")
        mine |= Q(proposal_id__in=signed)
    return (
        Communication.objects.filter(answer=Communication.Answer.PENDING)
        .filter(mine)
        .select_related("proposal", "assignment__department")
        .order_by("recorded_at", "pk")
    )


def communication_todo(row: Communication) -> Todo:
    return Todo(
        title=_("确认沟通情况：%(name)s") % {"name": _name(row.proposal)},
        url=_detail(row.proposal),
        since=row.recorded_at,
        detail=_("%(unit)s · %(way)s · %(day)s")
        % {
            "unit": row.assignment.department,
            "way": row.get_way_display(),
            "day": row.contacted_on.isoformat(),
        },
    )


def rate_open(user: User) -> QuerySet | None:
    h = holder(user)
    if h.member_id is None and not h.staff_committee_ids:
        return None
    replied = Reply.objects.filter(proposal=OuterRef("pk"), round=OuterRef("round")).order_by(
        "-replied_at"
    )
    return (
        Proposal.objects.filter(body_id=h.body_id, status=S.REPLIED)
        .filter(_led_by(user, h))
        .annotate(replied_at=Subquery(replied.values("replied_at")[:1]))
        .order_by("replied_at", "pk")
    )


def rate_todo(proposal: Proposal) -> Todo:
    return Todo(
        title=_("评价办理答复：%(name)s") % {"name": _name(proposal)},
        url=_detail(proposal),
        since=proposal.replied_at,
        detail=_("满意、基本满意或不满意"),
    )


# ---- reviewers and the proposals committee --------------------------------------------------


def review_open(user: User) -> QuerySet | None:
    h = holder(user)
    if not h.reviewer:
        return None
    own = Q(author=user)
    if h.member_id is not None:
        own |= Q(first_proposer_id=h.member_id) | Q(
            pk__in=ProposalSigner.objects.filter(member_id=h.member_id).values("proposal_id")
        )
    return (
        Proposal.objects.filter(body_id=h.body_id, status=S.SUBMITTED, recommendation="")
        .exclude(own)
        .select_related(*PROPOSER)
        .order_by("submitted_at", "pk")
    )


def review_todo(proposal: Proposal) -> Todo:
    return Todo(
        title=_("审查提案：%(name)s") % {"name": _name(proposal)},
        url=_detail(proposal),
        since=proposal.submitted_at,
        detail=_("提案者：%(name)s") % {"name": proposal.proposer_label},
    )


def confirm_open(user: User) -> QuerySet | None:
    h = holder(user)
    if not h.manages:
        return None
    return (
        Proposal.objects.filter(body_id=h.body_id, status=S.SUBMITTED)
        .exclude(recommendation="")
        .exclude(recommended_by=user)
        .select_related("recommended_by")
        .order_by("recommended_at", "pk")
    )


def confirm_todo(proposal: Proposal) -> Todo:
    return Todo(
        title=_("确认审查建议：%(name)s") % {"name": _name(proposal)},
        url=_detail(proposal),
        since=proposal.recommended_at,
        detail=_("%(who)s 建议%(decision)s")
        % {"who": proposal.recommended_by, "decision": proposal.get_recommendation_display()},
    )


def assign_open(user: User) -> QuerySet | None:
    h = holder(user)
    if not h.manages:
        return None
    return Proposal.objects.filter(body_id=h.body_id, status=S.FILED).order_by("filed_at", "pk")


def assign_todo(proposal: Proposal) -> Todo:
    return Todo(
        title=_("交办提案：%(name)s") % {"name": _name(proposal)},
        url=reverse("proposals:proposal_assign", args=[proposal.pk]),
        since=proposal.filed_at,
        detail=_("已立案，待交办承办单位"),
    )


# ---- handling units -------------------------------------------------------------------------


def _assignments(user: User, status: str) -> QuerySet | None:
    h = holder(user)
    if not h.department_ids:
        return None
    return Assignment.objects.filter(
        department_id__in=h.department_ids, status=status, proposal__body_id=h.body_id
    ).select_related("proposal", "department")


def accept_open(user: User) -> QuerySet | None:
    qs = _assignments(user, Assignment.Status.ASSIGNED)
    return qs.order_by("assigned_at", "pk") if qs is not None else None


def accept_todo(row: Assignment) -> Todo:
    return Todo(
        title=_("签收或退回交办：%(name)s") % {"name": _name(row.proposal)},
        url=_detail(row.proposal),
        since=row.assigned_at,
        due=row.deadline,
        detail=_("%(unit)s · %(role)s") % {"unit": row.department, "role": row.get_role_display()},
    )


def answer_open(user: User) -> QuerySet | None:
    qs = _assignments(user, Assignment.Status.HANDLING)
    return qs.order_by("assigned_at", "pk") if qs is not None else None


def answer_todo(row: Assignment) -> Todo:
    title = _("答复提案者：%(name)s") if row.answers_proposer else _("提交协办意见：%(name)s")
    return Todo(
        title=title % {"name": _name(row.proposal)},
        url=_detail(row.proposal),
        since=row.assigned_at,
        due=row.deadline,
        detail=_("%(unit)s · %(role)s") % {"unit": row.department, "role": row.get_role_display()},
    )


KINDS = (
    TodoKind(COSIGN, gettext_lazy("联名邀请"), cosign_open, cosign_todo, order=20),
    TodoKind(COMMUNICATION, gettext_lazy("沟通待确认"), communication_open, communication_todo, 21),
    TodoKind(RATE, gettext_lazy("答复待评价"), rate_open, rate_todo, order=22),
    TodoKind(REVIEW, gettext_lazy("提案待审查"), review_open, review_todo, order=23),
    TodoKind(CONFIRM, gettext_lazy("审查建议待确认"), confirm_open, confirm_todo, order=24),
    TodoKind(ASSIGN, gettext_lazy("提案待交办"), assign_open, assign_todo, order=25),
    TodoKind(ACCEPT, gettext_lazy("交办待签收"), accept_open, accept_todo, order=26),
    TodoKind(ANSWER, gettext_lazy("提案待答复"), answer_open, answer_todo, order=27),
)
