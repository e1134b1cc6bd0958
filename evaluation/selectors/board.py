"""The quota board (SPEC §3.9): every quota's progress for each committee, sector group,
member and the body, for the year, half-year and term containing a day — computed in the
database for a whole body at once (one annotated query per kind of unit, conditional
Counts and Subqueries, no query per committee or member)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Aggregate,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils.translation import gettext as _

from committees.models import Activity, OfficePlan
from committees.models.types import ActivityType
from members.models import CommitteeMembership, Member, MemberTerm
from members.selectors import active_on, overlapping
from organisation.models import Body, Committee, SectorGroup

from ..models import Quota, QuotaEvidence
from ..periods import Light, Period, half_year_period, light_of, periods_on
from .metrics import (
    activity_aggregates,
    committee_annotations,
    committee_members_on,
    coverage_counts,
    coverage_gaps,
    in_period,
    visited_by_leaders,
)
from .quotas import (
    CEILING_METRICS,
    COMMITTEE_SCOPES,
    COUNTED_BY,
    HELD,
    PRESENT,
    SCOPE_KIND,
    M,
    S,
    counter_of,
    effective_quotas,
    source_missing,
)

# ---- results ---------------------------------------------------------------------------------


@dataclass
class Progress:
    quota: Quota
    period: Period
    value: int  # a count, or a percentage for coverage quotas
    light: str
    scheduled: int = 0
    numerator: int | None = None  # coverage quotas: covered / total
    denominator: int | None = None
    note: str = ""

    @property
    def target(self) -> int:
        return self.quota.target

    @property
    def percent(self) -> int:
        """How far towards the target (0..100), for a progress bar."""
        return min(100, round(100 * self.value / self.target)) if self.target else 0

    @property
    def over_max(self) -> bool:
        """Above a ceiling of the document ("精选1—2个"); an expectation ("至少2—3次") is
        never a limit."""
        return (
            self.quota.metric in CEILING_METRICS
            and self.quota.target_max is not None
            and self.value > self.quota.target_max
        )


@dataclass
class Unit:
    kind: str  # "committee" | "sector_group" | "member" | "body"
    pk: int
    name: str
    progress: dict[str, Progress] = field(default_factory=dict)  # by quota code
    extra: dict = field(default_factory=dict)


@dataclass
class Board:
    body: Body
    day: dt.date
    periods: dict[str, Period]
    quotas: list[Quota]
    body_unit: Unit
    committees: list[Unit]
    sector_groups: list[Unit]
    members: list[Unit]

    def quotas_of(self, *scopes: str) -> list[Quota]:
        return [q for q in self.quotas if q.scope in scopes]

    @property
    def committee_quotas(self) -> list[Quota]:
        """Committee quotas that concern at least one of the committees shown (Q11 only
        the proposals committee, Q24 only the culture committee)."""
        return [
            q
            for q in self.quotas_of(*COMMITTEE_SCOPES)
            if any(q.code in unit.progress for unit in self.committees)
        ]

    def member_summary(self) -> dict[str, dict[str, int]]:
        """Per member quota: how many members are at each light."""
        summary: dict[str, dict[str, int]] = {}
        for unit in self.members:
            for code, progress in unit.progress.items():
                counts = summary.setdefault(code, {light: 0 for light in Light.values})
                counts[progress.light] += 1
        return summary


def _finish(
    quota: Quota,
    period: Period,
    day: dt.date,
    *,
    value: int,
    scheduled: int = 0,
    numerator: int | None = None,
    denominator: int | None = None,
    uncounted: int = 0,
) -> Progress:
    note = source_missing(quota)
    if note:
        return Progress(quota, period, 0, Light.UNAVAILABLE, note=note)
    if denominator == 0:
        return Progress(
            quota, period, 0, Light.NOT_APPLICABLE, 0, 0, 0, note=_("没有需要覆盖的对象。")
        )
    return Progress(
        quota,
        period,
        value,
        light_of(value=value, target=quota.target, period=period, day=day, scheduled=scheduled),
        scheduled,
        numerator,
        denominator,
        note=_("另有 %(n)s 次已举行但未登记考勤/成果，不计入。") % {"n": uncounted}
        if uncounted
        else "",
    )


def _percent(covered: int, total: int) -> int:
    # Floor, so that 99.6 % is not shown (and counted) as 100 % — full coverage is exact.
    return (100 * covered) // total if total else 0


# ---- the board ---------------------------------------------------------------------------


def body_board(
    body: Body,
    day: dt.date,
    *,
    committee_ids: Iterable[int] | None = None,
    with_members: bool = True,
) -> Board:
    """Every active quota's progress for the body on `day`. `committee_ids` limits the
    committee (and sector group, member) rows to those committees, for staff and
    vice-chairs; the body's own quotas are always computed."""
    periods = periods_on(body.pk, day)
    quotas = [q for q in effective_quotas(body.pk) if q.period in periods]
    limit = set(committee_ids) if committee_ids is not None else None

    # Committees: two queries for every committee-level quota and period.
    committee_qs = Committee.objects.filter(body=body, is_active=True).order_by("order", "id")
    if limit is not None:
        committee_qs = committee_qs.filter(pk__in=limit)
    annotations: dict = {}
    for quota in quotas:
        if quota.scope in COMMITTEE_SCOPES:
            annotations |= committee_annotations(quota, periods[quota.period], day)
    # In the second half of a year the first half's result stays on the board (Q12).
    first_halves = _first_halves(quotas, periods, day)
    for shadow, period in first_halves.values():
        annotations |= committee_annotations(shadow, period, day)
    committees = []
    module_counts = _module_counts(body.pk, quotas, periods, day)
    for committee in _annotated(committee_qs, annotations):
        unit = Unit("committee", committee.pk, committee.name)
        unit.extra["kind"] = committee.kind
        for quota in quotas:
            if quota.scope not in COMMITTEE_SCOPES:
                continue
            if quota.scope in SCOPE_KIND and committee.kind != SCOPE_KIND[quota.scope]:
                continue
            if quota.code in first_halves:
                shadow, period = first_halves[quota.code]
                unit.progress[_("%(code)s（上半年）") % {"code": quota.code}] = _committee_progress(
                    shadow, period, day, committee, module_counts
                )
            unit.progress[quota.code] = _committee_progress(
                quota, periods[quota.period], day, committee, module_counts
            )
        committees.append(unit)

    # The body: one aggregate over its activities, one query per coverage quota.
    body_quotas = [q for q in quotas if q.scope == S.BODY]
    activity_aggs: dict = {}
    bounds = []
    for quota in body_quotas:
        if quota.metric == M.ACTIVITIES:
            activity_aggs |= activity_aggregates(quota, periods[quota.period])
            bounds.append(periods[quota.period].bounds())
    values = {}
    if activity_aggs:
        # Each count keeps to its own period; the rows read are those of the periods' span
        # (an index on body and start), not the body's activities of every year.
        values = Activity.objects.filter(
            body=body,
            starts_at__gte=min(start for start, _end in bounds),
            starts_at__lt=max(end for _start, end in bounds),
        ).aggregate(**activity_aggs)
    evidence_quotas = [q for q in body_quotas if q.metric == M.EVIDENCE]
    evidence = _evidence_counts(body.pk, evidence_quotas, periods) if evidence_quotas else {}
    office_plans = _office_plan_counts(body.pk, body_quotas, periods)
    body_unit = Unit("body", body.pk, body.name)
    for quota in body_quotas:
        period = periods[quota.period]
        if quota.metric == M.EVIDENCE:
            progress = _finish(quota, period, day, value=evidence[quota.code])
        elif quota.metric in (M.SECTOR_COVERAGE, M.ATTENDANCE_COVERAGE):
            n, d = coverage_counts(quota, period, body.pk, day)
            progress = _finish(quota, period, day, value=_percent(n, d), numerator=n, denominator=d)
        elif quota.metric == M.OFFICE_PLAN_APPROVED:
            progress = _finish(quota, period, day, **office_plans[quota.code])
        elif quota.metric in COUNTED_BY:
            value = module_counts.get((quota.code, "body", body.pk), 0)
            progress = _finish(quota, period, day, value=value)
        else:
            progress = _finish(
                quota,
                period,
                day,
                value=values.get(quota.code, 0) or 0,
                scheduled=values.get(f"{quota.code}__s", 0) or 0,
                uncounted=values.get(f"{quota.code}__u", 0) or 0,
            )
        body_unit.progress[quota.code] = progress

    # Sector groups: their quotas (Q14 collective proposals) are counted by other modules.
    groups = []
    group_quotas = [q for q in quotas if q.scope == S.SECTOR_GROUP]
    if group_quotas:
        group_qs = SectorGroup.objects.filter(body=body).order_by("order", "id")
        if limit is not None:
            group_qs = group_qs.filter(committee_id__in=limit)
        for group in group_qs:
            unit = Unit("sector_group", group.pk, group.name)
            unit.extra["committee_id"] = group.committee_id
            for quota in group_quotas:
                count = module_counts.get((quota.code, "sector_group", group.pk), 0)
                unit.progress[quota.code] = _finish(quota, periods[quota.period], day, value=count)
            groups.append(unit)

    members = (
        member_units(body, day, periods, quotas, committee_ids=limit, module_counts=module_counts)
        if with_members
        else []
    )
    return Board(body, day, periods, quotas, body_unit, committees, groups, members)


