"""履职档案 (SPEC §3.7; source articles 11 and 14): everything a member did in a year,
assembled from every registered score source (portal.registry.score_sources), so that a new
module's records appear here as soon as it registers its source. One query per source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from members.models import Member
from portal.caching import VersionedCache
from portal.registry import ScoreSource, score_sources

from .models import MemberScore, ScoringRun
from .scoring.engine import source_sql


def kind_labels() -> dict[str, dict[str, str]]:
    """Labels of the `kind` column of the sources that evaluation knows."""
    from committees.models import Activity
    from proposals.scores import KINDS as PROPOSAL_KINDS

    from .scoring.sources import KINDS

    labels = {key: {k: str(v) for k, v in choices} for key, choices in KINDS.items()}
    labels["activities"] = {k: str(v) for k, v in Activity.Type.choices}
    labels["proposals"] = {k: str(v) for k, v in PROPOSAL_KINDS}
    return labels


@dataclass
class Entry:
    record_id: int
    role: str
    role_label: str
    at: dt.datetime | None
    title: str
    kind_label: str
    url_of: Callable[[int], str] = field(repr=False, compare=False)

    @property
    def url(self) -> str:
        """The record's page (reversed when a page shows it: the whole term's hundreds of
        entries are counted, not linked)."""
        return self.url_of(self.record_id)


@dataclass
class Section:
    key: str
    label: str
    entries: list[Entry] = field(default_factory=list)
    counts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.entries)


@dataclass
class Dossier:
    member: Member
    year: int
    sections: list[Section]
    score: MemberScore | None
    run: ScoringRun | None

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)


def _as_datetime(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    parsed = parse_datetime(str(value))  # SQLite gives text in UTC
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, dt.UTC)
    return parsed


def _rows(
    source: ScoreSource, body_id: int, years: list[int], member_id: int | None
) -> dict[int, list[dict]]:
    """The source's rows of the given years, of one member (or of every member), in date
    order, by year: one query, whatever the number of years (their SQL joined by UNION ALL,
    each part tagged with its year)."""
    parts, params = [], []
    for year in years:
        sql, part_params = source_sql(source, body_id, year)
        parts.append(f"SELECT %s AS dossier_year, y.* FROM ({sql}) y")
        params.extend([year, *part_params])
    where = ""
    if member_id is not None:
        where, params = " WHERE r.member_id = %s", [*params, member_id]
    by_year: dict[int, list[dict]] = {year: [] for year in years}
    if not parts:
        return by_year
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM ({' UNION ALL '.join(parts)}) r{where}"
            " ORDER BY r.dossier_year, r.member_id, r.at, r.record_id",
            params,
        )
        names = [c[0] for c in cursor.description]
        for row in cursor.fetchall():
            record = dict(zip(names, row, strict=True))
            by_year[record.pop("dossier_year")].append(record)
    return by_year


def _section(source: ScoreSource, rows: list[dict], labels: dict) -> Section:
    roles = {k: str(v) for k, v in source.roles}
    kinds = labels.get(source.key, {})
    section = Section(key=source.key, label=str(source.label))
    counts: dict[str, int] = {}
    for row in rows:
        role = str(row.get("role") or "")
        counts[role] = counts.get(role, 0) + 1
        section.entries.append(
            Entry(
                record_id=row["record_id"],
                role=role,
                role_label=roles.get(role, role),
                at=_as_datetime(row.get("at")),
                title=str(row.get("title") or ""),
                kind_label=kinds.get(str(row.get("kind") or ""), ""),
                url_of=source.url,
            )
        )
    section.counts = [(roles.get(role, role), n) for role, n in counts.items()]
    return section


def section_of(source: ScoreSource, member: Member, year: int, labels: dict) -> Section:
    return _section(source, _rows(source, member.body_id, [year], member.pk)[year], labels)


def body_dossiers(body_id: int, year: int, members: list[Member]) -> list[Dossier]:
    """Every given member's 档案 of the year: one query per source for them all (the
    annual job prints them in one PDF)."""
    labels = kind_labels()
    by_source = []
    for source in score_sources:
        grouped: dict[int, list[dict]] = {}
        for row in _rows(source, body_id, [year], None)[year]:
            grouped.setdefault(row["member_id"], []).append(row)
        by_source.append((source, grouped))
    run = ScoringRun.objects.filter(body_id=body_id, year=year).first()
    scores = {}
    if run is not None:
        scores = {s.member_id: s for s in MemberScore.objects.filter(run=run)}
    return [
        Dossier(
            member=member,
            year=year,
            sections=[
                _section(src, grouped.get(member.pk, []), labels) for src, grouped in by_source
            ],
            score=scores.get(member.pk),
            run=run,
        )
        for member in members
    ]


_LOOK_UP = object()


def member_dossier(member: Member, year: int, *, with_score: bool, run=_LOOK_UP) -> Dossier:
    """`run`: the body's run of the year if the caller has it (None: there is none)."""
    labels = kind_labels()
    sections = [section_of(source, member, year, labels) for source in score_sources]
    if run is _LOOK_UP:
        run = ScoringRun.objects.filter(body_id=member.body_id, year=year).first()
    score = None
    if run is not None and with_score:
        score = MemberScore.objects.filter(run=run, member=member).first()
    return Dossier(member=member, year=year, sections=sections, score=score, run=run)


