"""The notices waiting for a member (portal.registry.todo_kinds): published notices he has
not read yet, and reply slips to fill in before their deadline. One kind, one query; its
key is the `task` of the notifications that bring a notice (notices.services)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import roles_of
from portal.models import User
from portal.registry import Todo, TodoKind

from .models import Notice, Receipt
from .services import RECEIPT_TASK


def receipt_open(user: User) -> QuerySet | None:
    member = roles_of(user).member
    if member is None:
        return None
    reply_due = Q(
        notice__wants_reply=True,
        answered_at__isnull=True,
        notice__reply_deadline__gte=timezone.now(),
    )
    return (
        Receipt.objects.filter(member_id=member.pk, notice__status=Notice.Status.PUBLISHED)
        .filter(Q(read_at__isnull=True) | reply_due)
        .select_related("notice__committee")
        .order_by("notice__published_at", "pk")
    )


def receipt_todo(receipt: Receipt) -> Todo:
    notice = receipt.notice
    url = reverse("notices:notice_detail", args=[notice.pk])
    if notice.reply_open() and not receipt.is_answered:
        return Todo(
            title=_("填写回执：%(title)s") % {"title": notice.title},
            url=url + "#reply",
            since=notice.published_at,
            due=notice.reply_deadline,
            detail=_("%(publisher)s · 参加或请假") % {"publisher": notice.publisher},
        )
    return Todo(
        title=_("阅读通知：%(title)s") % {"title": notice.title},
        url=url,
        since=notice.published_at,
        detail=notice.publisher,
    )


KINDS = (TodoKind(RECEIPT_TASK, gettext_lazy("通知公告"), receipt_open, receipt_todo, 30),)
