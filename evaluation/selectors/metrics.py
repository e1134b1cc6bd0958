"""The database expressions of each quota metric: annotations on Committee (conditional
Counts over one join, correlated Subqueries), aggregates over a body's activities, and
coverage counts. Every count is computed by the database, never row by row in Python."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from committees.models import Activity, ActivityInvitation, ActivityOutput, PlanItem, WorkPlan
from members.models import Member, MemberTerm
from members.selectors import overlapping
from organisation.models import Sector

from ..models import Quota
from ..periods import Period
from .quotas import HELD, PRESENT, M

# ---- expressions per metric ----------------------------------------------------------------


def in_period(prefix: str, period: Period) -> Q:
    start, end = period.bounds()
    return Q(**{f"{prefix}starts_at__gte": start, f"{prefix}starts_at__lt": end})


def count_per_row(queryset: QuerySet, group_by: str) -> Coalesce:
    """A correlated subquery counting rows of `queryset` per outer row, 0 when none."""
    counted = (
        queryset.order_by().values(group_by).annotate(n=Count("pk", distinct=True)).values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def distinct_members_per_row(queryset: QuerySet, group_by: str) -> Coalesce:
    counted = (
        queryset.order_by()
        .values(group_by)
        .annotate(n=Count("member_id", distinct=True))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def plan_year(quota: Quota, period: Period) -> int:
    return period.start.year


def committee_annotations(quota: Quota, period: Period, day: dt.date) -> dict:
    """Annotations on Committee for one quota: `<code>` (value), `<code>__s` (scheduled),
    and for coverage `<code>__n` / `<code>__d`."""
    code, types = quota.code, quota.activity_types
    rel = "owned_activities__"
    of_type = Q(**{f"{rel}type__in": types}) & in_period(rel, period)
    held = of_type & Q(**{f"{rel}status": HELD})
    scheduled = of_type & Q(**{f"{rel}status__in": Activity.SCHEDULED})
    if quota.metric == M.ACTIVITIES:
        return {
            code: Count("owned_activities", filter=held),
            f"{code}__s": Count("owned_activities", filter=scheduled),
        }
    if quota.metric == M.ACTIVITY_TYPES:
        return {
            code: Count(f"{rel}type", filter=held, distinct=True),
            f"{code}__s": Count(f"{rel}type", filter=scheduled, distinct=True),
        }
    if quota.metric == M.ACTIVITIES_WITH_OUTPUTS:
        with_outputs = Activity.objects.filter(
            in_period("", period),
            owner_committee=OuterRef("pk"),
            type__in=types,
            status=HELD,
        ).filter(Exists(ActivityOutput.objects.filter(activity=OuterRef("pk"))))
        return {
            code: count_per_row(with_outputs, "owner_committee"),
            f"{code}__s": Count("owned_activities", filter=scheduled | held),
        }
    if quota.metric == M.VISIT_COVERAGE:
        start, end = period.bounds()
        visited = ActivityInvitation.objects.filter(
            activity__owner_committee=OuterRef("pk"),
            activity__type__in=types,
            activity__status=HELD,
            activity__starts_at__gte=start,
            activity__starts_at__lt=end,
            attendance=PRESENT,
            member__sector__group__committee=OuterRef("pk"),
        )
        group_members = Member.objects.filter(
            sector__group__committee=OuterRef("pk"),
            pk__in=MemberTerm.objects.filter(
                overlapping(period.start, period.seated_until(day))
            ).values("member_id"),
        )
        return {
            f"{code}__n": distinct_members_per_row(visited, "activity__owner_committee"),
            f"{code}__d": count_per_row(group_members, "sector__group__committee"),
        }
    if quota.metric in (M.KEY_CONSULTATION_TOPICS, M.KEY_INFORMATION_TOPICS):
        flag = (
            "is_key_consultation"
            if quota.metric == M.KEY_CONSULTATION_TOPICS
            else "is_key_information"
        )
        items = PlanItem.objects.filter(
            plan__committee=OuterRef("pk"),
            plan__kind=WorkPlan.Kind.ANNUAL_PLAN,
            plan__year=plan_year(quota, period),
            **{flag: True},
        )
        return {
            code: count_per_row(
                items.filter(plan__status=WorkPlan.Status.APPROVED), "plan__committee"
            ),
            f"{code}__s": count_per_row(
                items.exclude(plan__status=WorkPlan.Status.APPROVED), "plan__committee"
            ),
        }
    if quota.metric == M.PLAN_APPROVED:
        plans = WorkPlan.objects.filter(
            committee=OuterRef("pk"), kind=quota.plan_kind, year=plan_year(quota, period)
        )
        return {
            code: count_per_row(plans.filter(status=WorkPlan.Status.APPROVED), "committee"),
            f"{code}__s": count_per_row(
                plans.exclude(status=WorkPlan.Status.APPROVED), "committee"
            ),
        }
    return {}  # counted outside the database query (other modules) or unavailable


def activity_aggregates(quota: Quota, period: Period) -> dict:
    """Aggregates over the body's activities for an activity-count body quota."""
    of_type = Q(type__in=quota.activity_types) & in_period("", period)
    return {
        quota.code: Count("pk", filter=of_type & Q(status=HELD)),
        f"{quota.code}__s": Count("pk", filter=of_type & Q(status__in=Activity.SCHEDULED)),
    }


def coverage_counts(quota: Quota, period: Period, body_id: int, day: dt.date) -> tuple[int, int]:
    """(covered, total) for the body's coverage quotas: sectors with a member present at
    a held activity of the types (Q8), or members present at one (Q10), in the period."""
    start, end = period.bounds()
    attended = ActivityInvitation.objects.filter(
        activity__body_id=body_id,
        activity__type__in=quota.activity_types,
        activity__status=HELD,
        activity__starts_at__gte=start,
        activity__starts_at__lt=end,
        attendance=PRESENT,
    )
    if quota.metric == M.SECTOR_COVERAGE:
        rows = Sector.objects.filter(body_id=body_id)
        covered = Exists(attended.filter(member__sector=OuterRef("pk")))
    else:
        seated = MemberTerm.objects.filter(overlapping(period.start, period.seated_until(day)))
        rows = Member.objects.filter(body_id=body_id, pk__in=seated.values("member_id"))
        covered = Exists(attended.filter(member=OuterRef("pk")))
    result = rows.aggregate(n=Count("pk", filter=covered), d=Count("pk"))
    return result["n"], result["d"]
