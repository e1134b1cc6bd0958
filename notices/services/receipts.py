"""Read receipts, reply slips and reminders to those who have not answered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User
from portal.services import notifications_close, notifications_mark_read, notify

from ..access import manages
from ..models import Notice, Receipt
from .common import MAX_REMIND_HOURS, RECEIPT_TASK, R, S, detail_url

# ---- recipients ----------------------------------------------------------------------------


@transaction.atomic
def receipt_read(*, receipt: Receipt, by: User) -> Receipt:
    """The recipient opened the notice: the read receipt (first time only) and his
    notifications about it read; for a notice without a reply slip that is the task done."""
    if receipt.member.user_id != by.pk:
        raise PermissionDenied
    now = timezone.now()
    if receipt.read_at is None:
        Receipt.objects.filter(pk=receipt.pk, read_at__isnull=True).update(read_at=now)
        receipt.read_at = now
    notice = receipt.notice
    if notice.wants_reply and not receipt.is_answered and notice.reply_open(now):
        notifications_mark_read(user=by, target=notice)
    else:
        notifications_close(target=notice, recipients=[by])
    return receipt


@dataclass(frozen=True)
class Reply:
    response: str
    leave_reason: str = ""
    answers: dict[str, str] = field(default_factory=dict)


def check_reply(notice: Notice, reply: Reply) -> Reply:
    """Attend, or leave with a reason; the notice's own fields (choices from their list;
    required ones when attending). Unknown answers are dropped."""
    if reply.response not in (R.ATTEND, R.LEAVE):
        raise ValidationError(_("请选择参加或请假。"))
    reason = reply.leave_reason.strip()[:200]
    if reply.response == R.LEAVE and not reason:
        raise ValidationError(_("请假须填写事由。"))
    answers: dict[str, str] = {}
    for item in notice.reply_fields:
        value = str(reply.answers.get(item["label"], "")).strip()[:200]
        if item["choices"] and value and value not in item["choices"]:
            raise ValidationError(_("「%(label)s」请从给定选项中选择。") % {"label": item["label"]})
        if item["required"] and not value and reply.response == R.ATTEND:
            raise ValidationError(_("请填写「%(label)s」。") % {"label": item["label"]})
        answers[item["label"]] = value
    return Reply(
        response=reply.response,
        leave_reason=reason if reply.response == R.LEAVE else "",
        answers=answers,
    )


@transaction.atomic
def receipt_answer(*, receipt: Receipt, reply: Reply, by: User) -> Receipt:
    """The member fills in his reply slip (again, to change it) until the deadline; or the
    publisher records an answer the member gave by phone, until the notice is withdrawn."""
    locked = (
        Receipt.objects.select_for_update(of=("self",))
        .select_related("notice__committee", "member")
        .get(pk=receipt.pk)
    )
    notice = locked.notice
    if not notice.wants_reply:
        raise ValidationError(_("该通知不需要回执。"))
    is_member = locked.member.user_id == by.pk
    if is_member:
        if notice.status != S.PUBLISHED:
            raise ValidationError(_("该通知已结束或已撤回，不能再回执。"))
        if not notice.reply_open():
            raise ValidationError(_("回执已截止；如有变化，请联系发布单位。"))
    elif not manages(notice, by):
        raise PermissionDenied
    elif notice.status not in Notice.VISIBLE:
        raise ValidationError(_("该通知已撤回，不能再登记回执。"))
    reply = check_reply(notice, reply)
    now = timezone.now()
    locked.response, locked.leave_reason = reply.response, reply.leave_reason
    locked.answers = reply.answers
    locked.answered_at, locked.answered_by = now, by
    fields = ["response", "leave_reason", "answers", "answered_at", "answered_by"]
    if is_member and locked.read_at is None:
        locked.read_at = now
        fields.append("read_at")
    locked._history_user = by
    locked.save(update_fields=fields)
    if locked.member.user_id:
        notifications_close(target=notice, recipients=[locked.member.user])
    return locked


def _unanswered_users(notice: Notice) -> QuerySet[User]:
    return User.objects.filter(
        member__notice_receipts__notice=notice, member__notice_receipts__answered_at__isnull=True
    )


def _remind(notice: Notice, key: str) -> int:
    deadline = timezone.localtime(notice.reply_deadline).strftime("%Y-%m-%d %H:%M")
    return len(
        notify(
            recipients=_unanswered_users(notice),
            title=_("请填写回执：%(title)s") % {"title": notice.title},
            body=_("回执截止时间：%(deadline)s。") % {"deadline": deadline},
            url=detail_url(notice),
            dedupe_key=key,
            target=notice,
            task=RECEIPT_TASK,
        )
    )


@transaction.atomic
def notice_remind(*, notice: Notice, by: User) -> int:
    """The publisher reminds everyone who has not answered (at most once a day)."""
    if not manages(notice, by):
        raise PermissionDenied
    if not notice.reply_open():
        raise ValidationError(_("回执已截止或通知已结束，无需提醒。"))
    return _remind(notice, f"notice:{notice.pk}:nudge:{timezone.localdate():%Y%m%d}")


def remind_due_replies(now: dt.datetime | None = None) -> int:
    """The scheduled reminder: a published notice whose deadline is within its
    `remind_hours` reminds those who have not answered, once (the dedupe key)."""
    now = now or timezone.now()
    due = Notice.objects.filter(
        status=S.PUBLISHED,
        wants_reply=True,
        remind_hours__gt=0,
        reply_deadline__gt=now,
        reply_deadline__lte=now + dt.timedelta(hours=MAX_REMIND_HOURS),
    )
    sent = 0
    for notice in due:
        if notice.reply_deadline - dt.timedelta(hours=notice.remind_hours) <= now:
            sent += _remind(notice, f"notice:{notice.pk}:remind")
    return sent
