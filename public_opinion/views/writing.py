"""Members writing 社情民意: their list, drafts, submitting, recalling, co-authors, similar
items, attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.feedback import form_errors, run_service
from portal.paging import counted_page
from portal.uploads import attachment_response

from .. import access, services
from ..forms import (
    AttachmentForm,
    ReportForm,
)
from ..models import Attachment, Author, Report
from ..selectors import (
    REPORT_COUNTS,
    get_report_for,
    may_open_attachment_of,
    my_reports,
    similar_reports,
)
from .common import S, _form_page, _writer_only

# ---- members and staff: their items --------------------------------------------------------


@login_required
def my_list(request: HttpRequest) -> HttpResponse:
    powers = access.powers_of(request.user)
    if not powers.any:
        raise PermissionDenied
    page = counted_page(request, my_reports(request.user), 20, counts=REPORT_COUNTS)
    invitations = []
    if powers.member_id is not None:
        invitations = list(
            Author.objects.filter(
                member_id=powers.member_id,
                status=Author.Status.INVITED,
                report__status=S.AWAITING_COAUTHORS,
            ).select_related("report")
        )
    return render(
        request,
        "public_opinion/my_list.html",
        {"page": page, "powers": powers, "invitations": invitations},
    )


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    _writer_only(request)
    powers = access.powers_of(request.user)
    collective = request.GET.get("collective") == "1" or powers.member_id is None
    if collective and not powers.staff:
        raise PermissionDenied
    kwargs = {"body_id": request.user.body_id, "powers": powers, "collective": collective}
    if request.method == "POST":
        form = ReportForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                report = services.report_create(
                    body_id=request.user.body_id, draft=form.draft(), by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if request.POST.get("then") == "submit":
                    if not run_service(
                        request,
                        lambda: services.report_submit(report=report, by=request.user),
                        _("信息已提交。"),
                    ):
                        return redirect("public_opinion:report_detail", pk=report.pk)
                else:
                    messages.success(request, _("草稿已保存。"))
                return redirect("public_opinion:report_detail", pk=report.pk)
        return _form_page(request, form, None, status=422)
    return _form_page(request, ReportForm(**kwargs), None)


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for(request.user, pk)
    if not access.writes(report, request.user):
        raise PermissionDenied
    if report.status not in Report.EDITABLE_STATES:
        messages.error(request, _("只有草稿或退回修改的信息可以修改。"))
        return redirect("public_opinion:report_detail", pk=pk)
    kwargs = {
        "body_id": report.body_id,
        "powers": access.powers_of(request.user),
        "collective": report.is_collective,
    }
    if request.method == "POST":
        form = ReportForm(request.POST, **kwargs)
        if report.is_collective:
            form.fields["organiser"].required = False
        if form.is_valid():
            draft = form.draft()
            if report.is_collective:
                draft = services.Draft(
                    **{
                        **draft.__dict__,
                        "organiser_committee": None,
                        "organiser_sector_group": None,
                    }
                )
            try:
                services.report_update(
                    report=report,
                    draft=draft,
                    version=form.cleaned_data.get("version") or 0,
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if request.POST.get("then") == "submit":
                    run_service(
                        request,
                        lambda: services.report_submit(report=report, by=request.user),
                        _("信息已提交。"),
                    )
                else:
                    messages.success(request, _("已保存。"))
                return redirect("public_opinion:report_detail", pk=pk)
        return _form_page(request, form, report, status=422)
    initial = {
        "title": report.title,
        "topic": report.topic,
        "key_topic": report.key_topic_id,
        "situation": report.situation,
        "analysis": report.analysis,
        "suggestions": report.suggestions,
        "version": report.version,
        "coauthors": list(
            report.authors.filter(role=Author.Role.CO).values_list("member_id", flat=True)
        ),
    }
    form = ReportForm(initial=initial, **kwargs)
    if report.is_collective:
        form.fields["organiser"].required = False
        form.fields["organiser"].disabled = True
    return _form_page(request, form, report)


def _writer_action(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    report = get_report_for(request.user, pk)
    if not access.writes(report, request.user):
        raise PermissionDenied
    run_service(request, lambda: action(report=report, by=request.user), success)
    return redirect("public_opinion:report_detail", pk=pk)


@require_POST
@login_required
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _writer_action(request, pk, services.report_submit, _("信息已提交。"))


@require_POST
@login_required
def report_recall(request: HttpRequest, pk: int) -> HttpResponse:
    return _writer_action(request, pk, services.report_recall, _("已收回，可以修改后重新提交。"))


@require_POST
@login_required
def report_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _writer_action(request, pk, services.report_withdraw, _("信息已撤回。"))


@require_POST
@login_required
def report_delete(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for(request.user, pk)
    if not access.writes(report, request.user):
        raise PermissionDenied
    if run_service(
        request, lambda: services.report_delete(report=report, by=request.user), _("草稿已删除。")
    ):
        return redirect("public_opinion:my_list")
    return redirect("public_opinion:report_detail", pk=pk)


@require_POST
@login_required
def coauthor_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The invited co-author confirms or declines (404 for anyone else)."""
    member_id = access.powers_of(request.user).member_id
    author = get_object_or_404(
        Author.objects.select_related("report"), pk=pk, member_id=member_id or 0
    )
    confirm = request.POST.get("confirm") == "1"
    run_service(
        request,
        lambda: services.coauthor_answer(author=author, confirm=confirm, by=request.user),
        _("已确认联名。") if confirm else _("已谢绝联名。"),
    )
    return redirect("public_opinion:report_detail", pk=author.report_id)


@login_required
def similar(request: HttpRequest) -> HttpResponse:
    """The similar earlier items, for the form (htmx fragment)."""
    if not access.powers_of(request.user).any:
        raise PermissionDenied
    exclude = request.GET.get("exclude", "")
    found = similar_reports(
        request.user,
        title=request.GET.get("title", "")[:200],
        body_text=request.GET.get("text", "")[:2000],
        exclude_pk=int(exclude) if exclude.isdecimal() else None,
    )
    return render(request, "public_opinion/similar.html", {"similar": found, "asked": True})


# ---- attachments ---------------------------------------------------------------------------


@require_POST
@login_required
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for(request.user, pk)
    if not access.writes(report, request.user):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(
            request,
            lambda: services.attachment_add(
                report=report, upload=form.cleaned_data["file"], by=request.user
            ),
            _("附件已上传。"),
        )
    return redirect("public_opinion:report_detail", pk=pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    if not may_open_attachment_of(request.user, attachment.report):
        raise Http404
    return attachment_response(attachment.file, attachment.name, attachment.content_type)


@require_POST
@login_required
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    report = get_report_for(request.user, attachment.report_id)
    if not access.writes(report, request.user):
        raise PermissionDenied
    run_service(
        request,
        lambda: services.attachment_delete(attachment=attachment, by=request.user),
        _("附件已删除。"),
    )
    return redirect("public_opinion:report_detail", pk=report.pk)
