"""Reads of notices, permissions applied in SQL: a member sees the notices he received;
the office every notice of its body; a committee's staff their committee's notices."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from organisation.access import WORK_IN_COMMITTEE, committees_where, is_office
from portal.access import roles_of
from portal.models import User

from .access import manages
from .models import Notice, Receipt

RECEIPT_COUNTS = {
    "recipients": Count("receipts"),
    "read": Count("receipts", filter=Q(receipts__read_at__isnull=False)),
    "answered": Count("receipts", filter=Q(receipts__answered_at__isnull=False)),
    "attend": Count("receipts", filter=Q(receipts__response=Receipt.Response.ATTEND)),
    "leave": Count("receipts", filter=Q(receipts__response=Receipt.Response.LEAVE)),
}


def managed_notices(user: User) -> QuerySet[Notice]:
    """The notices the user runs, newest first, with their read and reply counts (one
    join: the counts cannot multiply)."""
    if not user.is_authenticated or user.body_id is None:
        return Notice.objects.none()
    notices = Notice.objects.filter(body_id=user.body_id)
    if not is_office(user):
        notices = notices.filter(committee__in=committees_where(user, WORK_IN_COMMITTEE))
    return (
        notices.select_related("committee", "created_by")
        .annotate(**RECEIPT_COUNTS)
        .order_by("-created_at", "-pk")
    )


def notice_counts(notice: Notice) -> dict[str, int]:
    return Receipt.objects.filter(notice=notice).aggregate(
        recipients=Count("pk"),
        read=Count("pk", filter=Q(read_at__isnull=False)),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        attend=Count("pk", filter=Q(response=Receipt.Response.ATTEND)),
        leave=Count("pk", filter=Q(response=Receipt.Response.LEAVE)),
        no_login=Count("pk", filter=Q(member__user__isnull=True)),
    )


def inbox(user: User) -> QuerySet[Receipt]:
    """The notices the user received as a member, newest first (withdrawn ones too: he
    must learn a meeting was called off)."""
    member = roles_of(user).member
    if member is None:
        return Receipt.objects.none()
    return (
        Receipt.objects.filter(member_id=member.pk)
        .exclude(notice__status=Notice.Status.DRAFT)
        .select_related("notice__committee")
        .order_by("-notice__published_at", "-pk")
    )


@dataclass(frozen=True)
class NoticeAccess:
    notice: Notice
    manage: bool
    receipt: Receipt | None

    @property
    def can_read_content(self) -> bool:
        return self.manage or self.notice.status in Notice.VISIBLE


def get_notice_for(user: User, pk: int) -> NoticeAccess:
    """The notice with what the user may do with it: 404 unless he runs it or received it
    (a draft reaches nobody but its publishers)."""
    notice = (
        Notice.objects.filter(pk=pk, body_id=user.body_id)
        .select_related("committee", "body", "created_by", "published_by")
        .first()
    )
    if notice is None:
        raise Http404
    member = roles_of(user).member
    receipt = None
    if member is not None and not notice.is_draft:
        receipt = (
            Receipt.objects.filter(notice=notice, member_id=member.pk)
            .select_related("member")
            .first()
        )
        if receipt is not None:
            receipt.notice = notice
    manage = manages(notice, user)
    if not manage and receipt is None:
        raise Http404
    return NoticeAccess(notice=notice, manage=manage, receipt=receipt)


SHOW = {
    "unread": Q(read_at__isnull=True),
    "unanswered": Q(answered_at__isnull=True),
    "attend": Q(response=Receipt.Response.ATTEND),
    "leave": Q(response=Receipt.Response.LEAVE),
}


def receipts_of(notice: Notice, show: str = "") -> QuerySet[Receipt]:
    """Who received the notice, read it and answered, by member number."""
    receipts = Receipt.objects.filter(notice=notice)
    if show in SHOW:
        receipts = receipts.filter(SHOW[show])
    return receipts.select_related("member__sector", "answered_by").order_by("member__code")
