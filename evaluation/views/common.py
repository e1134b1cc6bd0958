"""Small helpers shared by the scoring pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from ..scoring import access


def _this_year() -> int:
    return timezone.localdate().year


def _staff_or_office(request: HttpRequest) -> None:
    if not access.may_see_scores_of_others(request.user):
        raise PermissionDenied


def _status(form) -> int:
    return 422 if form.is_bound and form.errors else 200
