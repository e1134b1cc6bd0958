"""履职档案 pages (issue 15): a member's year, his whole term, and their PDFs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import roles_of

from ..dossier import member_dossier
from ..models import (
    ScoringRun,
)
from ..scoring import access
from .common import _this_year

S = ScoringRun.Status


# ---- 履职档案 -------------------------------------------------------------------------------


@login_required
def my_dossier(request: HttpRequest) -> HttpResponse:
    member = roles_of(request.user).member
    if member is None:
        raise PermissionDenied
    return redirect("evaluation:dossier", pk=member.pk, year=_this_year())


def _dossier_for(request: HttpRequest, pk: int, year: int):
    if not 2000 <= year <= 2100:
        raise Http404
    member = access.get_member_for(request.user, pk, year)
    run = ScoringRun.objects.filter(body_id=member.body_id, year=year).first()
    with_score = run is not None and access.run_visible(request.user, run)
    return member_dossier(member, year, with_score=with_score)


@login_required
def dossier(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """One member's 履职档案 for a year: every record of every score source, linked."""
    record = _dossier_for(request, pk, year)
    years = range(_this_year(), _this_year() - 4, -1)
    return render(request, "evaluation/scoring/dossier.html", {"dossier": record, "years": years})


@login_required
def dossier_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    from portal.pdf import PdfTimeout, pdf_response

    record = _dossier_for(request, pk, year)
    try:
        return pdf_response(
            "evaluation/scoring/dossier_pdf.html",
            {"dossier": record, "today": timezone.localdate()},
            filename=_("%(name)s%(year)s年度履职档案.pdf")
            % {"name": record.member.name, "year": year},
        )
    except PdfTimeout:
        messages.error(request, _("生成 PDF 超时，请稍后重试。"))
        return redirect("evaluation:dossier", pk=pk, year=year)