def _first_halves(
    quotas: list[Quota], periods: dict[str, Period], day: dt.date
) -> dict[str, tuple[Quota, Period]]:
    """For each half-year committee quota shown in July–December: a copy of it (its own
    annotation names) and the first half-year, whose result — met or missed — stays shown."""
    half = periods.get(Quota.Period.HALF_YEAR)
    if half is None or half.start.month != 7:
        return {}
    first = half_year_period(dt.date(half.start.year, 6, 30))
    out = {}
    for quota in quotas:
        if quota.period == Quota.Period.HALF_YEAR and quota.scope in COMMITTEE_SCOPES:
            shadow = copy.copy(quota)
            shadow.code = f"{quota.code}_h1"
            out[quota.code] = (shadow, first)
    return out


def _annotated(committees: QuerySet[Committee], annotations: dict) -> list[Committee]:
    """The committees with every annotation, in two queries: the conditional Counts over
    the join to their activities (grouped by committee), then the correlated Subqueries
    without that join — in one query PostgreSQL would group by the subqueries too and run
    each of them once per joined activity row instead of once per committee."""
    counts = {k: v for k, v in annotations.items() if isinstance(v, Aggregate)}
    subqueries = {k: v for k, v in annotations.items() if k not in counts}
    rows = list(committees.annotate(**subqueries))
    if counts:
        values = {row["pk"]: row for row in committees.annotate(**counts).values("pk", *counts)}
        for committee in rows:
            for name in counts:
                setattr(committee, name, values[committee.pk][name])
    return rows


