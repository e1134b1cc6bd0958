"""The services of an import batch: preview (check the upload, import it as a dry run,
keep the file, the report and — for a bulk resource — the plan of what to write), confirm
(apply the preview's plan when the records it was checked against are unchanged, else
import the stored file again for real; every row or none) and discard (drop the file),
with the workflow table of the batch."""

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
from .report import MAX_REPORTED_ISSUES, Issue, Report, record_report, report_of
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


def run_import(
    *, kind: str, body: Model, by: User, sheet: Sheet, dry_run: bool, plan: dict | None = None
) -> Report:
    """Import the sheet; a dry run (and any run with errors) is rolled back. A bulk
    resource's plan (what the run wrote or would write) goes into `plan`."""
    resource = resource_class(kind)(body=body, user=by)
    resource.lines = sheet.lines
    resource.lock_rows = not dry_run
    result = resource.import_data(
        sheet.dataset, dry_run=dry_run, raise_errors=False, use_transactions=True
    )
    issues: list[Issue] = []
    for error in result.base_errors:
        if isinstance(error.error, ValidationError):  # a conflict the resource explains
            issues.extend(Issue(None, "", chinese_message(m)) for m in error.error.messages)
            continue
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
    if plan is not None and resource._meta.use_bulk and not issues:
        plan.update(entries=resource.plan, keys=resource.keys, state=resource.state)
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
    its file, its report and its plan. The same file previewed before, with the records
    it was checked against unchanged, takes that preview's report and plan without being
    read again. Raises ValidationError (no batch) for a refused file."""
    data = read_upload(upload)
    sha256 = hashlib.sha256(data).hexdigest()
    plan: dict = {}
    report = _earlier_preview(body=body, kind=kind, sha256=sha256, by=by, plan=plan)
    if report is None:
        sheet = read_sheet(data, resource_class(kind))
        report = run_import(kind=kind, body=body, by=by, sheet=sheet, dry_run=True, plan=plan)
    batch = ImportBatch(
        body=body,
        kind=kind,
        original_name=(upload.name or "")[-255:],
        sha256=sha256,
        created_by=by,
        plan=plan,
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


def _earlier_preview(*, body: Model, kind: str, sha256: str, by: User, plan: dict) -> Report | None:
    """The report of the latest preview of the same file whose plan still holds (its
    plan copied into `plan`), else None."""
    earlier = (
        ImportBatch.objects.filter(body=body, kind=kind, sha256=sha256, status=S.PREVIEWED)
        .exclude(error_count__gt=0)
        .order_by("-created_at", "-id")
        .first()
    )
    report = report_of(earlier) if earlier is not None else None
    if report is None or not earlier.plan.get("state"):
        return None
    resource = resource_class(kind)(body=body, user=by)
    if resource.current_state(earlier.plan["keys"], lock=False) != earlier.plan["state"]:
        return None
    plan.update(earlier.plan)
    return report


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
            report = _apply_plan(locked, by=by)
            if report is None:  # no plan, or the data changed since the preview
                sheet = read_sheet(_stored_file(locked), resource_class(locked.kind))
                report = run_import(
                    kind=locked.kind, body=locked.body, by=by, sheet=sheet, dry_run=False
                )
            if report.error_rows:
                raise _ImportFailed(report)
            locked.finished_at = timezone.now()
            locked.plan = {}  # done: its rows are in the database now
            locked.save(
                update_fields=["status", "finished_at", "plan", *record_report(locked, report)]
            )
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


def _apply_plan(batch: ImportBatch, *, by: User) -> Report | None:
    """Write the preview's plan if the records it was checked against (the body's
    reference records, the file's existing rows, the day) are unchanged — they stay
    locked until the commit; None (nothing written) if there is no plan to apply."""
    plan = batch.plan or {}
    report = report_of(batch)
    if not plan.get("state") or report is None or report.error_rows:
        return None
    resource = resource_class(batch.kind)(body=batch.body, user=by)
    if resource.current_state(plan["keys"]) != plan["state"]:
        return None
    try:
        refused = resource.apply_plan(plan["entries"])
    except ValidationError as error:
        refused = [(None, "", error.messages)]
    if refused:
        report.issues = [
            Issue(line, resource.column_of(key), chinese_message(str(message)))
            for line, key, messages in refused
            for message in messages
        ]
        report.error_rows = len({line for line, _key, _messages in refused})
    return report


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
    locked.plan = {}
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "file", "report", "plan", "finished_at"])
    return locked


def earlier_import_of(batch: ImportBatch) -> ImportBatch | None:
    """An earlier confirmed import of the very same file into the same body."""
    return (
        ImportBatch.objects.filter(body_id=batch.body_id, sha256=batch.sha256, status=S.CONFIRMED)
        .exclude(pk=batch.pk)
        .defer("report", "plan")
        .order_by("-finished_at")
        .first()
    )
