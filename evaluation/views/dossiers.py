"""履职档案 pages (issue 15): a member's year, his whole term, and their PDFs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import is_office, roles_of

from ..committee_scoring.selectors import awards_of
from ..dossier import member_dossier, member_term_dossier, term_years
from ..models import ScoringRun
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
    return member_dossier(member, year, with_score=with_score, run=run)


@login_required
def dossier(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """One member's 履职档案 for a year: every record of every score source, linked."""
    record = _dossier_for(request, pk, year)
    years = range(_this_year(), _this_year() - 4, -1)
    return render(
        request,
        "evaluation/scoring/dossier.html",
        {
            "dossier": record,
            "links": links_for(request.user, record.member),
            "years": years,
            "terms": _terms_of(record.member),
            "awards": awards_of(record.member.body_id).filter(member=record.member),
        },
    )


def links_for(user, member) -> bool:
    """Whether the 档案's lines link to their records: for the member himself and the
    office, who open every record of theirs; committee staff read the titles (many records
    — a 社情民意 item, a thread — are not theirs to open, and a link would lead to a 404)."""
    own = roles_of(user).member
    return is_office(user) or (own is not None and own.pk == member.pk)


def _terms_of(member):
    from organisation.models import Term

    return Term.objects.filter(seats__member=member).distinct().order_by("-number")


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


# ---- the whole term -------------------------------------------------------------------------


def _term_dossier_for(request: HttpRequest, pk: int, term_pk: int):
    """The member's 档案 over the term, for whoever may see him in one of its years."""
    from organisation.models import Term

    try:
        term = Term.objects.get(pk=term_pk, body_id=request.user.body_id)
    except Term.DoesNotExist:
        raise Http404 from None
    years = term_years(term, timezone.localdate())
    if not years:
        raise Http404
    member = access.get_member_for_years(request.user, pk, years[0], years[-1])
    if not member.terms.filter(term=term).exists():
        raise Http404
    return member_term_dossier(
        member, term, with_score=lambda run: access.run_visible(request.user, run)
    )


@login_required
def term_dossier(request: HttpRequest, pk: int, term_pk: int) -> HttpResponse:
    """One member's 履职档案 for the whole term: every year's records, and the totals."""
    record = _term_dossier_for(request, pk, term_pk)
    return render(
        request,
        "evaluation/scoring/term_dossier.html",
        {
            "dossier": record,
            "links": links_for(request.user, record.member),
            "awards": awards_of(record.member.body_id).filter(member=record.member),
        },
    )


@login_required
def term_dossier_pdf(request: HttpRequest, pk: int, term_pk: int) -> HttpResponse:
    from portal.pdf import PdfTimeout, pdf_response

    record = _term_dossier_for(request, pk, term_pk)
    try:
        return pdf_response(
            "evaluation/scoring/term_dossier_pdf.html",
            {
                "dossier": record,
                "today": timezone.localdate(),
                "awards": awards_of(record.member.body_id).filter(member=record.member),
            },
            filename=_("%(name)s%(term)s履职档案.pdf")
            % {"name": record.member.name, "term": record.term.name},
        )
    except PdfTimeout:
        messages.error(request, _("生成 PDF 超时，请稍后重试。"))
        return redirect("evaluation:term_dossier", pk=pk, term_pk=term_pk)