def _committee_progress(
    quota: Quota, period: Period, day: dt.date, committee: Committee, module_counts: dict
) -> Progress:
    code = quota.code
    if quota.metric == M.VISIT_COVERAGE:
        n, d = getattr(committee, f"{code}__n"), getattr(committee, f"{code}__d")
        return _finish(quota, period, day, value=_percent(n, d), numerator=n, denominator=d)
    if quota.metric in COUNTED_BY:
        value = module_counts.get((code, "committee", committee.pk), 0)
        scheduled = max(getattr(committee, f"{code}__s", 0) - value, 0)
        return _finish(quota, period, day, value=value, scheduled=scheduled)
    return _finish(
        quota,
        period,
        day,
        value=getattr(committee, code, 0),
        scheduled=getattr(committee, f"{code}__s", 0),
        uncounted=getattr(committee, f"{code}__u", 0),
    )


def _module_counts(
    body_id: int, quotas: list[Quota], periods: dict[str, Period], day: dt.date
) -> dict[tuple[str, str, int], int]:
    """Counts of the quotas other modules count, per (quota code, unit kind, unit id): one
    call of each registered counter per period it is needed for."""
    calls: dict[tuple[str, str], dict] = {}
    out: dict[tuple[str, str, int], int] = {}
    for quota in quotas:
        counter = counter_of(quota)
        if counter is None:
            continue
        key = (counter.key, quota.period)
        if key not in calls:
            since, until = periods[quota.period].bounds()
            calls[key] = counter.count(body_id, since, until, day)
        for (unit_kind, pk), n in calls[key].items():
            out[(quota.code, unit_kind, pk)] = n
    return out


def _office_plan_counts(
    body_id: int, quotas: list[Quota], periods: dict[str, Period]
) -> dict[str, dict[str, int]]:
    """The office's yearly plans (§6 界别活动计划, §13): approved = done, a draft = under way.
    One query for all such quotas."""
    wanted = [q for q in quotas if q.metric == M.OFFICE_PLAN_APPROVED]
    if not wanted:
        return {}
    plans = list(
        OfficePlan.objects.filter(
            body_id=body_id,
            kind__in=[q.plan_kind for q in wanted],
            year__in={periods[q.period].start.year for q in wanted},
        ).values("kind", "year", "status")
    )
    out = {}
    for quota in wanted:
        year = periods[quota.period].start.year
        rows = [p for p in plans if p["kind"] == quota.plan_kind and p["year"] == year]
        approved = sum(1 for p in rows if p["status"] == OfficePlan.Status.APPROVED)
        out[quota.code] = {"value": approved, "scheduled": len(rows) - approved}
    return out


