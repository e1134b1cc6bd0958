"""Reads of plans, approvals and the office's plans, with permissions applied in SQL; the
clash report of §13 (same place, or the same members, at overlapping times) is in
selectors.clashes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractMonth
from django.http import Http404
from django.utils.translation import gettext as _

from organisation.access import committees_where
from organisation.models import Committee
from portal.access import OVERSEE_COMMITTEE, WORK_IN_COMMITTEE, is_office
from portal.models import User

from ..models import Activity, ActivityInvitation, OfficePlan, PlanItem, WorkPlan
from ..workflow import oversees, works_in
from .activities import choice_labels
from .clashes import (  # noqa: F401 (Clash, find_clashes: read from here too)
    OFFICE_PLAN_TYPES,
    Clash,
    ClashPair,
    find_clashes,
    office_plan_clash_pairs,
    office_plan_clashes,
    year_bounds,
)


@dataclass(frozen=True)
class PlanAccess:
    office: bool
    staff: bool
    vice_chair: bool

    @property
    def edit(self) -> bool:
        return self.staff


def plans_visible_to(user: User) -> QuerySet[WorkPlan]:
    """The office sees every committee's plans; staff and the vice-chair in charge see
    their committees'; nobody else sees any."""
    if not user.is_authenticated or user.body_id is None:
        return WorkPlan.objects.none()
    plans = WorkPlan.objects.filter(committee__body_id=user.body_id)
    if is_office(user):
        return plans
    return plans.filter(committee__in=committees_where(user, WORK_IN_COMMITTEE, OVERSEE_COMMITTEE))


def get_plan_for(user: User, pk: int) -> WorkPlan:
    try:
        return (
            plans_visible_to(user)
            .select_related("committee__body", "term", "created_by", "submitted_by", "decided_by")
            .get(pk=pk)
        )
    except WorkPlan.DoesNotExist:
        raise Http404 from None


def plan_access(user: User, plan: WorkPlan) -> PlanAccess:
    return PlanAccess(
        office=is_office(user, plan.committee.body),
        staff=works_in(plan.committee, user),
        vice_chair=oversees(plan.committee, user),
    )


def plan_items(plan: WorkPlan) -> QuerySet[PlanItem]:
    """The plan's items with the groups they involve and how many activities carry each
    out (held ones apart): progress rolls up from the activities."""
    held = Activity.Status.HELD
    return (
        plan.items.prefetch_related("sector_groups")
        .annotate(
            activity_count=Count(
                "activities", filter=~Q(activities__status=Activity.Status.CANCELLED)
            ),
            held_count=Count("activities", filter=Q(activities__status=held)),
        )
        .order_by("order", "month", "id")
    )


def committee_plans(committee: Committee) -> QuerySet[WorkPlan]:
    return (
        committee.work_plans.select_related("submitted_by", "decided_by")
        .annotate(item_count=Count("items"))
        .order_by("-year", "kind")
    )


def approval_inbox(user: User) -> dict[str, list]:
    """What waits for this vice-chair: submitted plans and summaries and major activities
    of the committees he oversees, oldest first."""
    committees = committees_where(user, OVERSEE_COMMITTEE)
    plans = list(
        WorkPlan.objects.filter(committee__in=committees, status=WorkPlan.Status.SUBMITTED)
        .select_related("committee", "submitted_by")
        .order_by("submitted_at", "id")
    )
    activities = list(
        Activity.objects.filter(owner_committee__in=committees, status=Activity.Status.PENDING)
        .select_related("owner_committee", "submitted_by")
        .order_by("submitted_at", "id")
    )
    return {"plans": plans, "activities": activities}


# ---- the office's plans ------------------------------------------------------------------


@dataclass
class SummaryRow:
    """One organiser's activities of the year: how many per month (Jan…Dec) and in all."""

    name: str
    months: list[int] = field(default_factory=lambda: [0] * 12)
    total: int = 0


@dataclass
class ActivitySummary:
    rows: list[SummaryRow]
    months: list[int]
    total: int


@dataclass
class OfficePlanContents:
    plan: OfficePlan
    items: list[PlanItem]
    # The year's activities of the plan's types, in order, with the number invited: a
    # lazy queryset, the page shows one page of it.
    activities: QuerySet[Activity]
    summary: ActivitySummary
    clash_pairs: list[ClashPair]


