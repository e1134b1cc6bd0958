"""The daily reminder jobs on the region data set: time and queries, per body.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luzhitong_bench \\
        .venv/bin/python bench/bench_reminders.py

Runs what django-celery-beat starts every morning — the quota reminders of each of the 12
bodies (evaluation.tasks.quota_reminders_body_task: the body's board, then a notification
per unmet quota past its reminder point), the committee-work reminders (tomorrow's
activities, unrecorded attendance, approvals waiting a week) and the proposal reminders —
each in a transaction that is rolled back, so the benchmark database does not change and
every run sends the same reminders. Prints each job's time, queries and notifications; the
quota job's queries must be the same for every body whatever its data.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.inprocess import setup  # noqa: E402

setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.run import aligned  # noqa: E402
from committees import tasks as committee_tasks  # noqa: E402
from evaluation.tasks import quota_reminders_body_task  # noqa: E402
from organisation.models import Body  # noqa: E402
from portal.models import Notification  # noqa: E402
from proposals.tasks import proposal_reminders_task  # noqa: E402


def once(fn) -> tuple[float, int, int]:
    """(ms, queries, notifications) of one run, rolled back."""
    with transaction.atomic():
        before = Notification.objects.count()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fn()
            ms = (time.perf_counter() - start) * 1000
        sent = Notification.objects.count() - before
        transaction.set_rollback(True)
    return ms, len(captured), sent


def main() -> int:
    import os

    load = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    rows = [("任务", "ms", "查询数", "通知数")]
    per_body = []
    for body in Body.objects.order_by("pk"):
        ms, queries, sent = once(lambda b=body: quota_reminders_body_task(b.pk))
        per_body.append((body.name, ms, queries, sent))
        rows.append((f"考评指标提醒 · {body.name}", f"{ms:.0f}", str(queries), str(sent)))
    total_ms = sum(ms for _n, ms, _q, _s in per_body)
    queries = [q for _n, _ms, q, _s in per_body]
    rows.append(
        (f"考评指标提醒 · {len(per_body)} 个政协组织合计", f"{total_ms:.0f}", str(sum(queries)),
         str(sum(s for *_x, s in per_body)))
    )  # fmt: skip
    for label, fn in (
        ("明日活动提醒", committee_tasks.remind_tomorrows_activities_task),
        ("考勤未登记提醒", committee_tasks.remind_unrecorded_attendance_task),
        ("待审批提醒", committee_tasks.remind_pending_approvals_task),
        ("提案办理提醒", proposal_reminders_task),
    ):
        ms, q, sent = once(fn)
        rows.append((label, f"{ms:.0f}", str(q), str(sent)))
    print(f"负载均值 {load}")
    for line in aligned(rows):
        print(line)
    print(
        f"考评指标提醒每个政协组织的查询数：最少 {min(queries)}，最多 {max(queries)}；"
        f"用时中位数 {statistics.median(ms for _n, ms, _q, _s in per_body):.0f} ms"
    )
    return 0 if min(queries) == max(queries) else 1


if __name__ == "__main__":
    raise SystemExit(main())
