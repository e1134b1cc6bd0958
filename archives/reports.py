"""Exports of 文史资料: the statistics as an .xlsx sheet (formula-safe, portal.spreadsheets),
and a volume as a book (PDF): a short volume at once, a long one in the background
(portal.jobs), so that no request waits on WeasyPrint for more than a few seconds."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.registry import JobOutput
from portal.spreadsheets import Column, xlsx_response

# Articles of a volume laid out in the request (a few pages each, ~50 text pages per idle
# CPU-second measured: about a second); a longer volume is made by a job.
VOLUME_PDF_INLINE_ARTICLES = 40


def volume_pdf_context(volume, entries: list) -> dict:
    return {"volume": volume, "entries": entries, "proof": volume.status != "published"}


def volume_pdf_name(volume) -> str:
    return f"{volume.series}第{volume.number}辑.pdf"


def volume_pdf_job(job, progress) -> JobOutput:
    """The job kind "archives_volume_pdf" (archives.hooks): params volume_id. Whoever
    started it was allowed to see the volume (the view checked); the file is his alone."""
    from django.conf import settings
    from django.template.loader import render_to_string

    from portal.pdf import render_pdf

    from .models import Volume
    from .selectors import volume_contents

    volume = Volume.objects.get(pk=job.params["volume_id"])
    progress(0, 2, _("正在读取本辑目录……"))
    html = render_to_string(
        "archives/volume_pdf.html", volume_pdf_context(volume, list(volume_contents(volume)))
    )
    progress(1, 2, _("正在排版……"))
    pdf = render_pdf(html, timeout=float(getattr(settings, "JOB_TIME_LIMIT", 1800) - 120))
    return JobOutput(volume_pdf_name(volume), pdf, "application/pdf")


def statistics_rows(stats: dict) -> list[tuple[str, str, int, int | str]]:
    """(section, item, manuscripts, words) rows of the statistics page."""
    rows: list[tuple[str, str, int, int | str]] = []
    for label, n in stats["by_status"]:
        rows.append((_("按状态"), str(label), n, ""))
    for label, n in stats["by_witness"]:
        rows.append((_("按三亲类型"), str(label), n, ""))
    for label, n in stats["by_kind"]:
        rows.append((_("按类别"), str(label), n, ""))
    for row in stats["by_plan"]:
        rows.append(
            (_("按征集计划"), row["plan__title"] or _("（不属于征集计划）"), row["n"], row["words"])
        )
    for row in stats["by_theme"]:
        rows.append((_("按主题"), row["theme"] or _("（未填主题）"), row["n"], ""))
    for row in stats["by_contributor"]:
        rows.append((_("按作者"), row["author_name"], row["n"], row["words"]))
    rows.append((_("合计"), _("稿件"), stats["total"], ""))
    rows.append((_("合计"), _("已出版辑数"), stats["volumes"], ""))
    rows.append((_("合计"), _("数字档案条目"), stats["items"], ""))
    return rows


def statistics_response(stats: dict, year: int | None) -> HttpResponse:
    columns = [
        Column(_("分类"), lambda r: r[0]),
        Column(_("项目"), lambda r: r[1]),
        Column(_("稿件数"), lambda r: r[2]),
        Column(_("字数"), lambda r: r[3]),
    ]
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = _("文史资料统计") + (f"-{year}" if year else "")
    return xlsx_response(f"{name}-{stamp}.xlsx", columns, statistics_rows(stats), title=name)
