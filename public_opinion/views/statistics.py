"""社情民意 statistics, their spreadsheet and the adoption report PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .. import reports
from .common import _editor_only

# ---- statistics ----------------------------------------------------------------------------


def _stats_year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdecimal() and len(raw) == 4 else timezone.localdate().year
    return min(max(year, 2000), 2100)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """By state, topic, committee, sector group, member and adoption level, with charts."""
    _editor_only(request)
    year = _stats_year(request)
    stats = reports.cached_statistics(request.user.body_id, year)
    return render(
        request,
        "public_opinion/statistics.html",
        {"stats": stats, "tables": reports.tables(stats), "year": year},
    )


@login_required
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    stats = reports.cached_statistics(request.user.body_id, _stats_year(request))
    return reports.statistics_xlsx(stats, request.user.body.short_name)


@login_required
def adoption_report_pdf(request: HttpRequest) -> HttpResponse:
    """The annual 社情民意 adoption report."""
    from portal.pdf import pdf_response

    _editor_only(request)
    year = _stats_year(request)
    stats = reports.cached_statistics(request.user.body_id, year)
    return pdf_response(
        "public_opinion/adoption_report_pdf.html",
        {
            "stats": stats,
            "tables": reports.tables(stats),
            "adoptions": reports.adopted_items(request.user.body_id, year),
            "body": request.user.body,
            "today": timezone.localdate(),
        },
        filename=f"社情民意采用情况-{year}.pdf",
    )
