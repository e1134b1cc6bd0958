"""Issues of 《社情民意》: list, drafting, entries, publishing, the PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.feedback import run_service
from portal.params import as_id
from portal.uploads import attachment_response

from .. import access, services
from ..forms import (
    IssueForm,
)
from ..models import Issue
from ..selectors import (
    accepted_for_issue,
    get_issue_for,
    issues_visible_to,
)
from .common import _editor_only

# ---- issues of 《社情民意》 ------------------------------------------------------------------


@login_required
def issue_list(request: HttpRequest) -> HttpResponse:
    if not access.powers_of(request.user).any:
        raise PermissionDenied
    issues = issues_visible_to(request.user).order_by("-year", "-number")
    page = Paginator(issues, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "public_opinion/issue_list.html",
        {"page": page, "edits": access.powers_of(request.user).edits},
    )


@login_required
def issue_create(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    status = 200
    if request.method == "POST":
        form = IssueForm(request.POST)
        if form.is_valid():
            try:
                issue = services.issue_create(
                    body_id=request.user.body_id, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已新建 %(i)s，请编入信息。") % {"i": issue})
                return redirect("public_opinion:issue_detail", pk=issue.pk)
        status = 422
    else:
        form = IssueForm(initial={"year": timezone.localdate().year})
    return render(request, "public_opinion/issue_form.html", {"form": form}, status=status)


@login_required
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for(request.user, pk)
    edits = access.powers_of(request.user).edits
    entries = list(issue.entries.select_related("report").order_by("order"))
    context = {"issue": issue, "entries": entries, "edits": edits}
    if edits and issue.status == Issue.Status.DRAFT:
        chosen = {e.report_id for e in entries}
        context["available"] = [r for r in accepted_for_issue(request.user) if r.pk not in chosen]
    return render(request, "public_opinion/issue_detail.html", context)


@require_POST
@login_required
def issue_entries(request: HttpRequest, pk: int) -> HttpResponse:
    """The issue's items in the order posted (`report` repeated; ↑/↓ and 移除 re-post)."""
    issue = get_issue_for(request.user, pk)
    _editor_only(request)
    ids = [n for n in map(as_id, request.POST.getlist("report")) if n is not None]
    move = request.POST.get("move", "")
    if move:
        op, _sep, raw = move.partition(":")
        if as_id(raw) in ids:
            i = ids.index(as_id(raw))
            if op == "up" and i > 0:
                ids[i - 1], ids[i] = ids[i], ids[i - 1]
            elif op == "down" and i < len(ids) - 1:
                ids[i + 1], ids[i] = ids[i], ids[i + 1]
            elif op == "remove":
                ids.pop(i)
    run_service(
        request,
        lambda: services.issue_set_entries(issue=issue, report_ids=ids, by=request.user),
        _("篇目已更新。"),
    )
    return redirect("public_opinion:issue_detail", pk=pk)


@require_POST
@login_required
def issue_publish(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for(request.user, pk)
    _editor_only(request)
    run_service(
        request,
        lambda: services.issue_publish(issue=issue, by=request.user),
        _("本期已印发，PDF 已生成。"),
    )
    return redirect("public_opinion:issue_detail", pk=pk)


@login_required
def issue_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The published PDF as it was published; a draft's preview for the editors."""
    from portal.pdf import pdf_response

    issue = get_issue_for(request.user, pk)
    filename = f"社情民意{issue.year}年第{issue.number}期.pdf"
    if issue.status == Issue.Status.PUBLISHED and issue.pdf:
        return attachment_response(issue.pdf, filename, "application/pdf")
    return pdf_response(
        "public_opinion/issue_pdf.html", services.issue_context(issue), filename=filename
    )
