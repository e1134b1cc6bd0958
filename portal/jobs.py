"""Long work in the background (the kernel piece every module's long job uses): a person
asks for it (`job_start`), a Celery worker runs it (`job_run`, portal.tasks.run_job_task),
the job page polls its progress (htmx) and offers the file when it is done, or the reason
and a retry when it failed (`job_retry`).

A job's status is the machine's state, not a record's workflow: it moves queued → running →
done | failed by conditional UPDATEs, so a task delivered twice runs the job once, and a
failed (or stale: its worker died) job goes back to queued when its owner retries.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job, User
from .queue import enqueue_on_commit
from .registry import job_kinds

logger = logging.getLogger(__name__)

S = Job.Status
# Progress is written at most this often (seconds): a row update per page would be waste.
PROGRESS_INTERVAL = 0.5


def job_start(*, kind: str, title: str, params: dict[str, Any], by: User) -> Job:
    """Queue a job of a registered kind for `by`; it runs once this transaction commits."""
    job_kinds.get(kind)  # LookupError for a kind nobody registered
    job = Job.objects.create(
        kind=kind, title=title[:200], params=params, body_id=by.body_id, created_by=by
    )
    _enqueue(job.pk)
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import run_job_task

    # Redis down, the job stays queued; it turns stale and its owner may retry it.
    enqueue_on_commit(run_job_task, job_id)


class Progress:
    """`progress(done, total, step)` for a running job: written to its row, throttled."""

    def __init__(self, job: Job) -> None:
        self.job_id = job.pk
        self.written = 0.0

    def __call__(self, done: int, total: int, step: str = "") -> None:
        now = time.monotonic()
        if now - self.written < PROGRESS_INTERVAL and done < total:
            return
        self.written = now
        percent = min(99, int(100 * done / total)) if total else 0
        Job.objects.filter(pk=self.job_id, status=S.RUNNING).update(
            progress=percent, step=step[:200]
        )


def job_run(job_id: int) -> Job | None:
    """Run a queued job (called by the worker). A job that is not queued any more (a task
    delivered twice, a job already running) is left alone."""
    claimed = Job.objects.filter(pk=job_id, status=S.QUEUED).update(
        status=S.RUNNING,
        started_at=timezone.now(),
        progress=0,
        step="",
        error="",
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    try:
        output = job_kinds.get(job.kind).run(job, Progress(job))
    except Exception as error:  # the person sees a reason, the log the traceback
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=S.FAILED, error=_failure_message(error), finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    job.result.save(output.filename, ContentFile(output.content), save=False)
    job.result_name = output.filename[:200]
    job.result_type = output.content_type
    job.status = S.DONE
    job.progress = 100
    job.step = ""
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "result", "result_name", "result_type", "status", "progress", "step", "finished_at"
        ]
    )  # fmt: skip
    return job


def _failure_message(error: Exception) -> str:
    from .pdf import PdfTimeout

    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, PdfTimeout):
        return _("生成超时，已停止。请稍后重试；如果反复出现，请联系管理员。")
    return _("生成失败（系统错误）。请重试；如果反复出现，请联系管理员。")


@transaction.atomic
def job_retry(*, job: Job, by: User) -> Job:
    """Run a failed (or stale) job again, for the person who asked for it."""
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.created_by_id != by.pk:
        raise PermissionDenied
    if locked.status != S.FAILED and not locked.is_stale:
        raise ValidationError(_("只有失败的任务才能重试。"))
    locked.status = S.QUEUED
    locked.error = ""
    locked.progress = 0
    locked.step = ""
    locked.started_at = None
    locked.finished_at = None
    locked.created_at = timezone.now()
    locked.save(
        update_fields=[
            "status", "error", "progress", "step", "started_at", "finished_at", "created_at"
        ]
    )  # fmt: skip
    _enqueue(locked.pk)
    return locked


# ---- reads ------------------------------------------------------------------------------


def jobs_of(user: User) -> QuerySet[Job]:
    """The person's own jobs, newest first: nobody sees another's."""
    return Job.objects.filter(created_by=user).order_by("-created_at", "-id")


def get_job_for(user: User, pk: int) -> Job:
    try:
        return jobs_of(user).get(pk=pk)
    except Job.DoesNotExist:
        raise Http404 from None
