"""Statistics of 社情民意 for the office and the editors: one year of one body by state,
topic, committee, sector group, member and adoption level — one query per table, whatever
the rows — and the same numbers as an .xlsx workbook and the annual adoption report (PDF).

Counting rules (the page, the workbook and the PDF share them):
- items: those submitted (drafts and items still awaiting co-authors are not counted), of
  the year they were written (`year`); 综合 items the editors made count once as items but
  are not anyone's own submission;
- 已受理: the states in `Report.COUNTED_STATES` (as for the quotas);
- adoptions: the adoption records dated in the year, of the body's items and of the
  copies higher bodies made of them (credited back);
- 下级报送 (by body): the items lower bodies sent up to this body in the year, how many
  were received into its queue and how many of those were adopted.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from portal.caching import VersionedCache
from portal.spreadsheets import escape_cell

from .models import Adoption, AdoptionLevel, Author, Forwarding, Instruction, Report

S = Report.Status


@dataclass(frozen=True)
class Row:
    label: str
    items: int
    accepted: int = 0
    adopted: int = 0


@dataclass(frozen=True)
class Stats:
    year: int
    total: int
    accepted: int
    by_status: list[Row]
    by_topic: list[Row]
    by_committee: list[Row]
    by_sector_group: list[Row]
    by_member: list[Row]
    by_level: list[Row]
    instructions: list[Row]
    by_body: list[Row]

    @property
    def charts(self) -> dict:
        def block(rows: list[Row]) -> dict:
            return {"labels": [r.label for r in rows], "data": [r.items for r in rows]}

        return {
            "status": block(self.by_status),
            "topic": block(self.by_topic),
            "level": block(self.by_level),
        }


ACCEPTED = Q(status__in=Report.COUNTED_STATES)
ADOPTED = Q(status=S.ADOPTED)


def _grouped(qs, key: str, label: str) -> list[Row]:
    rows = (
        qs.values(key, label)
        .annotate(items=Count("id"), accepted=Count("id", filter=ACCEPTED),
                  adopted=Count("id", filter=ADOPTED))
        .order_by("-items", label)
    )  # fmt: skip
    return [Row(r[label] or _("（未归属）"), r["items"], r["accepted"], r["adopted"]) for r in rows]


def statistics(body_id: int, year: int) -> Stats:
    items = Report.objects.filter(body_id=body_id, year=year).exclude(
        status__in=Report.UNSUBMITTED_STATES
    )
    statuses = dict(S.choices)
    by_status = [
        Row(str(statuses[r["status"]]), r["n"])
        for r in items.values("status").annotate(n=Count("id")).order_by("-n", "status")
    ]
    topics = dict(Report.Topic.choices)
    by_topic = [
        Row(str(topics.get(r["topic"], r["topic"])), r["items"], r["accepted"], r["adopted"])
        for r in items.values("topic")
        .annotate(items=Count("id"), accepted=Count("id", filter=ACCEPTED),
                  adopted=Count("id", filter=ADOPTED))
        .order_by("-items", "topic")
    ]  # fmt: skip
    authored = Author.objects.filter(
        report__in=items.exclude(kind=Report.Kind.COMBINED), status=Author.Status.CONFIRMED
    )
    counted = Q(report__status__in=Report.COUNTED_STATES)
    by_member = [
        Row(r["member__name"], r["items"], r["accepted"], r["adopted"])
        for r in authored.values("member_id", "member__name", "member__code")
        .annotate(
            items=Count("report_id", distinct=True),
            accepted=Count("report_id", filter=counted, distinct=True),
            adopted=Count("report_id", filter=Q(report__status=S.ADOPTED), distinct=True),
        )
        .order_by("-items", "member__code")
    ]  # fmt: skip
    levels = (
        Adoption.objects.filter(adopted_on__year=year)
        .filter(Q(report__body_id=body_id) | Q(report__origin__body_id=body_id))
        .values("level__code")
        .annotate(n=Count("id"))
    )
    per_level = {r["level__code"]: r["n"] for r in levels}
    names = AdoptionLevel.objects.filter(body_id=body_id).order_by("rank", "id")
    by_level = [Row(level.name, per_level.get(level.code, 0)) for level in names]
    extra = set(per_level) - {level.code for level in names}
    by_level += [Row(code, per_level[code]) for code in sorted(extra)]
    instruction_rows = (
        Instruction.objects.filter(instructed_on__year=year)
        .filter(Q(report__body_id=body_id) | Q(report__origin__body_id=body_id))
        .values("level")
        .annotate(n=Count("id"))
    )
    instruction_levels = dict(Instruction.Level.choices)
    found = {r["level"]: r["n"] for r in instruction_rows}
    instructions = [
        Row(str(label), found.get(value, 0)) for value, label in instruction_levels.items()
    ]
    # Items lower bodies sent up to this one in the year: sent, received, adopted here.
    by_body = [
        Row(r["report__body__name"], r["sent"], r["received"], r["adopted"])
        for r in Forwarding.objects.filter(to_body_id=body_id, sent_at__year=year)
        .values("report__body_id", "report__body__name")
        .annotate(
            sent=Count("id"),
            received=Count("id", filter=Q(status=Forwarding.Status.ACCEPTED)),
            adopted=Count("id", filter=Q(copy__status=S.ADOPTED)),
        )
        .order_by("-sent", "report__body_id")
    ]
    total = sum(r.items for r in by_status)
    return Stats(
        year=year,
        total=total,
        accepted=sum(r.accepted for r in by_topic),
        by_status=by_status,
        by_topic=by_topic,
        by_committee=_grouped(items, "committee_id", "committee__name"),
        by_sector_group=_grouped(items, "sector_group_id", "sector_group__name"),
        by_member=by_member,
        by_level=by_level,
        instructions=instructions,
        by_body=by_body,
    )


STATISTICS = VersionedCache("public_opinion:statistics", "STATISTICS_CACHE_SECONDS")
# What the statistics count or name: a change to any of these makes them stale (adoptions,
# instructions and forwardings have no body of their own: they make every body's stale).
STATISTICS_SOURCES = (
    "public_opinion.Report",
    "public_opinion.Author",
    "public_opinion.Adoption",
    "public_opinion.AdoptionLevel",
    "public_opinion.Instruction",
    "public_opinion.Forwarding",
    "organisation.Committee",
    "organisation.SectorGroup",
    "members.Member",
)


def cached_statistics(body_id: int, year: int) -> Stats:
    """`statistics`, cached until a counted or named record changes: the page, the workbook
    and the adoption report of a region's year read it without counting again."""
    return STATISTICS.get_or_compute(
        f"{body_id}:{year}", lambda: statistics(body_id, year), body_id=body_id
    )


