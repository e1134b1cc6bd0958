"""Reads about the organisation, with permissions applied."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from organisation.models import Committee, Department
from portal.access import OVERSEE_COMMITTEE, WORK_IN_COMMITTEE, is_office
from portal.backends import perms_on
from portal.models import Role, RoleAssignment, User


@dataclass(frozen=True)
class CommitteeAccess:
    """What a user may do with one committee. Any user of the body sees its public page."""

    office: bool
    staff: bool
    vice_chair: bool

    @property
    def see_roster(self) -> bool:
        return self.office or self.staff or self.vice_chair

    @property
    def edit_profile(self) -> bool:
        return self.office or self.staff

    @property
    def manage_memberships(self) -> bool:
        return self.office or self.staff


def committee_access(user: User, committee: Committee) -> CommitteeAccess:
    perms = perms_on(user, committee)
    return CommitteeAccess(
        office=is_office(user, committee.body),
        staff=WORK_IN_COMMITTEE.split(".")[1] in perms,
        vice_chair=OVERSEE_COMMITTEE.split(".")[1] in perms,
    )


def get_committee_for(user: User, pk: int) -> Committee:
    """A committee of the user's own body, else 404."""
    if not user.is_authenticated or user.body_id is None:
        raise Http404
    try:
        return Committee.objects.select_related("body").get(pk=pk, body_id=user.body_id)
    except Committee.DoesNotExist:
        raise Http404 from None


def get_department_for(user: User, pk: int) -> Department:
    """A department of the user's body that he may open: the office sees all of them, a
    handling unit's staff their own; anything else is 404."""
    if not user.is_authenticated or user.body_id is None:
        raise Http404
    try:
        department = Department.objects.get(pk=pk, body_id=user.body_id)
    except Department.DoesNotExist:
        raise Http404 from None
    if is_office(user) or user.has_perm("organisation.act_for_department", department):
        return department
    raise Http404


def vice_chair_assignment(committee: Committee) -> RoleAssignment | None:
    """The vice-chair in charge of the committee (§12) as his role assignment (with the
    user), or None when nobody is — the one place that asks."""
    if committee.pk is None:
        return None
    return (
        RoleAssignment.objects.filter(role=Role.VICE_CHAIR, committee=committee)
        .select_related("user")
        .first()
    )


def vice_chair_of(committee: Committee) -> User | None:
    """The vice-chair in charge of the committee (§12), who approves its plans and major
    activities, or None."""
    assignment = vice_chair_assignment(committee)
    return assignment.user if assignment else None
