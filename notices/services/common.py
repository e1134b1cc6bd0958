"""What the writes of notices share: the statuses, the task kind, limits, a notice's address,
locking."""

from __future__ import annotations

from django.urls import reverse

from ..models import Notice, Receipt

S = Notice.Status
R = Receipt.Response
RECEIPT_TASK = "notices.receipt"  # the to-do kind (notices.todos) its notifications ask for
MAX_FIELDS = 10
MAX_REMIND_HOURS = 168


def detail_url(notice: Notice) -> str:
    return reverse("notices:notice_detail", args=[notice.pk])


def _lock(notice: Notice) -> Notice:
    return (
        Notice.objects.select_for_update(of=("self",)).select_related("committee").get(pk=notice.pk)
    )
