"""Forwarding 社情民意 to a higher body and the receiving body's answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.feedback import form_errors, run_service

from .. import access, services
from ..forms import (
    DeclineForm,
    ForwardForm,
)
from ..selectors import (
    authors_of,
    forwardings_to,
    get_forwarding_for,
)
from .common import _editor_only
from .detail import _render_detail
from .editors import _edited_report


@require_POST
@login_required
def report_forward(request: HttpRequest, pk: int) -> HttpResponse:
    report = _edited_report(request, pk)
    form = ForwardForm(request.POST, targets=services.forward_targets(report.body_id))
    if form.is_valid():
        try:
            services.report_forward(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已报送。"))
            return redirect("public_opinion:report_detail", pk=pk)
    return _render_detail(request, report, status=422, forward_form=form)


# ---- forwarded from lower bodies -----------------------------------------------------------


@login_required
def forwarding_list(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    page = Paginator(forwardings_to(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "public_opinion/forwarding_list.html", {"page": page})


@login_required
def forwarding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    forwarding = get_forwarding_for(request.user, pk)
    report = forwarding.report
    receiving = request.user.body_id == forwarding.to_body_id
    return render(
        request,
        "public_opinion/forwarding_detail.html",
        {
            "forwarding": forwarding,
            "report": report,
            "receiving": receiving,
            "attachments": list(report.attachments.all()),
            "authors": authors_of(report),
            "decline_form": DeclineForm(),
        },
    )


def _receiving(request: HttpRequest, pk: int):
    forwarding = get_forwarding_for(request.user, pk)
    if request.user.body_id != forwarding.to_body_id or not access.powers_of(request.user).edits:
        raise PermissionDenied
    return forwarding


@require_POST
@login_required
def forwarding_accept(request: HttpRequest, pk: int) -> HttpResponse:
    forwarding = _receiving(request, pk)
    try:
        copy = services.forwarding_accept(forwarding=forwarding, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("public_opinion:forwarding_detail", pk=pk)
    messages.success(request, _("已接收，信息已进入本级待受理队列。"))
    return redirect("public_opinion:report_detail", pk=copy.pk)


@require_POST
@login_required
def forwarding_decline(request: HttpRequest, pk: int) -> HttpResponse:
    forwarding = _receiving(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.forwarding_decline(
                forwarding=forwarding, answer=form.cleaned_data["answer"], by=request.user
            ),
            _("已退回报送单位。"),
        )
    else:
        messages.error(request, form_errors(form))
    return redirect("public_opinion:forwarding_detail", pk=pk)
