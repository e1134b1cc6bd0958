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
from django.db.models.functions import Coalesce, TruncDate

from committees.models import Activity, ActivityInvitation, PlanItem, WorkPlan
from committees.selectors.evidence import evidenced, has_output, held_without_evidence
from members.models import CommitteeMembership, Member, MemberTerm
from members.selectors import active_on, overlapping
from organisation.models import Sector

from ..models import Quota
from ..periods import Period
from .quotas import HELD, PRESENT, M, S

LEADER_ROLES = (CommitteeMembership.Role.DIRECTOR, CommitteeMembership.Role.DEPUTY_DIRECTOR)

# ---- expressions per metric ----------------------------------------------------------------


class SubqueryCount(Subquery):
    """The number of rows of a subquery (correlated or not), 0 when none."""

    template = "(SELECT count(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def in_period(prefix: str, period: Period) -> Q:
    start, end = period.bounds()
    return Q(**{f"{prefix}starts_at__gte": start, f"{prefix}starts_at__lt": end})


def count_per_row(queryset: QuerySet, group_by: str) -> Coalesce:
    """A correlated subquery counting rows of `queryset` per outer row, 0 when none."""
    counted = (
        queryset.order_by().values(group_by).annotate(n=Count("pk", distinct=True)).values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def plan_year(quota: Quota, period: Period) -> int:
    return period.start.year


def committee_activities(quota: Quota, period: Period) -> QuerySet[Activity]:
    """The activities of the quota's types in the period that count for the committee of
    the outer row: those it runs — and, for the proposals committee's 提案交办会 and 提案工作
    座谈会 (Q11, §10), also those the office organises for the body (alone or jointly)."""
    activities = Activity.objects.filter(in_period("", period), type__in=quota.activity_types)
    if quota.scope == S.PROPOSALS_COMMITTEE and quota.metric == M.ACTIVITY_TYPES:
        return activities.filter(body=OuterRef("body")).filter(
            Q(owner_committee=OuterRef("pk")) | Q(owner_committee__isnull=True)
        )
    return activities.filter(owner_committee=OuterRef("pk"))


def _count(activities: QuerySet, *, distinct: str = "") -> SubqueryCount:
    rows = activities.order_by()
    rows = rows.values(distinct).distinct() if distinct else rows.values("pk")
    return SubqueryCount(rows)


def high_quality_sector_activities() -> Q:
    """Q9 (§6 主题突出、高质量、有成果): a held sector-group activity with a member of one of
    its groups present and a written output (minutes, report or speech — a photo is not
    enough)."""
    group_member_present = Exists(
        ActivityInvitation.objects.filter(
            activity=OuterRef("pk"),
            attendance=PRESENT,
            member__sector__group__in=Activity.sector_groups.through.objects.filter(
                activity=OuterRef(OuterRef("pk"))
            ).values("sectorgroup_id"),
        )
    )
    return evidenced() & Q(group_member_present) & Q(has_output(written=True))


def committee_annotations(quota: Quota, period: Period, day: dt.date) -> dict:
    """Annotations on Committee for one quota: `<code>` (value), `<code>__s` (scheduled),
    `<code>__u` (held but not evidenced, shown as not counted), and for coverage
    `<code>__n` / `<code>__d`. Activities count only when done (committees' evidence rule)."""
    code = quota.code
    activities = committee_activities(quota, period)
    scheduled = activities.filter(status__in=Activity.SCHEDULED)
    if quota.metric in (M.ACTIVITIES, M.ACTIVITY_TYPES):
        distinct = "type" if quota.metric == M.ACTIVITY_TYPES else ""
        return {
            code: _count(activities.filter(evidenced()), distinct=distinct),
            f"{code}__s": _count(scheduled, distinct=distinct),
            f"{code}__u": _count(activities.filter(held_without_evidence())),
        }
    if quota.metric == M.ACTIVITIES_WITH_OUTPUTS:
        good = high_quality_sector_activities()
        return {
            code: _count(activities.filter(good)),
            f"{code}__s": _count(scheduled),
            f"{code}__u": _count(activities.filter(Q(status=HELD) & ~good)),
        }
    if quota.metric == M.VISIT_COVERAGE:
        on = period.seated_until(day)
        members = committee_members_on(OuterRef("pk"), on)
        return {
            f"{code}__n": SubqueryCount(
                members.filter(pk__in=visited_by_leaders(OuterRef(OuterRef("pk")), quota, period))
                .order_by()
                .values("pk")
                .distinct()
            ),
            f"{code}__d": SubqueryCount(members.order_by().values("pk").distinct()),
        }
    if quota.metric in (M.KEY_CONSULTATION_TOPICS, M.KEY_INFORMATION_TOPICS):
        flag = (
            "is_key_consultation"
            if quota.metric == M.KEY_CONSULTATION_TOPICS
            else "is_key_information"
        )
        # Only an approved plan counts: a flag in a draft or returned plan is not progress.
        approved = PlanItem.objects.filter(
            plan__committee=OuterRef("pk"),
            plan__kind=WorkPlan.Kind.ANNUAL_PLAN,
            plan__year=plan_year(quota, period),
            plan__status=WorkPlan.Status.APPROVED,
            **{flag: True},
        )
        if quota.metric == M.KEY_INFORMATION_TOPICS:
            return {code: count_per_row(approved, "plan__committee")}
        # Q7 is met when a key topic was consulted on (the consultations module's counter);
        # the approved plan's key topics are what is scheduled.
        return {f"{code}__s": count_per_row(approved, "plan__committee")}
    if quota.metric == M.PLAN_APPROVED:
        plans = WorkPlan.objects.filter(
            committee=OuterRef("pk"), kind=quota.plan_kind, year=plan_year(quota, period)
        )
        return {
            code: count_per_row(plans.filter(status=WorkPlan.Status.APPROVED), "committee"),
            f"{code}__s": count_per_row(
                plans.filter(status=WorkPlan.Status.SUBMITTED), "committee"
            ),
        }
    return {}  # counted outside the database query (other modules) or unavailable


def committee_members_on(committee, day: dt.date) -> QuerySet[Member]:
    """The committee's members on `day` (a seat in the committee and in the body that day):
    members who left the committee or the body before it are not owed a visit (Q6). Each
    committee is judged on its own members — the proposals and the culture & history
    committees too."""
    open_on = Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=day)
    seated_on = Q(terms__end_date__isnull=True) | Q(terms__end_date__gte=day)
    return Member.objects.filter(
        open_on, memberships__committee=committee, memberships__start_date__lte=day
    ).filter(seated_on, terms__start_date__lte=day)


