"""The body's annual performance report (年度委员履职考评报告) as a PDF made in the background
(portal.jobs, job kind "scoring_annual_report"): members' score distribution, grades,
ranking, attendance and the records of every score source, generated from the frozen (or
current) run, never typed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Avg, Count, Max, Min
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.registry import JobOutput, score_sources

from ..committee_scoring.selectors import awards_of
from ..models import MemberScore, ScoringRun
from . import selectors
from .engine import source_sql

ROWS_PER_PART = 400


@dataclass
class SourceCount:
    key: str
    label: str
    total: int
    by_role: list[tuple[str, int]]
    attendance_rate: Decimal | None


def source_counts(body_id: int, year: int) -> list[SourceCount]:
    """Per score source, its rows of the year per role (one GROUP BY per source)."""
    result = []
    for source in score_sources:
        sql, params = source_sql(source, body_id, year)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT r.role, COUNT(*) FROM ({sql}) r GROUP BY r.role ORDER BY r.role", params
            )
            counts = {str(role): n for role, n in cursor.fetchall()}
        labels = dict(source.roles)
        rate = None
        seen = sum(counts.get(k, 0) for k in ("present", "leave", "absent"))
        if seen:
            rate = (Decimal(100) * counts.get("present", 0) / seen).quantize(Decimal("0.1"))
        result.append(
            SourceCount(
                key=source.key,
                label=str(source.label),
                total=sum(counts.values()),
                by_role=[(str(labels.get(k, k)), n) for k, n in counts.items()],
                attendance_rate=rate,
            )
        )
    return result


def committee_scores(run: ScoringRun) -> list:
    """The year's committee ranking (§19), if the committees were scored."""
    from ..models import CommitteeRun, CommitteeScore

    crun = CommitteeRun.objects.filter(body_id=run.body_id, year=run.year).first()
    if crun is None:
        return []
    return list(
        CommitteeScore.objects.filter(run=crun).select_related("committee").order_by("rank")
    )


def report_title(run: ScoringRun) -> str:
    return _("%(body)s%(year)s年度委员履职考评报告") % {"body": run.body.name, "year": run.year}


def report_context(run: ScoringRun) -> dict:
    scores = MemberScore.objects.filter(run=run)
    stats = scores.aggregate(n=Count("pk"), avg=Avg("total"), top=Max("total"), low=Min("total"))
    grades = selectors.grade_counts(run)
    n = stats["n"] or 0
    return {
        "run": run,
        "title": report_title(run),
        "stats": stats,
        "grades": [(value, label, count, round(100 * count / n, 1) if n else 0)
                   for value, label, count in grades],
        "bands": selectors.distribution(run),
        "sources": source_counts(run.body_id, run.year),
        "rules": list(run.rule_set.rules.all()),
        "committee_scores": committee_scores(run),
        "awards": list(awards_of(run.body_id, run.year)),
        "today": timezone.localdate(),
    }  # fmt: skip


def report_html(run: ScoringRun, *, rows_per_part: int = ROWS_PER_PART) -> list[str]:
    """The report's parts: the summary, then the ranking in parts of `rows_per_part`."""
    context = report_context(run)
    ranking = list(selectors.ranking(run))
    chunks = [ranking[i : i + rows_per_part] for i in range(0, len(ranking), rows_per_part)]
    parts = [render_to_string("evaluation/scoring/report_pdf.html", {**context, "pdf_part": True})]
    for i, chunk in enumerate(chunks):
        parts.append(
            render_to_string(
                "evaluation/scoring/report_ranking_pdf.html",
                {**context, "rows": chunk, "first": i == 0, "pdf_part": True},
            )
        )
    return parts


def marks(title: str):
    def draw(pages: int) -> str:
        return render_to_string(
            "pdf/marks.html", {"title": title, "pages": range(pages), "page_size": "A4"}
        )

    return draw


def annual_report_job(job, progress) -> JobOutput:
    """The job kind "scoring_annual_report": params run_id."""
    from portal.pdf import render_long_pdf

    run = (
        ScoringRun.objects.select_related("body", "rule_set")
        .filter(pk=job.params.get("run_id"), body_id=job.body_id)
        .first()
    )
    if run is None:
        raise ValidationError(_("该年度考评已不存在，无法生成报告。"))
    progress(0, 1, _("正在汇总得分和各类履职记录……"))
    parts = report_html(run)
    title = report_title(run)
    result = render_long_pdf(
        parts,
        marks=marks(title),
        timeout=float(getattr(settings, "JOB_TIME_LIMIT", 1800) - 120),
        progress=lambda done, total: progress(
            done,
            total,
            _("正在排版第 %(done)d / %(total)d 部分……") % {"done": done, "total": total},
        ),
    )
    return JobOutput(f"{title}.pdf", result.pdf, "application/pdf")


MEMBERS_PER_PART = 15


def dossiers_title(run: ScoringRun) -> str:
    return _("%(body)s%(year)s年度委员履职档案") % {"body": run.body.name, "year": run.year}


def all_dossiers_job(job, progress) -> JobOutput:
    """The job kind "scoring_all_dossiers": every scored member's 履职档案 of the run's year
    in one PDF (each member on new pages), params run_id."""
    from members.models import Member
    from portal.pdf import render_long_pdf

    from ..dossier import body_dossiers

    run = (
        ScoringRun.objects.select_related("body")
        .filter(pk=job.params.get("run_id"), body_id=job.body_id)
        .first()
    )
    if run is None:
        raise ValidationError(_("该年度考评已不存在，无法生成档案。"))
    progress(0, 1, _("正在汇总全体委员的履职记录……"))
    members = list(
        Member.objects.filter(pk__in=MemberScore.objects.filter(run=run).values("member_id"))
        .select_related("sector", "body")
        .order_by("code")
    )
    dossiers = body_dossiers(run.body_id, run.year, members)
    today = timezone.localdate()
    parts = [
        render_to_string(
            "evaluation/scoring/dossiers_pdf.html",
            {"dossiers": dossiers[i : i + MEMBERS_PER_PART], "today": today, "pdf_part": True},
        )
        for i in range(0, len(dossiers), MEMBERS_PER_PART)
    ] or [
        render_to_string("evaluation/scoring/dossiers_pdf.html", {"dossiers": [], "pdf_part": True})
    ]
    title = dossiers_title(run)
    result = render_long_pdf(
        parts,
        marks=marks(title),
        timeout=float(getattr(settings, "JOB_TIME_LIMIT", 1800) - 120),
        progress=lambda done, total: progress(
            done,
            total,
            _("正在排版第 %(done)d / %(total)d 部分……") % {"done": done, "total": total},
        ),
    )
    return JobOutput(f"{title}.pdf", result.pdf, "application/pdf")
