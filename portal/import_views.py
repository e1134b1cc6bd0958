"""The office's spreadsheet imports: list and upload, template, preview, confirm, discard.
The work is done in `portal.imports`; these views check who asks and report back."""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import imports
from .access import office_required
from .models import ImportBatch
from .registry import ImportKind, import_kinds


def _kind(kind: str) -> ImportKind:
    """A kind a module registered (portal.registry.import_kinds), else 404."""
    if kind not in import_kinds:
        raise Http404
    return import_kinds.get(kind)


def _get_batch(request: HttpRequest, pk: int) -> ImportBatch:
    """A batch of the office's own body; another body's is 404."""
    return get_object_or_404(
        ImportBatch.objects.select_related("created_by", "body").defer("plan"),
        pk=pk,
        body_id=request.user.body_id,
    )


@office_required
def import_list(request: HttpRequest) -> HttpResponse:
    # The reports are only read on a batch's own page.
    batches = (
        ImportBatch.objects.filter(body_id=request.user.body_id)
        .select_related("created_by")
        .defer("report", "plan")
    )
    page = Paginator(batches.order_by("-created_at", "-id"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/imports/import_list.html",
        {
            "page": page,
            "kinds": [(k.key, k.label) for k in import_kinds],
            "max_bytes": settings.IMPORT_MAX_UPLOAD_BYTES,
        },
    )


@require_POST
@office_required
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind(kind)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要上传的 .xlsx 文件。"))
        return redirect("portal:import_list")
    try:
        batch = imports.import_preview(
            body=request.user.body, kind=kind.key, upload=upload, by=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("portal:import_list")
    if batch.error_count:
        messages.warning(
            request,
            _("文件中有 %(count)d 行存在错误，请修改后重新上传。") % {"count": batch.error_count},
        )
    else:
        messages.info(request, _("请核对预览结果，无误后点击“确认导入”。"))
    return redirect("portal:import_preview", pk=batch.pk)


@office_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind(kind)
    data = imports.template_workbook(kind=kind.key, body=request.user.body)
    label = kind.file_label or kind.label
    response = FileResponse(
        BytesIO(data),
        as_attachment=True,
        filename=_("%(label)s导入模板.xlsx") % {"label": label},
        content_type=imports.XLSX_TYPE,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@office_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _get_batch(request, pk)
    report = imports.report_of(batch)
    previewed = batch.status == ImportBatch.Status.PREVIEWED
    return render(
        request,
        "portal/imports/import_preview.html",
        {
            "batch": batch,
            "report": report,
            "previewed": previewed,
            "kind_note": import_kinds.get(batch.kind).note if batch.kind in import_kinds else "",
            "can_confirm": previewed
            and batch.error_count == 0
            and imports.WORKFLOW.can(batch, ImportBatch.Status.CONFIRMED, request.user),
            "earlier": imports.earlier_import_of(batch),
            "max_rows": imports.MAX_REPORTED_ROWS,
            "max_issues": imports.MAX_REPORTED_ISSUES,
        },
    )


@require_POST
@office_required
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _get_batch(request, pk)
    try:
        batch = imports.import_confirm(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("导入完成：新增 %(new)d 行，更新 %(updated)d 行，未变 %(unchanged)d 行。")
            % {
                "new": batch.new_rows,
                "updated": batch.updated_rows,
                "unchanged": batch.unchanged_rows,
            },
        )
    return redirect("portal:import_preview", pk=pk)


@require_POST
@office_required
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _get_batch(request, pk)
    try:
        imports.import_discard(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("portal:import_preview", pk=pk)
    messages.success(
        request, _("已放弃导入“%(name)s”，上传的文件已删除。") % {"name": batch.original_name}
    )
    return redirect("portal:import_list")
