"""What every 协商 page shares: the form page, a service attempt whose refusal becomes the form's
error, the status history."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.workflow import transitions_of


def _form_page(
    request: HttpRequest, form: Form, *, title: str, back: str, status: int = 200, **extra
) -> HttpResponse:
    return render(
        request,
        "consultations/form.html",
        {"form": form, "title": title, "back": back, **extra},
        status=status,
    )


def _attempt(form: Form, action: Callable[[], object]) -> object | None:
    """Run a service for a valid form; its refusal becomes the form's error."""
    try:
        return action()
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _log(obj) -> list:
    field = obj._meta.get_field("status")
    labels = dict(field.flatchoices)
    return [(e, labels.get(e.to_state, e.to_state)) for e in transitions_of(obj)]