def _sheets(stats: Stats) -> list[tuple[str, list[str], list[list]]]:
    """The tables of the statistics as (title, header, rows): shared by page, xlsx, PDF."""
    full = [_("类别"), _("信息数"), _("已受理"), _("已采用")]

    def four(rows: list[Row]) -> list[list]:
        return [[r.label, r.items, r.accepted, r.adopted] for r in rows]

    def two(rows: list[Row]) -> list[list]:
        return [[r.label, r.items] for r in rows]

    return [
        (_("按状态"), [_("状态"), _("信息数")], two(stats.by_status)),
        (_("按领域"), full, four(stats.by_topic)),
        (_("按专委会"), full, four(stats.by_committee)),
        (_("按界别活动组"), full, four(stats.by_sector_group)),
        (_("按委员"), [_("委员"), _("信息数"), _("已受理"), _("已采用")], four(stats.by_member)),
        (_("按采用层级"), [_("采用层级"), _("采用次数")], two(stats.by_level)),
        (_("领导批示"), [_("批示层级"), _("批示次数")], two(stats.instructions)),
        (_("下级报送"), [_("政协组织"), _("报送"), _("接收"), _("采用")], four(stats.by_body)),
    ]


def tables(stats: Stats) -> list[tuple[str, list[str], list[list]]]:
    return _sheets(stats)


def statistics_xlsx(stats: Stats, body_name: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    for title, header, rows in _sheets(stats):
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([escape_cell(h) for h in header])
        for row in rows:
            cells = []
            for value in row:
                if isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=escape_cell(value))
                    cell.data_type = "s"
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
    out = BytesIO()
    workbook.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"社情民意统计-{body_name}-{stats.year}.xlsx"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def adopted_items(body_id: int, year: int):
    """The items adopted in the year (of the body, or credited back from a higher body),
    with their adoptions, for the annual adoption report."""
    adoptions = (
        Adoption.objects.filter(adopted_on__year=year)
        .filter(Q(report__body_id=body_id) | Q(report__origin__body_id=body_id))
        .select_related("level", "report__origin")
        .annotate(rank=F("level__rank"))
        .order_by("-rank", "adopted_on", "id")
    )
    return list(adoptions)
