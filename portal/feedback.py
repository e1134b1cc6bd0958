"""What a view tells the user after calling a service: the service's Chinese error or a
success message (django.contrib.messages), shared by every app's views."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse


def form_errors(form: Form) -> str:
    """A form's errors as one line, for a message where the form itself is not shown."""
    errors = [str(e) for errs in form.errors.values() for e in errs]
    return " ".join(errors) or str(form.non_field_errors())


def run_service(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Call a service; tell the user what happened. True when it succeeded."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return False
    messages.success(request, success)
    return True


def submit_on_page(
    request: HttpRequest,
    form: Form,
    action: Callable[[dict], object],
    success: str,
    *,
    done: Callable[[], HttpResponse],
    again: Callable[[Form], HttpResponse],
) -> HttpResponse:
    """A form posted from a record's page: a valid form goes to the service; on success
    the user is told and sent on (`done`, a redirect). Refused by the form or the service,
    the page is shown again (`again`, status 400) with the form as typed and its errors —
    nothing typed is lost, no default is put back (issue 10)."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return done()
    messages.error(request, form_errors(form))
    return again(form)
