"""The body's roster (全体委员名册) as a long PDF, built in the background (portal.jobs):
the members in office on a day, by sector (界别), each sector from a new page, numbered
through; rendered in parts side by side (portal.pdf.render_long_pdf)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from organisation.models import Body, Sector
from portal.registry import JobOutput

from .models import CommitteeMembership, Member
from .selectors import active_on, members_in_office_on

# Rows of one part: big enough that a part's fixed cost (~0.2 s) stays small, small
# enough that both cores get work on a body of a few hundred members.
ROWS_PER_PART = 300


@dataclass
class RosterSection:
    sector: Sector | None
    rows: list[tuple[int, Member]]  # (number through the roster, member)


def roster_sections(body: Body, day: dt.date) -> list[RosterSection]:
    """The members in office on `day`, by sector in the body's order, numbered through;
    each with his committee that day (`current_seats`). Three queries."""
    members = (
        members_in_office_on(body.pk, day)
        .select_related("sector")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=CommitteeMembership.objects.filter(active_on(day)).select_related(
                    "committee"
                ),
                to_attr="current_seats",
            )
        )
        .order_by("sector__order", "sector_id", "code")
    )
    sections: list[RosterSection] = []
    number = 0
    for member in members:
        if not sections or sections[-1].sector != member.sector:
            sections.append(RosterSection(member.sector, []))
        number += 1
        sections[-1].rows.append((number, member))
    return sections


def split_parts(sections: list[RosterSection], rows_per_part: int) -> list[list[RosterSection]]:
    """Consecutive sectors grouped into parts of about `rows_per_part` rows (a sector is
    never split: each starts on a new page anyway)."""
    total = sum(len(s.rows) for s in sections)
    target = max(1, math.ceil(total / max(1, math.ceil(total / rows_per_part))))
    parts: list[list[RosterSection]] = [[]]
    size = 0
    for section in sections:
        if parts[-1] and size + len(section.rows) > target:
            parts.append([])
            size = 0
        parts[-1].append(section)
        size += len(section.rows)
    return [part for part in parts if part]


def body_roster_html(
    body: Body, day: dt.date, *, rows_per_part: int = ROWS_PER_PART
) -> tuple[list[str], int]:
    """The roster's parts as HTML documents (pdf_part: no page margins), and its rows."""
    sections = roster_sections(body, day)
    total = sum(len(s.rows) for s in sections)
    parts = split_parts(sections, rows_per_part) or [[]]
    html = [
        render_to_string(
            "members/body_roster_pdf.html",
            {
                "body": body,
                "day": day,
                "sections": part,
                "first": i == 0,
                "last": i == len(parts) - 1,
                "total": total,
                "pdf_part": True,
            },
        )  # fmt: skip
        for i, part in enumerate(parts)
    ]
    return html, total


def roster_title(body: Body) -> str:
    return _("%(body)s委员名册") % {"body": body.name}


def roster_marks(title: str):
    def marks(pages: int) -> str:
        return render_to_string(
            "pdf/marks.html",
            {"title": title, "pages": range(pages), "page_size": "A4 landscape"},
        )

    return marks


def body_roster_job(job, progress) -> JobOutput:
    """The job kind "member_roster" (members.hooks): params body_id and day (ISO)."""
    from django.conf import settings

    from portal.pdf import render_long_pdf

    body = Body.objects.get(pk=job.params["body_id"])
    day = dt.date.fromisoformat(job.params["day"])
    progress(0, 1, _("正在读取委员名单……"))
    parts, _rows = body_roster_html(body, day)
    title = roster_title(body)
    result = render_long_pdf(
        parts,
        marks=roster_marks(title),
        timeout=float(getattr(settings, "JOB_TIME_LIMIT", 1800) - 120),
        progress=lambda done, total: progress(
            done,
            total,
            _("正在排版第 %(done)d / %(total)d 部分……") % {"done": done, "total": total},
        ),
    )
    return JobOutput(f"{title}.pdf", result.pdf, "application/pdf")