@dataclass
class TermDossier:
    """A member's 档案 for a whole term: the 档案 of every year of the term (to this year),
    and per source the entries of all years (so its lines are the years' lines summed)."""

    member: Member
    term: Any
    years: list[Dossier]
    sections: list[Section]

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def rows(self) -> list[TermRow]:
        """Per source: the term's section and its number of records in each year."""
        return [
            TermRow(section, [(record.year, record.sections[i].total) for record in self.years])
            for i, section in enumerate(self.sections)
        ]


@dataclass
class TermRow:
    section: Section
    years: list[tuple[int, int]]


def term_years(term, today: dt.date) -> list[int]:
    last = min(term.end_date.year if term.end_date else today.year, today.year)
    return list(range(term.start_date.year, last + 1))


@contextmanager
def _serial_plans():
    """PostgreSQL plans a term's UNION ALL of one member's few rows as a parallel append
    (its estimate crosses parallel_setup_cost): starting the workers costs 20–30 ms, the
    work itself a few. And it reads a year's activities of the whole body to join them with
    the member's few hundred invitations, as if fetching a row by its id cost a disk seek
    (random_page_cost 4; the rows are in memory): 58 → 18 ms on the region set when the
    invitations lead. Within this block its plans run in one process and see index reads
    at their cost in memory."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            cursor.execute("SET LOCAL random_page_cost = 1.1")
        yield


# A member's records of a term (the score sources' rows of every year), kept until a record
# of his body changes: any version simple-history keeps, or a bulk write (evaluation.apps).
TERM_ROWS = VersionedCache("evaluation:term-rows", "BOARD_CACHE_SECONDS")


def _term_rows(member: Member, years: list[int]) -> list[dict[int, list[dict]]]:
    """Per registered source (in order), the member's rows by year: one query per source,
    cached (the sources' SQL over five years costs ~100 ms on a region's data)."""

    def read() -> list[dict[int, list[dict]]]:
        with _serial_plans():
            return [_rows(source, member.body_id, years, member.pk) for source in score_sources]

    keys = ",".join(source.key for source in score_sources)
    return TERM_ROWS.get_or_compute(
        f"{member.pk}:{years[0]}-{years[-1]}:{keys}", read, body_id=member.body_id
    )


def member_term_dossier(member: Member, term, *, with_score) -> TermDossier:
    """`with_score(run)` says whether the viewer may see the year's score. One query per
    source for all the years, one for the years' runs and one for the member's scores."""
    years = term_years(term, timezone.localdate())
    labels = kind_labels()
    by_source = [
        (source, rows)
        for source, rows in zip(score_sources, _term_rows(member, years), strict=True)
    ]
    runs = {
        run.year: run for run in ScoringRun.objects.filter(body_id=member.body_id, year__in=years)
    }
    shown = [run for run in runs.values() if with_score(run)]
    scores = {}
    if shown:
        scores = {s.run_id: s for s in MemberScore.objects.filter(run__in=shown, member=member)}
    records = []
    for year in years:
        run = runs.get(year)
        records.append(
            Dossier(
                member=member,
                year=year,
                sections=[_section(src, rows[year], labels) for src, rows in by_source],
                score=scores.get(run.pk) if run is not None else None,
                run=run,
            )
        )
    sections: list[Section] = []
    for i, (source, _rows_by_year) in enumerate(by_source):
        merged = Section(key=source.key, label=str(source.label))
        counts: dict[str, int] = {}
        for record in records:
            part = record.sections[i]
            merged.entries.extend(part.entries)
            for label, n in part.counts:
                counts[label] = counts.get(label, 0) + n
        merged.counts = list(counts.items())
        sections.append(merged)
    return TermDossier(member=member, term=term, years=records, sections=sections)