def _evidence_counts(
    body_id: int, quotas: list[Quota], periods: dict[str, Period]
) -> dict[str, int]:
    aggregates = {}
    for quota in quotas:
        period = periods[quota.period]
        condition = Q(quota_code=quota.code, date__gte=period.start, date__lte=period.end)
        aggregates[quota.code] = Count("pk", filter=condition)
    return QuotaEvidence.objects.filter(body_id=body_id).aggregate(**aggregates)


def owed_in_year(year: Period) -> Exists:
    """Whether the outer member owes the year's member quotas (Q17, Q23): seated on 1 July
    of the year — a member who joined after it or left before it is not owed them."""
    july = dt.date(year.start.year, 7, 1)
    return Exists(MemberTerm.objects.filter(active_on(july), member=OuterRef("pk")))


def member_units(
    body: Body,
    day: dt.date,
    periods: dict[str, Period],
    quotas: list[Quota],
    *,
    committee_ids: set[int] | None = None,
    module_counts: dict | None = None,
) -> list[Unit]:
    """Member quotas for every member in office at some point of the period (one query)."""
    member_quotas = [q for q in quotas if q.scope == S.MEMBER]
    if not member_quotas:
        return []
    if module_counts is None:
        module_counts = _module_counts(body.pk, member_quotas, periods, day)
    year = periods[Quota.Period.YEAR]
    members = Member.objects.filter(
        body=body,
        pk__in=MemberTerm.objects.filter(overlapping(year.start, year.seated_until(day))).values(
            "member_id"
        ),
    )
    if committee_ids is not None:
        members = members.filter(
            pk__in=CommitteeMembership.objects.filter(
                overlapping(year.start, year.seated_until(day)), committee_id__in=committee_ids
            ).values("member_id")
        )
    annotations: dict = {"owed_year": owed_in_year(year)}
    for quota in member_quotas:
        if quota.metric == M.MEMBER_ATTENDANCE:
            period = periods[quota.period]
            rel = "invitations__"
            annotations[quota.code] = Count(
                "invitations",
                filter=Q(
                    **{
                        f"{rel}attendance": PRESENT,
                        f"{rel}activity__status": HELD,
                        f"{rel}activity__type__in": quota.activity_types,
                    }
                )
                & in_period(f"{rel}activity__", period),
            )
    units = []
    not_owed = _("当年 7 月 1 日不在任，本年度不计。")
    for member in members.annotate(**annotations).select_related("user").order_by("code"):
        unit = Unit("member", member.pk, member.name)
        unit.extra["user"] = member.user
        unit.extra["code"] = member.code
        for quota in member_quotas:
            period = periods[quota.period]
            if quota.period == Quota.Period.YEAR and not member.owed_year:
                progress = Progress(quota, period, 0, Light.NOT_APPLICABLE, note=not_owed)
            elif quota.metric in COUNTED_BY:
                value = module_counts.get((quota.code, "member", member.pk), 0)
                progress = _finish(quota, period, day, value=value)
            else:
                progress = _finish(quota, period, day, value=getattr(member, quota.code, 0))
            unit.progress[quota.code] = progress
        units.append(unit)
    return units


def visit_gaps(committee: Committee, period: Period, day: dt.date) -> QuerySet[Member]:
    """Q6 detail: the committee's members on the day shown whom no visit with a leader of
    the committee present has reached yet in the term (who the leaders still need to see)."""
    quota = Quota(code="Q6", metric=M.VISIT_COVERAGE, activity_types=[ActivityType.MEMBER_VISIT])
    for q in effective_quotas(committee.body_id):
        if q.metric == M.VISIT_COVERAGE:
            quota = q
            break
    return (
        committee_members_on(committee.pk, period.seated_until(day))
        .exclude(pk__in=visited_by_leaders(committee.pk, quota, period))
        .distinct()
        .select_related("sector")
        .order_by("code")
    )


def training_gaps(board: Board, limit: int = 300) -> list[tuple[Quota, list[Member]]]:
    """For each member-coverage quota of the body (Q10): who has not been covered yet."""
    out = []
    for progress in board.body_unit.progress.values():
        if progress.quota.metric == M.ATTENDANCE_COVERAGE and progress.light != Light.MET:
            gaps = coverage_gaps(progress.quota, progress.period, board.body.pk, board.day)
            out.append((progress.quota, list(gaps[:limit])))
    return out
