"""Reads of activities, invitations and attendance, with permissions applied in SQL.

Who sees an activity: the office of its body sees all; the staff and the vice-chair of the
committee that runs it see it in every state; a member sees, once it is announced, the
activities he is invited to and the public ones. Everything else is 404."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from members.models import CommitteeMembership, Member, MemberTerm
from members.selectors import active_on
from organisation.access import committees_where
from organisation.models import Committee
from portal.access import OVERSEE_COMMITTEE, WORK_IN_COMMITTEE, is_office
from portal.caching import VersionedCache
from portal.models import User

from ..models import Activity, ActivityInvitation
from ..workflow import manages_activity, oversees

A = Activity.Status
I = ActivityInvitation  # noqa: E741

# What a member may see of an activity: announced, or cancelled after it was announced.
MEMBER_VISIBLE = Q(status__in=Activity.ANNOUNCED) | Q(
    status=A.CANCELLED, announced_at__isnull=False
)


# The totals of the activity lists (portal.paging): what decides whether a user sees an
# activity, and the activity itself.
ACTIVITY_COUNTS = VersionedCache("committees:activity-counts", "BOARD_CACHE_SECONDS")
ACTIVITY_COUNT_SOURCES = (
    "committees.Activity",
    "committees.ActivityInvitation",
    "organisation.CommitteeUserObjectPermission",
    "portal.RoleAssignment",
    "members.Member",
)


def activities_visible_to(user: User) -> QuerySet[Activity]:
    if not user.is_authenticated or user.body_id is None:
        return Activity.objects.none()
    activities = Activity.objects.filter(body_id=user.body_id)
    if is_office(user):
        return activities
    mine = committees_where(user, WORK_IN_COMMITTEE, OVERSEE_COMMITTEE)
    # The user's own invitations as a set (a semi-join), not a probe per activity.
    invited = Q(pk__in=ActivityInvitation.objects.filter(member__user=user).values("activity_id"))
    return activities.filter(
        Q(owner_committee__in=mine) | (MEMBER_VISIBLE & (Q(is_public=True) | invited))
    )


def followed_committees(user: User) -> QuerySet[Committee]:
    """The committees whose work the user follows: the office all of its body's, staff and
    vice-chairs their own (the filters of lists and calendars)."""
    if is_office(user):
        return Committee.objects.filter(body_id=user.body_id)
    return committees_where(user, WORK_IN_COMMITTEE, OVERSEE_COMMITTEE)


def get_activity_for(user: User, pk: int) -> Activity:
    try:
        return (
            activities_visible_to(user)
            .select_related("body", "committee", "owner_committee", "plan_item__plan")
            .get(pk=pk)
        )
    except Activity.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class ActivityAccess:
    manage: bool  # 谁组织谁记录: edit, invite, publish, record attendance, upload outputs
    decide: bool  # the vice-chair in charge: approve or return a major activity
    office: bool
    invitation: ActivityInvitation | None  # the user's own invitation, if any

    @property
    def see_people(self) -> bool:
        """Who may see the invitation list and the attendance of everyone."""
        return self.manage or self.decide or self.office


def activity_access(user: User, activity: Activity) -> ActivityAccess:
    return ActivityAccess(
        manage=manages_activity(activity, user),
        decide=oversees(activity.owner_committee, user),
        office=is_office(user, activity.body),
        invitation=ActivityInvitation.objects.filter(activity=activity, member__user=user)
        .select_related("member")
        .first(),
    )


COUNTS = {
    "invited": Q(),
    "present": Q(attendance=I.Attendance.PRESENT),
    "excused": Q(attendance=I.Attendance.EXCUSED),
    "absent": Q(attendance=I.Attendance.ABSENT),
    "accepted": Q(response=I.Response.ACCEPTED),
    "on_leave": Q(response=I.Response.LEAVE),
    "checked_in": Q(checked_in_at__isnull=False),
}


def choice_labels(model, field_name: str) -> dict[str, str]:
    """A choice field's labels by value, translated once (get_FOO_display per row hashes
    every lazy label of the choices)."""
    return {k: str(v) for k, v in model._meta.get_field(field_name).flatchoices}


def with_labels(activities: Iterable[Activity]) -> list[Activity]:
    """The activities with `type_label` and `status_label`, the names of their type and
    status, each label translated once for the lot."""
    types = choice_labels(Activity, "type")
    statuses = choice_labels(Activity, "status")
    rows = list(activities)
    for a in rows:
        a.type_label = types.get(a.type, a.type)
        a.status_label = statuses.get(a.status, a.status)
    return rows


def attach_counts(activities: list[Activity]) -> list[Activity]:
    """Invited / present / excused / absent / accepted / on leave / checked-in counts for
    the activities of one page, in one grouped query over their invitations only (counting
    before the page is cut would aggregate every activity the user may see)."""
    rows = (
        ActivityInvitation.objects.filter(activity__in=[a.pk for a in activities])
        .values("activity_id")
        .annotate(**{name: Count("pk", filter=condition) for name, condition in COUNTS.items()})
        .order_by()
    )
    counts = {row["activity_id"]: row for row in rows}
    for activity in activities:
        row = counts.get(activity.pk, {})
        for name in COUNTS:
            setattr(activity, name, row.get(name, 0))
    return activities


@dataclass
class ActivityFilters:
    committee: int | None = None
    type: str = ""
    status: str = ""
    year: int | None = None
    query: str = ""
    attendance_missing: bool = False


def activity_list(user: User, filters: ActivityFilters) -> QuerySet[Activity]:
    activities = activities_visible_to(user)
    if filters.committee:
        activities = activities.filter(owner_committee_id=filters.committee)
    if filters.type in Activity.Type.values:
        activities = activities.filter(type=filters.type)
    if filters.status in A.values:
        activities = activities.filter(status=filters.status)
    if filters.year:
        tz = timezone.get_current_timezone()
        activities = activities.filter(
            starts_at__gte=dt.datetime(filters.year, 1, 1, tzinfo=tz),
            starts_at__lt=dt.datetime(filters.year + 1, 1, 1, tzinfo=tz),
        )
    if filters.attendance_missing:
        activities = activities.filter(
            status__in=Activity.ANNOUNCED,
            ends_at__lt=timezone.now(),
            attendance_recorded_at__isnull=True,
        )
    if filters.query:
        activities = activities.filter(
            Q(topic__icontains=filters.query) | Q(place__icontains=filters.query)
        )
    return (
        activities.select_related("owner_committee", "committee")
        .prefetch_related("sector_groups")
        .order_by("-starts_at", "-id")
    )


def activity_invitations(activity: Activity) -> QuerySet[ActivityInvitation]:
    return activity.invitations.select_related("member__sector", "recorded_by").order_by(
        "member__code"
    )


def attendance_version(invitations: Iterable[ActivityInvitation]) -> str:
    """A fingerprint of an attendance sheet as stored: the form carries the one it was
    drawn from, and a save is refused when the sheet changed meanwhile (two staff saving
    the same sheet: the first wins, the second is told to reload)."""
    rows = sorted((i.pk, i.attendance, i.attendance_reason) for i in invitations)
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def invitable_members(activity: Activity) -> QuerySet[Member]:
    """Members of the body in office on the activity's date and not invited yet."""
    seated = MemberTerm.objects.filter(active_on(activity.local_date)).values("member_id")
    return (
        Member.objects.filter(body_id=activity.body_id, pk__in=seated)
        .exclude(invitations__activity=activity)
        .order_by("code")
    )


