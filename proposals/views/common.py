"""Helpers shared by the proposals views: reaching a proposal (404 if the user may not see
it) and reporting a service's outcome."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from portal.feedback import form_errors
from portal.feedback import run_service as run  # noqa: F401  (the views import it from here)

from ..models import Proposal
from ..selectors import ProposalAccess, get_proposal_for


def proposal_and_access(
    request: HttpRequest, pk: int, *, fresh: bool = False
) -> tuple[Proposal, ProposalAccess]:
    """The proposal (404 if the user may not see it) and what he may do. Read once per
    request; `fresh` re-reads the row of a proposal already read (a refused action shows
    the page again: the row as it is, not as the refused service left the copy)."""
    cache = request.__dict__.setdefault("_proposals", {})
    if pk in cache:
        proposal = cache[pk]
        if fresh:
            proposal.refresh_from_db()
    else:
        proposal = cache[pk] = get_proposal_for(request.user, pk)
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
    *,
    redisplay: str = "",
) -> HttpResponse:
    """The common POST: a valid form goes to the service; on success back to the proposal.
    When the form or the service refuses, a form shown on the proposal's page (`redisplay`
    names it in the page's context) comes back with what was typed and the errors (issue
    10: nothing typed is lost, no default is put back); others report the error in a
    message."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            if not redisplay:
                messages.error(request, error.messages[0])
                return back(pk)
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return back(pk)
    elif not redisplay:
        messages.error(request, form_errors(form))
        return back(pk)
    from .proposals import proposal_page

    messages.error(request, form_errors(form))
    return proposal_page(request, pk, {redisplay: form}, status=400)
