"""Reads about members, shared by views, exports, PDFs and later modules. Permissions are
applied here, in SQL."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    """Members holding a seat on `day`: one who joined later is not counted (§2). The seats
    are read from the body's own terms (an index), not every body's."""
    seated = MemberTerm.objects.filter(active_on(day), term__body_id=body_id).values("member_id")
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


def members_departed_on(body_id: int, day: dt.date) -> QuerySet[Member]:
    """Members who have left (离任): every seat of theirs ended before `day`, none to come."""
    current_or_coming = MemberTerm.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    ).values("member_id")
    ended = MemberTerm.objects.filter(end_date__lt=day).values("member_id")
    return Member.objects.filter(body_id=body_id, pk__in=ended).exclude(pk__in=current_or_coming)


def departure(member: Member, day: dt.date | None = None) -> MemberTerm | None:
    """The seat a member left, with its end date and reason, if he has left by `day`
    (today by default); None while he holds, or is yet to take, a seat."""
    day = day or timezone.localdate()
    terms = list(member.terms.select_related("term").order_by("-start_date"))
    if not terms or any(t.end_date is None or t.end_date >= day for t in terms):
        return None
    return max(terms, key=lambda t: t.end_date)


class Tenure:
    """The member list's 在任 / 离任 filter."""

    CURRENT = "current"
    DEPARTED = "departed"
    ALL = "all"
    CHOICES = ((CURRENT, _("在任")), (DEPARTED, _("离任")), (ALL, _("全部")))

    @classmethod
    def parse(cls, value: str | None) -> str:
        return value if value in (cls.DEPARTED, cls.ALL) else cls.CURRENT


def member_list(user: User, tenure: str = Tenure.CURRENT) -> QuerySet[Member]:
    """The member list with what each row shows, in a constant number of queries: members
    in office by default (在任), or those who left (离任, with when and why), or all."""
    today = timezone.localdate()
    members = members_visible_to(user)
    if tenure == Tenure.CURRENT:
        members = members.filter(pk__in=members_in_office_on(user.body_id, today).values("pk"))
    elif tenure == Tenure.DEPARTED:
        members = members.filter(pk__in=members_departed_on(user.body_id, today).values("pk"))
    last_seat = MemberTerm.objects.filter(member=OuterRef("pk")).order_by(
        F("end_date").desc(nulls_first=True), "-start_date"
    )
    in_office = MemberTerm.objects.filter(active_on(today), member=OuterRef("pk"))
    return (
        members.annotate(
            is_in_office=Exists(in_office),
            left_on=Subquery(last_seat.values("end_date")[:1]),
            left_reason=Subquery(last_seat.values("end_reason")[:1]),
        )
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
