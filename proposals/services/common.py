"""Pieces every proposal service uses: locking, saving with the actor for the history,
who is told what, and the checks of who acts."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.urls import reverse
from django.utils import timezone

from organisation.models import Committee
from portal.models import Notification, Role, RoleAssignment, User
from portal.services import notify

from ..models import Proposal, ProposalSigner


def lock(proposal: Proposal) -> Proposal:
    """The proposal re-read under a row lock, with what the checks need."""
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("first_proposer__user", "organiser_sector_group", "body")
        .get(pk=proposal.pk)
    )


def lock_all(*proposals: Proposal) -> dict[int, Proposal]:
    """Several proposals re-read under row locks in one query, taken in id order (two
    decisions locking the same pair never wait for each other crosswise)."""
    rows = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("first_proposer__user", "organiser_sector_group", "body")
        .filter(pk__in=[p.pk for p in proposals])
        .order_by("pk")
    )
    return {row.pk: row for row in rows}


def save(proposal: Proposal, by: User | None, fields: Iterable[str]) -> None:
    proposal.updated_at = timezone.now()
    proposal._history_user = by
    proposal.save(update_fields=[*fields, "updated_at"])


def refuse(message: str) -> ValidationError:
    return ValidationError(message)


def url_of(proposal: Proposal) -> str:
    return reverse("proposals:proposal_detail", args=[proposal.pk])


# Who is told ------------------------------------------------------------------------------


def proposer_users(proposal: Proposal) -> list[User]:
    """The lead proposer (a collective proposal: its author and the organiser committee's
    staff) and the co-proposers who confirmed."""
    return proposer_users_of([proposal])[proposal.pk]


def proposer_users_of(proposals: Iterable[Proposal]) -> dict[int, list[User]]:
    """`proposer_users` of many proposals in three queries, by proposal id."""
    proposals = list(proposals)
    leads = {
        p.pk: p.author_id if p.is_collective else (p.first_proposer and p.first_proposer.user_id)
        for p in proposals
    }
    lead_users = User.objects.in_bulk({pk for pk in leads.values() if pk})
    committees = {p.collective_committee_id for p in proposals if p.is_collective}
    staff: dict[int, list[User]] = {}
    if committees - {None}:
        rows = RoleAssignment.objects.filter(
            role=Role.COMMITTEE_STAFF, committee_id__in=committees - {None}
        ).select_related("user")
        for row in rows.order_by("pk"):
            staff.setdefault(row.committee_id, []).append(row.user)
    signers: dict[int, list[User]] = {}
    rows = ProposalSigner.objects.filter(
        proposal_id__in=leads,
        status=ProposalSigner.Status.CONFIRMED,
        member__user__isnull=False,
    ).select_related("member__user")
    for row in rows.order_by("pk"):
        signers.setdefault(row.proposal_id, []).append(row.member.user)
    result: dict[int, list[User]] = {}
    for p in proposals:
        users = [lead_users[leads[p.pk]]] if leads[p.pk] in lead_users else []
        if p.is_collective:
            users += staff.get(p.collective_committee_id, [])
        users += signers.get(p.pk, [])
        result[p.pk] = list({u.pk: u for u in users}.values())
    return result


def unit_users(department_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(
            role_assignments__role=Role.HANDLING_UNIT,
            role_assignments__department_id__in=list(department_ids),
        ).distinct()
    )


def manager_users(body_id: int) -> list[User]:
    """The office and the proposals committee's staff of a body."""
    return manager_users_of([body_id])[body_id]


def manager_users_of(body_ids: Iterable[int]) -> dict[int, list[User]]:
    """`manager_users` of several bodies in one query, by body id."""
    body_ids = set(body_ids)
    rows = (
        RoleAssignment.objects.filter(body_id__in=body_ids)
        .filter(
            Q(role=Role.OFFICE)
            | Q(role=Role.COMMITTEE_STAFF, committee__kind=Committee.Kind.PROPOSALS)
        )
        .select_related("user")
        .order_by("pk")
    )
    people: dict[int, dict[int, User]] = {pk: {} for pk in body_ids}
    for row in rows:
        people[row.body_id].setdefault(row.user_id, row.user)
    return {pk: list(users.values()) for pk, users in people.items()}


def tell(
    users: Iterable[User],
    proposal: Proposal,
    title: str,
    body: str = "",
    dedupe_key: str = "",
    *,
    task: str = "",
    about: Model | None = None,
) -> list[Notification]:
    """Notify about a proposal, linking to its page; returns the notifications made now.
    `task` (a key of proposals.todos) marks the work it asks for, on `about` (the proposal,
    or its assignment or communication): `notifications_close` ends it when done."""
    return notify(
        recipients=users,
        title=title,
        body=body,
        url=url_of(proposal),
        dedupe_key=dedupe_key,
        target=about or proposal,
        task=task,
    )
