"""评优表彰 (§19): the office records the decisions naming the year's 优秀专委会 and 优秀委员
and revokes a wrong one (its history stays); everyone of the body reads the list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Member
from organisation.access import is_office, office_required
from organisation.models import Committee
from portal.feedback import form_errors, run_service

from ..committee_scoring import selectors, services
from ..committee_scoring.forms import AwardForm
from ..models import Award
from .common import _this_year


def _form(request: HttpRequest, data=None) -> AwardForm:
    body_id = request.user.body_id
    return AwardForm(
        data,
        committees=Committee.objects.filter(body_id=body_id).order_by("order", "id"),
        members=Member.objects.filter(body_id=body_id).order_by("code").only("name", "code"),
        initial={"year": _this_year() - 1},
    )


@login_required
def award_list(request: HttpRequest) -> HttpResponse:
    if request.user.body_id is None:
        raise Http404
    office = is_office(request.user)
    form = _form(request) if office else None
    status = 200
    if request.method == "POST":
        if not office:
            raise PermissionDenied
        form = _form(request, request.POST)
        if form.is_valid():
            from django.core.exceptions import ValidationError

            try:
                services.award_record(
                    body_id=request.user.body_id, data=form.cleaned_data, by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("表彰决定已登记。"))
                return redirect("evaluation:award_list")
        messages.error(request, form_errors(form))
        status = 400
    return render(
        request,
        "evaluation/committees/awards.html",
        {"awards": selectors.awards_of(request.user.body_id), "form": form, "office": office},
        status=status,
    )


@require_POST
@office_required
def award_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        award = Award.objects.get(pk=pk, body_id=request.user.body_id)
    except Award.DoesNotExist:
        raise Http404 from None
    run_service(request, lambda: services.award_revoke(award=award, by=request.user), _("已撤销。"))
    return redirect("evaluation:award_list")
