"""Who holds which power over 社情民意. Deny by default. The information editors are the
holders of 社情民意编辑 (portal.Role.INFO_EDITOR: `organisation.edit_public_opinion` on the
body, granted by the office) and the office itself; committee staff (work_in_committee)
write in the name of their committee and its sector groups; a member writes his own.
Read once per request and cached on the user object (a revoked role takes effect on the
next request)."""

from __future__ import annotations

from dataclasses import dataclass

from organisation.access import committees_where
from organisation.models import Body, SectorGroup
from portal.access import WORK_IN_COMMITTEE, forget_request_caches, roles_of
from portal.backends import perms_on
from portal.models import User

from .models import Author, Report


@dataclass(frozen=True)
class Powers:
    user_id: int | None = None
    body_id: int | None = None
    office: bool = False
    info_editor: bool = False
    staff_committee_ids: frozenset[int] = frozenset()
    staff_group_ids: frozenset[int] = frozenset()
    member_id: int | None = None

    @property
    def edits(self) -> bool:
        """Runs the information section's work (queue, issues, adoptions, forwarding)."""
        return self.office or self.info_editor

    @property
    def staff(self) -> bool:
        return bool(self.staff_committee_ids)

    @property
    def any(self) -> bool:
        return bool(self.edits or self.staff or self.member_id)


def powers_of(user: User) -> Powers:
    if not user.is_authenticated or user.body_id is None:
        return Powers()
    cached = getattr(user, "_opinion_powers", None)
    if cached is None:
        body_perms = perms_on(user, Body(pk=user.body_id))
        committees = frozenset(
            committees_where(user, WORK_IN_COMMITTEE).values_list("id", flat=True)
        )
        groups = (
            frozenset(
                SectorGroup.objects.filter(committee_id__in=committees).values_list("id", flat=True)
            )
            if committees
            else frozenset()
        )
        member = roles_of(user).member
        cached = user._opinion_powers = Powers(
            user_id=user.pk,
            body_id=user.body_id,
            office="manage_body" in body_perms,
            info_editor="edit_public_opinion" in body_perms,
            staff_committee_ids=committees,
            staff_group_ids=groups,
            member_id=member.pk if member is not None and member.body_id == user.body_id else None,
        )
    return cached


def forget_powers(user: User) -> None:
    """Drop the cached powers (after a role change within one request or test)."""
    forget_request_caches(user, "_opinion_powers")


# Predicates on one item, used by the workflow table and the views. -----------------------


def in_body(report: Report, user: User) -> bool:
    return user.is_authenticated and user.body_id == report.body_id


def edits(report: Report, user: User) -> bool:
    """An information editor (or the office) of the item's body."""
    return in_body(report, user) and powers_of(user).edits


def writes(report: Report, user: User) -> bool:
    """The person who writes the item: its first author (member items) or the staff of
    the committee in whose name it goes (collective items)."""
    if not in_body(report, user):
        return False
    if report.is_collective:
        powers = powers_of(user)
        return (
            report.organiser_committee_id in powers.staff_committee_ids
            or report.organiser_sector_group_id in powers.staff_group_ids
        )
    if report.kind == Report.Kind.COMBINED:
        return False
    return report.created_by_id == user.pk


def is_coauthor(report: Report, user: User) -> bool:
    member_id = powers_of(user).member_id
    if member_id is None or not in_body(report, user):
        return False
    return Author.objects.filter(report=report, member_id=member_id, role=Author.Role.CO).exists()


def is_author(report: Report, user: User) -> bool:
    """Any author of it (first or co, whatever his answer), or its writer."""
    member_id = powers_of(user).member_id
    if writes(report, user):
        return True
    return (
        member_id is not None
        and in_body(report, user)
        and Author.objects.filter(report=report, member_id=member_id).exists()
    )
