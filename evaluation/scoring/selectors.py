"""Reads of the annual scoring shared by the views, the PDFs and the annual report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from members.models import Member
from portal.registry import score_sources

from ..models import Grade, MemberScore, Objection, RuleSet, ScoreLine, ScoringRun

# Score bands of the distribution chart: (label, low, high) with high exclusive.
BANDS = (
    ("<60", None, 60),
    ("60–69", 60, 70),
    ("70–79", 70, 80),
    ("80–84", 80, 85),
    ("85–89", 85, 90),
    ("90–99", 90, 100),
    ("100–109", 100, 110),
    ("≥110", 110, None),
)


@dataclass
class Band:
    label: str
    count: int
    percent: int


def distribution(run: ScoringRun, members: QuerySet[Member] | None = None) -> list[Band]:
    """How many members fall in each score band (one query)."""
    qs = MemberScore.objects.filter(run=run)
    if members is not None:
        qs = qs.filter(member__in=members)
    aggregates = {}
    for i, (_label, low, high) in enumerate(BANDS):
        test = Q()
        if low is not None:
            test &= Q(total__gte=low)
        if high is not None:
            test &= Q(total__lt=high)
        aggregates[f"b{i}"] = Count("pk", filter=test)
    counts = qs.aggregate(**aggregates)
    top = max(counts.values(), default=0) or 1
    return [
        Band(label, counts[f"b{i}"], round(100 * counts[f"b{i}"] / top))
        for i, (label, _low, _high) in enumerate(BANDS)
    ]


def grade_counts(run: ScoringRun, members: QuerySet[Member] | None = None) -> list[tuple]:
    qs = MemberScore.objects.filter(run=run)
    if members is not None:
        qs = qs.filter(member__in=members)
    counts = qs.aggregate(**{g.value: Count("pk", filter=Q(grade=g.value)) for g in Grade})
    return [(g.value, g.label, counts[g.value]) for g in Grade]


def ranking(run: ScoringRun, members: QuerySet[Member] | None = None) -> QuerySet[MemberScore]:
    qs = MemberScore.objects.filter(run=run).select_related("member__sector")
    if members is not None:
        qs = qs.filter(member__in=members)
    return qs.order_by("rank", "member__code")


@dataclass
class LineView:
    line: ScoreLine
    url: str
    role_label: str


def member_lines(run: ScoringRun, member: Member) -> list[LineView]:
    """The member's lines with the link to each record (no query per line)."""
    sources = {s.key: s for s in score_sources}
    views = []
    for line in (
        ScoreLine.objects.filter(run=run, member=member)
        .select_related("rule", "created_by")
        .order_by("kind", "rule__order", "at", "id")
    ):
        source = sources.get(line.source)
        url = source.url(line.record_id) if source and line.record_id else ""
        roles = dict(source.roles) if source else {}
        views.append(LineView(line, url, str(roles.get(line.role, line.role))))
    return views


def line_total(lines: list[LineView]) -> Decimal:
    return sum((v.line.points for v in lines), Decimal(0))


def rule_sets_of(body_id: int) -> QuerySet[RuleSet]:
    return (
        RuleSet.objects.filter(Q(body_id=body_id) | Q(body__isnull=True))
        .annotate(rule_count=Count("rules"))
        .order_by("body_id", "-year", "-id")
    )


def open_objections(run: ScoringRun) -> QuerySet[Objection]:
    return run.objections.filter(status=Objection.Status.OPEN)


def source_choices() -> list[tuple[str, str]]:
    return [(s.key, str(s.label)) for s in score_sources]


def rule_labels(rule_set: RuleSet) -> dict[int, str]:
    return {r.pk: r.indicator for r in rule_set.rules.all()}


__all__ = ["BANDS", "distribution", "grade_counts", "ranking", "member_lines", "_"]
