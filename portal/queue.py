"""Sending a Celery task after the commit, so that a broker outage never fails a request
whose change is already committed.

Redis down, `task.delay()` raises (after about a second, CELERY_TASK_PUBLISH_RETRY_POLICY).
`enqueue_on_commit` logs it and then, for work that must not wait (`inline_if_down=True`:
sending a notice or activity invitations, which store notifications and e-mail deliveries),
runs the task in the request instead; otherwise the row the task would have worked on stays
where it is, and its own recovery takes it up (a job becomes stale and its owner retries it;
an e-mail delivery stays 待发送 for the beat job, portal.deliveries)."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

log = logging.getLogger(__name__)

BROKER_ERRORS = (BrokerError, OSError)


def enqueue(task: Task, *args: Any, inline_if_down: bool = False) -> bool:
    """Send the task; True if the broker took it (or it ran in-process)."""
    try:
        task.delay(*args)
        return True
    except BROKER_ERRORS as error:
        log.warning("消息队列不可用，任务 %s%r 未能加入队列：%s", task.name, args, error)
    if not inline_if_down:
        return False
    try:
        task(*args)
    except Exception:
        log.exception("任务 %s%r 在请求内执行失败", task.name, args)
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any, inline_if_down: bool = False) -> None:
    transaction.on_commit(lambda: enqueue(task, *args, inline_if_down=inline_if_down))
