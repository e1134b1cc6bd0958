"""What the 文史资料 pages share: the statuses and who may open the editors' and staff pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from ..access import (
    is_collector,
    is_editor,
)
from ..models import CollectionPlan, Manuscript

S = Manuscript.Status
P = CollectionPlan.Status


def _editor_only(request: HttpRequest) -> None:
    if not is_editor(request.user):
        raise PermissionDenied


def _staff_only(request: HttpRequest) -> None:
    if not (is_editor(request.user) or is_collector(request.user)):
        raise PermissionDenied
