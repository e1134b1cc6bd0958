"""The services of an import batch: preview (check the upload, import it as a dry run,
keep the file and the report), confirm (import the stored file for real, every row or
none) and discard (drop the file), with the workflow table of the batch."""

from __future__ import annotations

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.results import RowResult

from ..access import is_office
from ..files import delete_file_on_commit
from ..models import ImportBatch, User
from ..workflow import Transition, Workflow
from .checks import Sheet, read_sheet, read_upload
from .report import MAX_REPORTED_ISSUES, Issue, Report, record_report
from .resources import resource_class
from .widgets import chinese_message

logger = logging.getLogger(__name__)

S = ImportBatch.Status


def _runs_office_of_batch(batch: ImportBatch, user: User) -> bool:
    return is_office(user, batch.body)


WORKFLOW = Workflow(
    Transition(S.PREVIEWED, S.CONFIRMED, gettext_lazy("确认导入"), allowed=_runs_office_of_batch),
    Transition(S.PREVIEWED, S.DISCARDED, gettext_lazy("放弃导入"), allowed=_runs_office_of_batch),
)


def run_import(*, kind: str, body: Model, by: User, sheet: Sheet, dry_run: bool) -> Report:
    """Import the sheet; a dry run (and any run with errors) is rolled back."""
    resource = resource_class(kind)(body=body, user=by)
    resource.lines = sheet.lines
    result = resource.import_data(
        sheet.dataset, dry_run=dry_run, raise_errors=False, use_transactions=True
    )
    issues: list[Issue] = []
    for error in result.base_errors:
        logger.error("import of %s failed", kind, exc_info=error.error)
        issues.append(
            Issue(None, "", _("导入时发生系统错误，没有保存任何数据。请稍后重试或联系管理员。"))
        )
    for invalid in result.invalid_rows:
        line = resource.line_of(invalid.number)
        for key, messages in invalid.error_dict.items():
            column = "" if key == NON_FIELD_ERRORS else resource.column_of(key)
            issues.extend(Issue(line, column, chinese_message(str(m))) for m in messages)
    for failed in result.error_rows:
        for error in failed.errors:
            logger.error("import of %s: row %s failed", kind, failed.number, exc_info=error.error)
        issues.append(
            Issue(
                resource.line_of(failed.number),
                "",
                _("这一行无法导入（系统错误），请检查内容或联系管理员。"),
            )
        )
    issues.sort(key=lambda issue: issue.line or 0)
    totals = result.totals
    return Report(
        total=result.total_rows,
        new=totals[RowResult.IMPORT_TYPE_NEW],
        updated=totals[RowResult.IMPORT_TYPE_UPDATE],
        unchanged=totals[RowResult.IMPORT_TYPE_SKIP],
        error_rows=len(result.invalid_rows) + len(result.error_rows) + len(result.base_errors),
        blank_rows=sheet.blank_rows,
        issues=issues[:MAX_REPORTED_ISSUES],
        rows=resource.summaries,
    )


def import_preview(*, body: Model, kind: str, upload: UploadedFile, by: User) -> ImportBatch:
    """Check the upload and import it as a dry run: nothing of it is saved but the batch,
    its file and its report. Raises ValidationError (no batch) for a refused file."""
    data = read_upload(upload)
    sheet = read_sheet(data, resource_class(kind))
    report = run_import(kind=kind, body=body, by=by, sheet=sheet, dry_run=True)
    batch = ImportBatch(
        body=body,
        kind=kind,
        original_name=(upload.name or "")[-255:],
        sha256=hashlib.sha256(data).hexdigest(),
        created_by=by,
    )
    record_report(batch, report)
    batch.file.save(f"{kind}-{uuid.uuid4().hex}.xlsx", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            batch.save()
    except Exception:
        batch.file.storage.delete(batch.file.name)
        raise
    return batch


class _ImportFailed(Exception):
    def __init__(self, report: Report) -> None:
        self.report = report


def import_confirm(*, batch: ImportBatch, by: User) -> ImportBatch:
    """Import the stored file for real: every row or none. A refused transition (e.g. a
    second confirm) or any row error raises ValidationError and saves nothing."""
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().select_related("body").get(pk=batch.pk)
            WORKFLOW.move(locked, S.CONFIRMED, by=by)
            sheet = read_sheet(_stored_file(locked), resource_class(locked.kind))
            report = run_import(
                kind=locked.kind, body=locked.body, by=by, sheet=sheet, dry_run=False
            )
            if report.error_rows:
                raise _ImportFailed(report)
            locked.finished_at = timezone.now()
            locked.save(update_fields=["status", "finished_at", *record_report(locked, report)])
    except _ImportFailed as failed:
        # The rows were rolled back; keep what this run found for the preview page.
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            locked.save(update_fields=record_report(locked, failed.report))
        raise ValidationError(
            _("导入未完成：有 %(count)d 行存在错误，没有保存任何数据。请修改文件后重新上传。")
            % {"count": failed.report.error_rows}
        ) from None
    return locked


def _stored_file(batch: ImportBatch) -> bytes:
    try:
        with batch.file.storage.open(batch.file.name, "rb") as handle:
            data = handle.read(settings.IMPORT_MAX_UPLOAD_BYTES + 1)
    except (OSError, ValueError):
        raise ValidationError(_("导入文件已不存在，请重新上传。")) from None
    if hashlib.sha256(data).hexdigest() != batch.sha256:
        raise ValidationError(_("导入文件已被改动，请重新上传。"))
    return data


@transaction.atomic
def import_discard(*, batch: ImportBatch, by: User) -> ImportBatch:
    """Give up a previewed batch. Its report goes with it (it quotes the file's rows); the
    file is deleted once this commits."""
    locked = ImportBatch.objects.select_for_update().select_related("body").get(pk=batch.pk)
    WORKFLOW.move(locked, S.DISCARDED, by=by)
    delete_file_on_commit(locked.file)
    locked.file = ""
    locked.report = {}
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "file", "report", "finished_at"])
    return locked


def earlier_import_of(batch: ImportBatch) -> ImportBatch | None:
    """An earlier confirmed import of the very same file into the same body."""
    return (
        ImportBatch.objects.filter(body_id=batch.body_id, sha256=batch.sha256, status=S.CONFIRMED)
        .exclude(pk=batch.pk)
        .defer("report")
        .order_by("-finished_at")
        .first()
    )
