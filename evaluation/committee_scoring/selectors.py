"""Reads of the committees' evaluation: the ranking, a committee's lines with the link to
each record, the records of a committee's year (for its annual summary) and the awards."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

from portal.registry import ScoreSource, committee_score_sources

from ..dossier import _as_datetime
from ..models import Award, CommitteeRun, CommitteeScore, CommitteeScoreLine
from ..scoring.engine import source_sql


def ranking(run: CommitteeRun) -> QuerySet[CommitteeScore]:
    return (
        CommitteeScore.objects.filter(run=run)
        .select_related("committee")
        .order_by("rank", "committee__order", "committee_id")
    )


@dataclass
class LineView:
    line: CommitteeScoreLine
    url: str
    role_label: str


def committee_lines(run: CommitteeRun, committee_id: int) -> list[LineView]:
    sources = {s.key: s for s in committee_score_sources}
    views = []
    for line in (
        CommitteeScoreLine.objects.filter(run=run, committee_id=committee_id)
        .select_related("rule")
        .order_by("kind", "rule__order", "at", "id")
    ):
        source = sources.get(line.source)
        url = source.url(line.record_id) if source and line.record_id else ""
        roles = dict(source.roles) if source else {}
        views.append(LineView(line, url, str(roles.get(line.role, line.role))))
    return views


def line_total(lines: list[LineView]) -> Decimal:
    return sum((v.line.points for v in lines), Decimal(0))


def source_choices() -> list[tuple[str, str]]:
    return [(s.key, str(s.label)) for s in committee_score_sources]


# ---- a committee's records of a year -----------------------------------------------------


@dataclass
class Fact:
    record_id: int
    role: str
    role_label: str
    kind: str
    kind_label: str
    at: str  # ISO date, for the JSON copy kept on the summary
    title: str
    url: str


@dataclass
class FactSection:
    key: str
    label: str
    facts: list[Fact] = field(default_factory=list)
    counts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.facts)


def _rows(source: ScoreSource, body_id: int, year: int, committee_id: int) -> list[dict]:
    sql, params = source_sql(source, body_id, year)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM ({sql}) r WHERE r.unit_id = %s ORDER BY r.role, r.at, r.record_id",
            [*params, committee_id],
        )
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def quota_rows(committee, year: int) -> list[dict]:
    """The committee's quotas on the board at the end of the year (today in the current
    year), as rows of the `committee_quotas` source; the record is the committee."""
    import datetime as dt

    from django.utils import timezone

    from ..cache import cached_board
    from ..periods import as_of_for_year

    day = as_of_for_year(year, timezone.localdate())
    board = cached_board(committee.body, day, committee_ids=[committee.pk], with_members=False)
    at = dt.datetime.combine(day, dt.time(12))
    return [
        {
            "record_id": committee.pk,
            "role": progress.light,
            "record_kind": code,
            "at": at,
            "record_title": f"{code} {progress.quota.title}：{progress.value}/{progress.target}",
        }
        for unit in board.committees
        for code, progress in unit.progress.items()
    ]


def kind_labels() -> dict[str, str]:
    from committees.models.types import ActivityType
    from proposals.scores import KINDS

    from ..models import BodyMeeting

    labels = {k: str(v) for k, v in ActivityType.choices}
    labels |= {k: str(v) for k, v in KINDS}
    labels |= {k: str(v) for k, v in BodyMeeting.Kind.choices}
    return labels


def committee_facts(committee, year: int) -> list[FactSection]:
    """Every committee score source's records of the committee in the year (one query per
    source), counted per role; the quota results are those of the year's run, if any."""
    from django.urls import reverse

    kinds = kind_labels()
    board_url = reverse("evaluation:board_committee", args=[committee.pk]) + f"?year={year}"
    sections = []
    for source in committee_score_sources:
        roles = {k: str(v) for k, v in source.roles}
        source_kinds = {k: str(v) for k, v in source.kinds}
        section = FactSection(source.key, str(source.label))
        counts: dict[str, int] = {}
        rows = (
            quota_rows(committee, year)
            if source.key == "committee_quotas"
            else _rows(source, committee.body_id, year, committee.pk)
        )
        for row in rows:
            role = str(row.get("role") or "")
            kind = str(row.get("record_kind") or "")
            at = _as_datetime(row.get("at"))
            counts[role] = counts.get(role, 0) + 1
            section.facts.append(
                Fact(
                    record_id=row["record_id"],
                    role=role,
                    role_label=roles.get(role, role),
                    kind=kind,
                    kind_label=source_kinds.get(kind) or kinds.get(kind, ""),  # never a raw code
                    at=at.date().isoformat() if at else "",
                    title=str(row.get("record_title") or ""),
                    url=board_url
                    if source.key == "committee_quotas"
                    else source.url(row["record_id"]),
                )
            )
        section.counts = [(roles.get(r, r), n) for r, n in counts.items()]
        sections.append(section)
    return sections


def facts_as_json(sections: list[FactSection]) -> dict:
    return {
        "sections": [
            {
                "key": s.key,
                "label": s.label,
                "counts": [[label, n] for label, n in s.counts],
                "facts": [f.__dict__ for f in s.facts],
            }
            for s in sections
        ]
    }


# ---- awards --------------------------------------------------------------------------------


def awards_of(body_id: int, year: int | None = None) -> QuerySet[Award]:
    qs = Award.objects.filter(body_id=body_id).select_related("committee", "member")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "kind", "committee__order", "member__code")
