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
    users: list[User] = []
    if proposal.is_collective:
        committee_id = proposal.organiser_committee_id
        if committee_id is None:
            committee_id = proposal.organiser_sector_group.committee_id
        users += list(
            User.objects.filter(
                Q(pk=proposal.author_id)
                | Q(
                    role_assignments__role=Role.COMMITTEE_STAFF,
                    role_assignments__committee_id=committee_id,
                )
            ).distinct()
        )
    elif proposal.first_proposer and proposal.first_proposer.user_id:
        users.append(proposal.first_proposer.user)
    users += list(
        User.objects.filter(
            member__signed_proposals__proposal=proposal,
            member__signed_proposals__status=ProposalSigner.Status.CONFIRMED,
        )
    )
    return users


def unit_users(department_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(
            role_assignments__role=Role.HANDLING_UNIT,
            role_assignments__department_id__in=list(department_ids),
        ).distinct()
    )


def manager_users(body_id: int) -> list[User]:
    """The office and the proposals committee's staff of a body."""
    rows = RoleAssignment.objects.filter(body_id=body_id).filter(
        Q(role=Role.OFFICE) | Q(role=Role.COMMITTEE_STAFF, committee__kind=Committee.Kind.PROPOSALS)
    )
    return list(User.objects.filter(pk__in=rows.values("user_id")))


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
