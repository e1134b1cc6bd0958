"""What 社情民意 feeds the quota board and the annual scoring (portal.registry).

Quota counter `social_opinion_reports` (Q16: each committee ≥1 item a year; Q17: each
member ≥1 a year). An item counts once the information editors took it up — 受理 and every
state after it (已受理, 已合并, 转为提案线索, 转交有关部门, 已编发, 已采用:
`Report.COUNTED_STATES`) — in the period of its submission. A draft, an item still with
its co-authors or in the queue, one returned for changes (退回修改), rejected (不予采用)
or withdrawn does not count: returned items count when they are resubmitted and accepted.
- member: each confirmed author of the item (first author and every co-author who
  confirmed; one who declined or never answered is not credited); 综合 items the editors
  wrote are not counted again (the merged originals already count for their authors);
- sector_group: collective items sent in the group's name;
- committee: collective items sent in the committee's name or in the name of one of its
  sector groups (article 11: with the groups it links, ≥1 valuable item a year);
- body: every counted item of the body's own (copies received from lower bodies are
  the lower body's work and count there).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter as Tally

from django.db.models import CharField, Count, DateTimeField, F, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import DEFAULT_ADOPTION_LEVELS, Author, Instruction, Report

EXPLANATION = _(
    "社情民意信息经信息编辑受理后计入（已受理、已合并、转为提案线索、转交有关部门、已编发、"
    "已采用），按提交时间归入期间；草稿、待联名确认、待受理、退回修改、不予采用和撤回的信息不计。"
    "委员：每位已确认的作者（第一作者和确认联名的作者）各计1篇，编辑合并而成的综合信息不重复计；"
    "专委会：以本专委会或其联系的界别活动组名义集体报送的信息；界别活动组：以本组名义集体报送的信息。"
)


def counted_reports(body_id: int, start: dt.datetime, end: dt.datetime):
    return Report.objects.filter(
        body_id=body_id,
        origin__isnull=True,
        status__in=Report.COUNTED_STATES,
        submitted_at__gte=start,
        submitted_at__lt=end,
    ).exclude(kind=Report.Kind.COMBINED)


def count(
    body_id: int, start: dt.datetime, end: dt.datetime, day: dt.date
) -> dict[tuple[str, int], int]:
    reports = counted_reports(body_id, start, end)
    result: dict[tuple[str, int], int] = {}
    members = (
        Author.objects.filter(report__in=reports, status=Author.Status.CONFIRMED)
        .values("member_id")
        .annotate(n=Count("report_id", distinct=True))
    )
    for row in members:
        result[("member", row["member_id"])] = row["n"]
    # One row per organiser (and one for the members' own items): the collective counts
    # and the body's total in one query.
    organisers = reports.values(
        "organiser_committee_id",
        "organiser_sector_group_id",
        "organiser_sector_group__committee_id",
    ).annotate(n=Count("id"))
    committees: Tally[int] = Tally()
    groups: Tally[int] = Tally()
    total = 0
    for row in organisers:
        n = row["n"]
        total += n
        if row["organiser_committee_id"]:
            committees[row["organiser_committee_id"]] += n
        if row["organiser_sector_group_id"]:
            groups[row["organiser_sector_group_id"]] += n
            committees[row["organiser_sector_group__committee_id"]] += n
    result.update({("committee", pk): n for pk, n in committees.items()})
    result.update({("sector_group", pk): n for pk, n in groups.items()})
    if total:
        result[("body", body_id)] = total
    return result


# ---- score source for the annual scoring (issue 15) ------------------------------------------

ADOPTION_ROLE = "adopted_%s"
INSTRUCTION_ROLE = "instruction_%s"
ROLES: tuple[tuple[str, str], ...] = (
    ("first", str(_("第一作者"))),
    ("co", str(_("联名作者"))),
    *((ADOPTION_ROLE % code, name) for code, name in DEFAULT_ADOPTION_LEVELS),
    *((INSTRUCTION_ROLE % v, f"{label}批示") for v, label in Instruction.Level.choices),
)


def score_rows(body_id: int, year: int):
    """One row per confirmed author and counted item (role first/co) submitted in the
    year, plus one per confirmed author and adoption (role adopted_<level code>) or
    批示 (role instruction_<level>) dated in the year — of the item itself or of a higher
    body's copy of it; 综合 items credit every author for their adoptions. Columns:
    member_id, role, record_id, at (a moment: adoptions and 批示 at the start of their
    day), title, kind (the item's kind — individual/joint/collective — for first/co rows;
    the level code for adoptions, the level for 批示), as evaluation's scoring reads them."""
    authors = Author.objects.filter(status=Author.Status.CONFIRMED, report__body_id=body_id)
    base = authors.filter(
        report__status__in=Report.COUNTED_STATES, report__submitted_at__year=year
    ).exclude(report__kind=Report.Kind.COMBINED)
    # A union takes its column names from the first query: member_id, role, record_id,
    # at, title, kind (the others name their columns differently, in the same places).
    own = base.values(
        "member_id",
        "role",
        record_id=F("report_id"),
        at=F("report__submitted_at"),
        title=F("report__title"),
        kind=F("report__kind"),
    )

    def credited(date_field: str, code_field: str, prefix: str, relation: str):
        rows = []
        for path in (relation, f"report__copies__{relation.removeprefix('report__')}"):
            rows.append(
                authors.filter(**{f"{path}__{date_field}__year": year}).values(
                    "member_id",
                    role_name=Concat(Value(prefix), F(f"{path}__{code_field}"),
                                     output_field=CharField()),
                    record_id=F("report_id"),
                    at_moment=Cast(F(f"{path}__{date_field}"), DateTimeField()),
                    title=F("report__title"),
                    kind_name=Cast(F(f"{path}__{code_field}"), CharField()),
                )
            )  # fmt: skip
        return rows

    adoption_rows = credited("adopted_on", "level__code", "adopted_", "report__adoptions")
    instruction_rows = credited("instructed_on", "level", "instruction_", "report__instructions")
    return own.union(*adoption_rows, *instruction_rows, all=True)


def score_url(record_id: int) -> str:
    return reverse("public_opinion:report_detail", args=[record_id])