def visited_by_leaders(committee, quota: Quota, period: Period) -> QuerySet:
    """Members present at a held visit or talk (the quota's types) of the committee in the
    period at which the committee's director or a deputy director — in office that day —
    was present too (§3 专委会负责同志走访看望)."""
    start, end = period.bounds()
    leader_present = ActivityInvitation.objects.filter(
        Q(member__memberships__end_date__isnull=True)
        | Q(member__memberships__end_date__gte=OuterRef("on")),
        activity=OuterRef("activity"),
        attendance=PRESENT,
        member__memberships__committee=OuterRef("activity__owner_committee"),
        member__memberships__role__in=LEADER_ROLES,
        member__memberships__start_date__lte=OuterRef("on"),
    )
    return (
        ActivityInvitation.objects.filter(
            activity__owner_committee=committee,
            activity__type__in=quota.activity_types,
            activity__status=HELD,
            activity__starts_at__gte=start,
            activity__starts_at__lt=end,
            attendance=PRESENT,
        )
        .annotate(on=TruncDate("activity__starts_at"))
        .filter(Exists(leader_present))
        .values("member_id")
    )


def activity_aggregates(quota: Quota, period: Period) -> dict:
    """Aggregates over the body's activities for an activity-count body quota."""
    of_type = Q(type__in=quota.activity_types) & in_period("", period)
    return {
        quota.code: Count("pk", filter=of_type & evidenced()),
        f"{quota.code}__s": Count("pk", filter=of_type & Q(status__in=Activity.SCHEDULED)),
        f"{quota.code}__u": Count("pk", filter=of_type & held_without_evidence()),
    }


def coverage_counts(quota: Quota, period: Period, body_id: int, day: dt.date) -> tuple[int, int]:
    """(covered, total) for the body's coverage quotas: sectors with a member present at
    a held activity of the types (Q8), or members present at one (Q10), in the period.
    Q10 is owed by the members seated on the day shown and by those who left after being
    trained; a member who left before any training is not owed it."""
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
        seated_now = MemberTerm.objects.filter(active_on(period.seated_until(day)))
        seated = MemberTerm.objects.filter(overlapping(period.start, period.seated_until(day)))
        trained = attended.values("member_id")
        rows = Member.objects.filter(body_id=body_id, pk__in=seated.values("member_id")).filter(
            Q(pk__in=seated_now.values("member_id")) | Q(pk__in=trained)
        )
        covered = Exists(attended.filter(member=OuterRef("pk")))
    result = rows.aggregate(n=Count("pk", filter=covered), d=Count("pk"))
    return result["n"], result["d"]


def coverage_gaps(quota: Quota, period: Period, body_id: int, day: dt.date) -> QuerySet[Member]:
    """Q10 detail: the members seated on the day shown who have not yet been present at a
    held activity of the quota's types in the period (who still owes the training)."""
    start, end = period.bounds()
    attended = ActivityInvitation.objects.filter(
        activity__body_id=body_id,
        activity__type__in=quota.activity_types,
        activity__status=HELD,
        activity__starts_at__gte=start,
        activity__starts_at__lt=end,
        attendance=PRESENT,
    ).values("member_id")
    seated_now = MemberTerm.objects.filter(active_on(period.seated_until(day)))
    return (
        Member.objects.filter(body_id=body_id, pk__in=seated_now.values("member_id"))
        .exclude(pk__in=attended)
        .select_related("sector")
        .order_by("code")
    )
