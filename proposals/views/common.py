"""Helpers shared by the proposals views: reaching a proposal (404 if the user may not see
it) and reporting a service's outcome."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from portal.feedback import form_errors
from portal.feedback import run_service as run

from ..models import Proposal
from ..selectors import ProposalAccess, get_proposal_for


def proposal_and_access(request: HttpRequest, pk: int) -> tuple[Proposal, ProposalAccess]:
    proposal = get_proposal_for(request.user, pk)
    return proposal, ProposalAccess(proposal, request.user)


def require(allowed: bool) -> None:
    """403 for what the user may see but not do."""
    if not allowed:
        raise PermissionDenied


def back(pk: int) -> HttpResponse:
    return redirect("proposals:proposal_detail", pk=pk)


def submit(
    request: HttpRequest,
    pk: int,
    form: Form,
    action: Callable[[dict], object],
    success: str,
) -> HttpResponse:
    """The common POST: a valid form goes to the service, errors become a message; back to
    the proposal either way."""
    if form.is_valid():
        run(request, lambda: action(form.cleaned_data), success)
    else:
        messages.error(request, form_errors(form))
    return back(pk)
