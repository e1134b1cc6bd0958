"""Exports of 文史资料: the statistics as an .xlsx sheet (formula-safe, portal.spreadsheets)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.spreadsheets import Column, xlsx_response


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
