"""What the 社情民意 pages share: who may edit, who may write, the form page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import access
from ..forms import (
    ReportForm,
)
from ..models import Report

S = Report.Status


def _editor_only(request: HttpRequest) -> None:
    if not access.powers_of(request.user).edits:
        raise PermissionDenied


def _writer_only(request: HttpRequest) -> None:
    powers = access.powers_of(request.user)
    if powers.member_id is None and not powers.staff:
        raise PermissionDenied


def _form_page(
    request: HttpRequest, form: ReportForm, report: Report | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "public_opinion/report_form.html",
        {"form": form, "report": report, "warn_length": Report.WARN_LENGTH},
        status=status,
    )
