"""The office's pages: key and excellent proposals, closing, the handling progress
(overdue and due soon), the statistics with charts and exports, the reply categories."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.params import year_param
from portal.pdf import PdfError

from .. import permissions as can
from .. import reports, services
from ..forms import CommentForm, ExcellentForm, KeyForm, ReplyCategoryForm
from ..models import ReplyCategory
from ..selectors import cached_statistics, handling_progress, statistics_years
from .common import proposal_and_access, require, submit


def _require_manager(request: HttpRequest) -> None:
    require(can.powers_of(request.user).manages)


@require_POST
@login_required
def proposal_key(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, access = proposal_and_access(request, pk)
    require(access.manages)
    return submit(
        request,
        pk,
        KeyForm(request.POST, body_id=proposal.body_id),
        lambda data: services.proposal_set_key(
            proposal=proposal,
            by=request.user,
            is_key=data["is_key"],
            leader=data["leader"],
            supervisor=data["supervisor"],
        ),
        _("重点提案设置已保存。"),
        redisplay="key_form",
    )


@require_POST
@login_required
def proposal_excellent(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, access = proposal_and_access(request, pk)
    require(access.manages)
    return submit(
        request,
        pk,
        ExcellentForm(request.POST),
        lambda data: services.proposal_set_excellent(
            proposal=proposal, by=request.user, excellent=data["excellent"], note=data["note"]
        ),
        _("优秀提案评选已保存。"),
        redisplay="excellent_form",
    )


@require_POST
@login_required
def proposal_close(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, access = proposal_and_access(request, pk)
    require(access.manages)
    return submit(
        request,
        pk,
        CommentForm(request.POST),
        lambda data: services.proposal_close(
            proposal=proposal, by=request.user, comment=data["comment"]
        ),
        _("提案已办结。"),
    )


@login_required
def handling_progress_view(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    show = request.GET.get("show", "overdue")
    if show not in ("overdue", "soon", "all"):
        show = "overdue"
    rows = handling_progress(request.user, show="" if show == "all" else show)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/progress.html",
        {"page": page, "show": show, "today": timezone.localdate()},
    )


def _year(request: HttpRequest) -> int:
    return year_param(request.GET, default=timezone.localdate().year)


@login_required
def statistics_view(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    year = _year(request)
    stats = cached_statistics(body_id=request.user.body_id, year=year)
    return render(
        request,
        "proposals/statistics.html",
        {"stats": stats, "years": statistics_years(request.user.body_id), "year": year},
    )


@login_required
def statistics_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_manager(request)
    stats = cached_statistics(body_id=request.user.body_id, year=_year(request))
    return reports.statistics_export(fmt, stats)


@login_required
def statistics_pdf(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    year = _year(request)
    stats = cached_statistics(body_id=request.user.body_id, year=year)
    try:
        return reports.statistics_pdf(stats, request.user.body.name)
    except PdfError:
        messages.error(request, _("PDF 生成超时或失败，请稍后再试。"))
        return redirect(f"{reverse('proposals:statistics')}?year={year}")


# Reply categories -------------------------------------------------------------------------


@login_required
def category_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    categories = ReplyCategory.objects.filter(body_id=request.user.body_id).order_by(
        "order", "code"
    )
    return render(request, "proposals/category_list.html", {"categories": categories})


def _category_form(request: HttpRequest, category: ReplyCategory) -> HttpResponse:
    form = ReplyCategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        services.reply_category_save(category=form.instance, by=request.user)
        messages.success(request, _("答复类别已保存。"))
        return redirect("proposals:category_list")
    return render(request, "proposals/category_form.html", {"form": form, "category": category})


@login_required
def category_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return _category_form(request, ReplyCategory(body_id=request.user.body_id))


@login_required
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    category = get_object_or_404(ReplyCategory, pk=pk, body_id=request.user.body_id)
    return _category_form(request, category)
