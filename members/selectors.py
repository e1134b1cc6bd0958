"""Reads about members, shared by views, exports, PDFs and later modules. Permissions are
applied here, in SQL."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.http import Http404
from django.utils import timezone

from organisation.access import committees_where
from organisation.models import Committee
from portal.access import OVERSEE_COMMITTEE, WORK_IN_COMMITTEE, is_office
from portal.models import User

from .models import CommitteeMembership, Member, MemberTerm


def active_on(day: dt.date) -> Q:
    """Filter for date-bounded rows (start_date/end_date, both inclusive) covering `day`."""
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def overlapping(start: dt.date, end: dt.date) -> Q:
    """Filter for date-bounded rows that overlap the period [start, end]."""
    return Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start))


def members_in_office_on(body_id: int, day: dt.date) -> QuerySet[Member]:
    """Members holding a seat on `day`: one who joined later is not counted (§2)."""
    seated = MemberTerm.objects.filter(active_on(day)).values("member_id")
    return Member.objects.filter(body_id=body_id, pk__in=seated)


def committee_roster(committee: Committee, day: dt.date) -> QuerySet[CommitteeMembership]:
    """The committee's seats on `day`, leaders first."""
    role_order = {"director": 0, "deputy": 1, "member": 2}
    return (
        committee.memberships.filter(active_on(day))
        .select_related("member__sector__group")
        .annotate(
            role_rank=Case(
                *[When(role=r, then=Value(n)) for r, n in role_order.items()],
                output_field=IntegerField(),
            )
        )
        .order_by("role_rank", "member__code")
    )


def committee_seats_in_period(
    committee: Committee, start: dt.date, end: dt.date
) -> QuerySet[CommitteeMembership]:
    """Seats overlapping [start, end], each with the days it counts inside the period
    (`counted_from`, `counted_to`): a member who joined in June counts from June."""
    return (
        committee.memberships.filter(overlapping(start, end))
        .annotate(
            counted_from=Greatest(F("start_date"), Value(start, output_field=DateField())),
            counted_to=Least(
                Coalesce(F("end_date"), Value(end, output_field=DateField())),
                Value(end, output_field=DateField()),
            ),
        )
        .select_related("member")
    )


def members_visible_to(user: User) -> QuerySet[Member]:
    """Members the user may open: the office sees its body; committee staff and the
    vice-chair in charge see the current members of their committees; a member sees
    himself."""
    if not user.is_authenticated or user.body_id is None:
        return Member.objects.none()
    qs = Member.objects.filter(body_id=user.body_id)
    if is_office(user):
        return qs
    committees = committees_where(user, WORK_IN_COMMITTEE, OVERSEE_COMMITTEE)
    seated = CommitteeMembership.objects.filter(
        active_on(timezone.localdate()), committee__in=committees
    ).values("member_id")
    return qs.filter(Q(user=user) | Q(pk__in=seated))


def member_list(user: User) -> QuerySet[Member]:
    """The member list with what each row shows, in a constant number of queries."""
    today = timezone.localdate()
    return (
        members_visible_to(user)
        .select_related("sector", "user")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=CommitteeMembership.objects.filter(active_on(today)).select_related(
                    "committee"
                ),
                to_attr="current_memberships",
            )
        )
        .order_by("code")
    )


def get_member_for(user: User, pk: int) -> Member:
    """The member with this id if the user may open it, else 404."""
    try:
        return (
            members_visible_to(user).select_related("sector__group__committee", "body").get(pk=pk)
        )
    except Member.DoesNotExist:
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
