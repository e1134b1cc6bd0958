"""Reads about the organisation, with permissions applied."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from guardian.core import ObjectPermissionChecker

from committees.models import Committee, Department
from members.models import CommitteeMembership
from members.selectors import active_on
from portal.access import OVERSEE_COMMITTEE, WORK_IN_COMMITTEE, is_office
from portal.models import User


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
    checker = ObjectPermissionChecker(user)
    perms = set(checker.get_perms(committee))
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


def _current_leaders() -> Prefetch:
    today = timezone.localdate()
    return Prefetch(
        "memberships",
        queryset=CommitteeMembership.objects.filter(active_on(today))
        .filter(
            role__in=[CommitteeMembership.Role.DIRECTOR, CommitteeMembership.Role.DEPUTY_DIRECTOR]
        )
        .select_related("member")
        .order_by("role", "start_date"),
        to_attr="current_leaders",
    )


def committee_list(user: User) -> QuerySet[Committee]:
    """The committees of the user's body with their current leaders and seat counts."""
    if not user.is_authenticated or user.body_id is None:
        return Committee.objects.none()
    today = timezone.localdate()
    seated = Q(memberships__start_date__lte=today) & (
        Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)
    )
    return (
        Committee.objects.filter(body_id=user.body_id)
        .annotate(seated=Count("memberships", filter=seated))
        .prefetch_related(_current_leaders(), "sector_groups")
        .order_by("order", "id")
    )


def get_department_for(user: User, pk: int) -> Department:
    """A department of the user's body that he may open: the office sees all of them, a
    handling unit's staff their own; anything else is 404."""
    if not user.is_authenticated or user.body_id is None:
        raise Http404
    try:
        department = Department.objects.get(pk=pk, body_id=user.body_id)
    except Department.DoesNotExist:
        raise Http404 from None
    if is_office(user) or user.has_perm("committees.act_for_department", department):
        return department
    raise Http404
