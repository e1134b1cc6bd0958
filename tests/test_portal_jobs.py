"""Background jobs (portal.jobs) and long PDFs rendered in parts (portal.pdf.render_long_pdf):
the person who asked sees the progress, downloads the file, retries a failure; nobody else
sees the job; a task delivered twice runs once; the body's roster is such a job."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from portal.jobs import job_retry, job_run, job_start
from portal.models import Job
from portal.pdf import PdfTimeout, render_long_pdf
from portal.registry import JobKind, JobOutput, job_kinds

from .test_pdf import pdf_fonts, pdf_text

CALLS: list[int] = []


def _flaky(job, progress) -> JobOutput:
    """Fails on its first run, succeeds on the next."""
    CALLS.append(job.pk)
    progress(1, 2, "一半")
    if CALLS.count(job.pk) == 1:
        raise ValidationError("数据暂时不可用。")
    return JobOutput("结果.txt", "完成".encode(), "text/plain")


def _crash(job, progress) -> JobOutput:
    raise RuntimeError("boom")


@pytest.fixture
def kinds():
    job_kinds.register(JobKind("test_flaky", "测试", _flaky))
    job_kinds.register(JobKind("test_crash", "测试", _crash))
    yield
    job_kinds.unregister("test_flaky")
    job_kinds.unregister("test_crash")


def test_a_failed_job_shows_its_reason_and_runs_again_on_retry(
    org, client, kinds, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="test_flaky", title="测试任务", params={}, by=org.office)
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == (Job.Status.FAILED, "数据暂时不可用。", 1)
    client.force_login(org.office)
    page = client.get(reverse("portal:job_detail", args=[job.pk])).content.decode()
    assert "数据暂时不可用" in page and "job-retry" in page
    assert client.get(reverse("portal:job_download", args=[job.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress, job.error) == (Job.Status.DONE, 2, 100, "")
    download = client.get(reverse("portal:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode() == "完成"
    assert "attachment" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    # Done: no retry, and the page no longer polls.
    with pytest.raises(ValidationError):
        job_retry(job=job, by=org.office)
    partial = client.get(reverse("portal:job_progress", args=[job.pk])).content.decode()
    assert "hx-get" not in partial and "job-download" in partial


def test_a_system_error_is_reported_without_its_details(
    org, kinds, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="test_crash", title="测试任务", params={}, by=org.office)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "系统错误" in job.error and "boom" not in job.error


def test_a_task_delivered_twice_runs_the_job_once(org, kinds):
    job = job_start(kind="test_flaky", title="测试任务", params={}, by=org.office)  # not run
    assert job_run(job.pk).status == Job.Status.FAILED
    assert job_run(job.pk) is None  # the second delivery finds it no longer queued
    assert CALLS.count(job.pk) == 1


def test_a_running_job_is_polled_and_a_stale_one_may_be_retried(org, client, kinds):
    job = job_start(kind="test_flaky", title="测试任务", params={}, by=org.office)
    client.force_login(org.office)
    partial = client.get(reverse("portal:job_progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in partial
    with pytest.raises(ValidationError):
        job_retry(job=job, by=org.office)  # queued and fresh: not yet
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started_at=timezone.now() - dt.timedelta(hours=2)
    )
    job.refresh_from_db()
    assert job.is_stale and not job.is_active
    assert job_retry(job=job, by=org.office).status == Job.Status.QUEUED


def test_nobody_else_sees_or_retries_a_job(org, other_org, client, kinds):
    job = job_start(kind="test_crash", title="测试任务", params={}, by=org.office)
    job_run(job.pk)
    for user in (org.staff, other_org.office, org.member_user):
        client.force_login(user)
        for name in ("portal:job_detail", "portal:job_progress", "portal:job_download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
        assert client.post(reverse("portal:job_retry", args=[job.pk])).status_code == 404
        assert "测试任务" not in client.get(reverse("portal:job_list")).content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.attempts == 1


# ---- long PDFs ---------------------------------------------------------------------------


def _part(n: int, paragraphs: int) -> str:
    content = "".join(f"<p>第{n}部分 第{i}段 中文内容</p>" for i in range(paragraphs))
    return (
        "<!doctype html><html><head><style>@page { size: A5; margin: 15mm; } p { "
        "font-family: 'Noto Sans CJK SC'; font-size: 20pt; }</style></head>"
        f"<body>{content}</body></html>"
    )


def _marks(pages: int) -> str:
    return render_to_string("pdf/marks.html", {"title": "长文档", "pages": range(pages),
                                               "page_size": "A5"})  # fmt: skip


def test_parts_render_side_by_side_and_are_numbered_through(tmp_path):
    seen = []
    result = render_long_pdf(
        [_part(n, 14) for n in range(3)], marks=_marks, workers=2,
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    reader = PdfReader(io.BytesIO(result.pdf))
    assert len(reader.pages) == result.pages >= 6 and result.parts == 3
    assert seen[-1] == (4, 4) and [d for d, _t in seen] == sorted(d for d, _t in seen)
    text = "".join(pdf_text(result.pdf, tmp_path).split())
    for page in range(1, result.pages + 1):
        assert f"第{page}页/共{result.pages}页" in text
    assert text.index("第0部分") < text.index("第1部分") < text.index("第2部分")
    assert "Noto" in pdf_fonts(result.pdf, tmp_path)


def test_a_long_pdf_has_one_time_limit():
    with pytest.raises(PdfTimeout):
        render_long_pdf([_part(n, 200) for n in range(3)], marks=_marks, timeout=0.5)


def test_the_office_gets_the_roster_of_the_body_as_a_job(
    org, client, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(org.office)
    assert client.get(reverse("members:body_roster_start")).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:body_roster_start"))
    job = Job.objects.get(created_by=org.office)
    assert response["Location"] == reverse("portal:job_detail", args=[job.pk])
    assert job.status == Job.Status.DONE, job.error
    download = client.get(reverse("portal:job_download", args=[job.pk]))
    pdf = b"".join(download.streaming_content)
    text = pdf_text(pdf, tmp_path)
    flat = "".join(text.split())  # pdftotext spaces table pages its own way
    assert "鄂尔多斯市政协委员名册" in flat and "第1页/共" in flat
    assert org.member.name in text and org.other_member.name in text
    assert "经济界" in text and "教育界" in text  # one section per sector
    client.force_login(org.staff)
    assert client.post(reverse("members:body_roster_start")).status_code == 403
