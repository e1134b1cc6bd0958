"""The pages of background jobs (portal.jobs): the person's jobs, one job with its progress
(polled by htmx while it runs), its file, and a retry when it failed. Only the person who
asked for a job sees it (404 for anyone else)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import jobs
from .models import Job
from .uploads import attachment_response


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/jobs/job_list.html", {"jobs": jobs.jobs_of(request.user)[:50]})


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request, "portal/jobs/job_detail.html", {"job": jobs.get_job_for(request.user, pk)}
    )


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress part of the job page: htmx replaces it every second while it runs."""
    return render(
        request, "portal/jobs/_job_progress.html", {"job": jobs.get_job_for(request.user, pk)}
    )


@login_required
def job_download(request: HttpRequest, pk: int):
    job = jobs.get_job_for(request.user, pk)
    if job.status != Job.Status.DONE:
        raise Http404
    return attachment_response(job.result, job.result_name, job.result_type)


@require_POST
@login_required
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = jobs.get_job_for(request.user, pk)
    try:
        jobs.job_retry(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("portal:job_detail", pk=job.pk)