def activity_summary(activities: QuerySet[Activity]) -> ActivitySummary:
    """The activities counted per organising committee and month, in one query; the
    office's own (no committee) last."""
    counts = (
        activities.order_by()
        .values("owner_committee_id", "owner_committee__name", "owner_committee__order")
        .annotate(month=ExtractMonth("starts_at"), n=Count("id"))
    )
    rows: dict[int | None, tuple[tuple, SummaryRow]] = {}
    months = [0] * 12
    for c in counts:
        key = c["owner_committee_id"]
        if key not in rows:
            name = c["owner_committee__name"] or str(_("办公室"))
            order = (key is None, c["owner_committee__order"] or 0, key or 0)
            rows[key] = (order, SummaryRow(name=name))
        row = rows[key][1]
        row.months[c["month"] - 1] += c["n"]
        row.total += c["n"]
        months[c["month"] - 1] += c["n"]
    ordered = [row for _order, row in sorted(rows.values(), key=lambda r: r[0])]
    return ActivitySummary(rows=ordered, months=months, total=sum(months))


def office_plan_contents(*, body_id: int, year: int, kind: str) -> OfficePlanContents:
    """Everything the plan gathers for the year: the committees' plan items of its types
    (plans submitted or approved; for the consultation plan also every key consultation
    topic, §5), the activities of its types (not cancelled) and their summary, and the
    clash report's pairs (`clashes_of` loads the ones shown)."""
    types = OFFICE_PLAN_TYPES[kind]
    plan = OfficePlan.objects.filter(body_id=body_id, year=year, kind=kind).first() or OfficePlan(
        body_id=body_id, year=year, kind=kind
    )
    item_filter = Q(activity_type__in=types)
    if kind == OfficePlan.Kind.CONSULTATION:
        item_filter |= Q(is_key_consultation=True)
    items = list(
        PlanItem.objects.filter(
            item_filter,
            plan__committee__body_id=body_id,
            plan__year=year,
            plan__kind=WorkPlan.Kind.ANNUAL_PLAN,
            plan__status__in=[WorkPlan.Status.SUBMITTED, WorkPlan.Status.APPROVED],
        )
        .select_related("plan__committee")
        .order_by("month", "plan__committee__order", "id")
    )
    type_labels = choice_labels(PlanItem, "activity_type")
    status_labels = choice_labels(WorkPlan, "status")
    for item in items:
        item.type_label = type_labels.get(item.activity_type, item.activity_type)
        item.plan_status_label = status_labels.get(item.plan.status, item.plan.status)
    start, end = year_bounds(year)
    of_year = Activity.objects.filter(
        body_id=body_id, type__in=types, starts_at__gte=start, starts_at__lt=end
    ).exclude(status=Activity.Status.CANCELLED)
    invited = (
        ActivityInvitation.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    activities = (
        of_year.select_related("owner_committee")
        .annotate(invited=Coalesce(Subquery(invited), 0))
        .order_by("starts_at", "id")
    )
    return OfficePlanContents(
        plan=plan,
        items=items,
        activities=activities,
        summary=activity_summary(of_year),
        clash_pairs=office_plan_clash_pairs(body_id=body_id, year=year, kind=kind),
    )


def office_plans(*, body_id: int, year: int) -> list[OfficePlan]:
    """The three plans of the year, saved or not yet."""
    saved = {p.kind: p for p in OfficePlan.objects.filter(body_id=body_id, year=year)}
    return [
        saved.get(kind) or OfficePlan(body_id=body_id, year=year, kind=kind)
        for kind in OfficePlan.Kind.values
    ]


def labelled_log(obj) -> list:
    """The transition log of a plan or activity, oldest first, each entry with the Chinese
    name of the state it moved to (`to_label`)."""
    from portal.workflow import transitions_of

    choices = dict(obj._meta.get_field("status").flatchoices)
    entries = list(transitions_of(obj))
    for entry in entries:
        entry.to_label = str(choices.get(entry.to_state, entry.to_state))
        entry.from_label = str(choices.get(entry.from_state, entry.from_state))
    return entries