def invitable_choices(activity: Activity) -> list[tuple[int, str]]:
    """The picker's options: each invitable member as (pk, "code name · committees he sits
    in that day"), in two queries of plain values (hundreds of members per body)."""
    members = invitable_members(activity)
    seats: dict[int, list[str]] = {}
    for member_id, committee in (
        CommitteeMembership.objects.filter(
            active_on(activity.local_date), member__in=members.values("pk")
        )
        .order_by("member_id", "committee__order", "committee_id")
        .values_list("member_id", "committee__name")
    ):
        seats.setdefault(member_id, []).append(committee)
    return [
        (pk, " · ".join([f"{code} {name}", *seats.get(pk, [])]))
        for pk, code, name in members.values_list("pk", "code", "name")
    ]


def committee_member_ids(committee: Committee, day: dt.date) -> list[int]:
    """Members seated in the committee on `day` (and in office then)."""
    in_office = MemberTerm.objects.filter(active_on(day)).values("member_id")
    return list(
        CommitteeMembership.objects.filter(active_on(day), committee=committee)
        .filter(member_id__in=in_office)
        .values_list("member_id", flat=True)
    )


def group_member_ids(group_ids: list[int], body_id: int, day: dt.date) -> list[int]:
    """Members of the sector groups' sectors in office on `day`."""
    in_office = MemberTerm.objects.filter(active_on(day)).values("member_id")
    return list(
        Member.objects.filter(
            body_id=body_id, sector__group_id__in=group_ids, pk__in=in_office
        ).values_list("pk", flat=True)
    )


def my_invitations(member: Member) -> QuerySet[ActivityInvitation]:
    """The member's invitations to announced (or announced then cancelled) activities."""
    return member.invitations.filter(
        Q(activity__status__in=Activity.ANNOUNCED)
        | Q(activity__status=A.CANCELLED, activity__announced_at__isnull=False)
    ).select_related("activity__owner_committee", "activity__committee")


def attendance_missing(*, older_than: dt.datetime) -> QuerySet[Activity]:
    """Activities that ended before `older_than` and were announced, with attendance not
    yet recorded: the organisers are reminded (谁组织谁记录)."""
    return Activity.objects.filter(
        status__in=Activity.ANNOUNCED,
        ends_at__lt=older_than,
        attendance_recorded_at__isnull=True,
    ).filter(Exists(ActivityInvitation.objects.filter(activity=OuterRef("pk"))))
