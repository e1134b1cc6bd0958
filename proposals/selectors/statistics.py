"""Statistics of a body's proposals for one year (SPEC §3.4): by status, kind, category,
sector and committee (of the first proposer on the submission day, or the collective
organiser), by handling unit (assigned, replied, on time, overdue, reply categories), by
reply category and by the proposers' satisfaction. Every number is a COUNT in SQL."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.caching import VersionedCache

from ..models import Assignment, Evaluation, Proposal, ReplyCategory

S = Proposal.Status
A = Assignment.Status


@dataclass(frozen=True)
class Row:
    name: str
    count: int
    filed: int | None = None


@dataclass(frozen=True)
class UnitRow:
    name: str
    assigned: int
    lead: int
    co: int
    separate: int
    returned: int
    active: int
    replied: int
    on_time: int
    overdue: int
    by_category: tuple[int, ...]


@dataclass
class Statistics:
    year: int
    totals: dict[str, int]
    by_status: list[Row]
    by_kind: list[Row]
    by_category: list[Row]
    by_sector: list[Row]
    by_committee: list[Row]
    by_unit: list[UnitRow]
    categories: list[ReplyCategory]
    by_reply_category: list[Row]
    satisfaction: list[Row]
    charts: dict = field(default_factory=dict)

    # The headline figures, in the order and words the page, the spreadsheet and the PDF
    # all show (one list: the three cannot disagree on a label or a number).
    TOTALS = (
        ("submitted", _lazy("提交")),
        ("filed", _lazy("立案")),
        ("merged", _lazy("并案")),
        ("not_filed", _lazy("不予立案")),
        ("withdrawn", _lazy("撤回")),
        ("waiting", _lazy("待审查")),
        ("answered", _lazy("已答复")),
        ("rehandled", _lazy("曾重新办理")),
        ("key", _lazy("重点提案")),
        ("excellent", _lazy("优秀提案")),
        ("collective", _lazy("集体提案")),
    )

    @property
    def total_rows(self) -> list[tuple[str, str, int]]:
        return [(key, str(label), self.totals[key]) for key, label in self.TOTALS]


def _grouped(base, key: str, labels: dict | None, empty: str) -> list[Row]:
    rows = (
        base.values(key)
        .annotate(n=Count("pk"), filed=Count("pk", filter=Q(serial__isnull=False)))
        .order_by("-n", key)
    )
    return [
        Row(
            str((labels or {}).get(r[key], r[key]) if r[key] is not None else empty),
            r["n"],
            r["filed"],
        )
        for r in rows
    ]


def proposal_statistics(*, body_id: int, year: int) -> Statistics:
    today = timezone.localdate()
    base = Proposal.objects.filter(body_id=body_id, year=year, submitted_at__isnull=False)
    totals = base.aggregate(
        submitted=Count("pk"),
        filed=Count("pk", filter=Q(serial__isnull=False)),
        merged=Count("pk", filter=Q(status=S.MERGED)),
        not_filed=Count("pk", filter=Q(status=S.NOT_FILED)),
        withdrawn=Count("pk", filter=Q(status=S.WITHDRAWN)),
        waiting=Count("pk", filter=Q(status=S.SUBMITTED)),
        answered=Count("pk", filter=Q(status__in=Proposal.ANSWERED_STATES)),
        rehandled=Count("pk", filter=Q(round=2)),
        key=Count("pk", filter=Q(is_key=True)),
        excellent=Count("pk", filter=Q(is_excellent=True)),
        collective=Count("pk", filter=Q(kind=Proposal.Kind.COLLECTIVE)),
    )
    status_counts = dict(base.values_list("status").annotate(n=Count("pk")).order_by())
    by_status = [Row(str(label), status_counts.get(value, 0)) for value, label in S.choices]
    by_status = [r for r in by_status if r.count]
    kinds = dict(Proposal.Kind.choices)
    categories_labels = dict(Proposal.Category.choices)
    categories = list(ReplyCategory.objects.filter(body_id=body_id).order_by("order", "code"))
    # The year's proposals by id: with a literal list PostgreSQL reaches their assignments,
    # replies and ratings through the proposal_id indexes (joining on body and year made it
    # scan every assignment of every year: 30 ms instead of 2 on the region data set).
    ids = list(Proposal.objects.filter(body_id=body_id, year=year).values_list("pk", flat=True))
    # Assignments of the year's proposals, grouped by unit (cancelled ones are not counted).
    replied = Q(status=A.REPLIED)
    active = Q(status__in=Assignment.ACTIVE_STATES)
    # Replies of those proposals by unit and category (every round), and the final ones
    # (the proposal's current round) by category.
    unit_replies: dict[tuple[int, int], int] = {}
    reply_counts: dict[int, int] = {}
    for department, category, final, n in (
        Assignment.objects.filter(proposal_id__in=ids, reply__proposal_id__in=ids)
        .annotate(final=Q(round=F("proposal__round")))
        .values_list("department_id", "reply__category_id", "final")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        unit_replies[department, category] = unit_replies.get((department, category), 0) + n
        if final:
            reply_counts[category] = reply_counts.get(category, 0) + n
    units = (
        Assignment.objects.filter(proposal_id__in=ids)
        .exclude(status=A.CANCELLED)
        .values("department_id", "department__name")
        .annotate(
            assigned=Count("pk"),
            lead=Count("pk", filter=Q(role=Assignment.Role.LEAD)),
            co=Count("pk", filter=Q(role=Assignment.Role.CO)),
            separate=Count("pk", filter=Q(role=Assignment.Role.SEPARATE)),
            returned=Count("pk", filter=Q(status=A.RETURNED)),
            active=Count("pk", filter=active),
            replied=Count("pk", filter=replied),
            on_time=Count("pk", filter=replied & Q(finished_at__date__lte=F("deadline"))),
            overdue=Count("pk", filter=active & Q(deadline__lt=today)),
        )
        .order_by("-assigned", "department__name")
    )
    by_unit = [
        UnitRow(
            name=u["department__name"],
            assigned=u["assigned"],
            lead=u["lead"],
            co=u["co"],
            separate=u["separate"],
            returned=u["returned"],
            active=u["active"],
            replied=u["replied"],
            on_time=u["on_time"],
            overdue=u["overdue"],
            by_category=tuple(unit_replies.get((u["department_id"], c.pk), 0) for c in categories),
        )
        for u in units
    ]
    by_reply_category = [Row(str(c), reply_counts.get(c.pk, 0)) for c in categories]
    lead_ratings = Evaluation.objects.filter(
        proposal_id__in=ids, is_lead=True, round=F("proposal__round")
    )
    rating_counts = dict(lead_ratings.values_list("result").annotate(n=Count("pk")).order_by())
    satisfaction = [
        Row(str(label), rating_counts.get(value, 0)) for value, label in Evaluation.Result.choices
    ]
    stats = Statistics(
        year=year,
        totals=totals,
        by_status=by_status,
        by_kind=_grouped(base, "kind", kinds, ""),
        by_category=_grouped(base, "category", categories_labels, ""),
        by_sector=_grouped(base, "sector__name", None, _("集体提案")),
        by_committee=_grouped(base, "committee__name", None, _("未入委")),
        by_unit=by_unit,
        categories=categories,
        by_reply_category=by_reply_category,
        satisfaction=satisfaction,
    )
    stats.charts = _charts(stats)
    return stats


def _charts(stats: Statistics) -> dict:
    """The data of the page's charts (Chart.js), passed with json_script."""
    units = stats.by_unit[:15]
    return {
        "status": {
            "labels": [r.name for r in stats.by_status],
            "data": [r.count for r in stats.by_status],
        },
        "category": {
            "labels": [r.name for r in stats.by_category],
            "data": [r.count for r in stats.by_category],
        },
        "reply": {
            "labels": [r.name for r in stats.by_reply_category],
            "data": [r.count for r in stats.by_reply_category],
        },
        "satisfaction": {
            "labels": [r.name for r in stats.satisfaction],
            "data": [r.count for r in stats.satisfaction],
        },
        "units": {
            "labels": [u.name for u in units],
            "replied": [u.replied for u in units],
            "overdue": [u.overdue for u in units],
            "open": [u.active - u.overdue for u in units],
        },
    }


def statistics_years(body_id: int) -> list[int]:
    years = set(
        Proposal.objects.filter(body_id=body_id, submitted_at__isnull=False)
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def default_year() -> int:
    return timezone.localdate().year


STATISTICS = VersionedCache("proposals:statistics", "STATISTICS_CACHE_SECONDS")
# What the statistics count or name: a change to any of these makes them stale.
STATISTICS_SOURCES = (
    "proposals.Proposal",
    "proposals.Assignment",
    "proposals.Reply",
    "proposals.Evaluation",
    "proposals.ReplyCategory",
    "organisation.Department",
    "organisation.Committee",
    "organisation.Sector",
)


def cached_statistics(*, body_id: int, year: int) -> Statistics:
    """proposal_statistics, cached until a counted record changes (or the day ends: the
    overdue counts depend on it)."""
    today = timezone.localdate()
    return STATISTICS.get_or_compute(
        f"{body_id}:{year}:{today:%Y%m%d}",
        lambda: proposal_statistics(body_id=body_id, year=year),
        body_id=body_id,
    )
