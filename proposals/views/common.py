"""Helpers shared by the proposals views: reaching a proposal (404 if the user may not see
it) and reporting a service's outcome."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

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


def form_error(request: HttpRequest, form: Form) -> None:
    errors = [e for errs in form.errors.values() for e in errs]
    messages.error(request, " ".join(str(e) for e in errors) or str(form.non_field_errors()))


def run(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Call a service; tell the user what happened. True when it succeeded."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return False
    messages.success(request, success)
    return True


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
        form_error(request, form)
    return back(pk)
