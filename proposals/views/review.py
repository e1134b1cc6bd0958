"""The reviewers' pages: the review queue, a decision (立案 / 并案 / 不予立案), a
recommendation, and the proposals committee's confirmation of a recommendation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions as can
from .. import services
from ..forms import CommentForm, ReviewForm
from ..selectors import review_queue
from .common import proposal_and_access, require, submit


@login_required
def review_queue_view(request: HttpRequest) -> HttpResponse:
    require(can.powers_of(request.user).reviews)
    page = Paginator(review_queue(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "proposals/review_queue.html", {"page": page})


def _review(request: HttpRequest, pk: int, *, recommend: bool) -> HttpResponse:
    proposal, access = proposal_and_access(request, pk)
    require(access.reviews)
    action = services.proposal_recommend if recommend else services.proposal_decide
    form = ReviewForm(request.POST, proposal=proposal)
    return submit(
        request,
        pk,
        form,
        lambda data: action(proposal=proposal, by=request.user, review=form.review()),
        _("审查建议已提交，等待提案委员会确认。") if recommend else _("审查决定已生效。"),
        redisplay="review_form",
    )


@require_POST
@login_required
def proposal_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, recommend=False)


@require_POST
@login_required
def proposal_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, recommend=True)


@require_POST
@login_required
def proposal_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, access = proposal_and_access(request, pk)
    require(access.manages and access.reviews)
    return submit(
        request,
        pk,
        CommentForm(request.POST),
        lambda data: services.proposal_confirm_recommendation(
            proposal=proposal, by=request.user, comment=data["comment"]
        ),
        _("已确认审查建议。"),
    )
