"""Publishing notices (one receipt per member in office in the audience, notifications after the
commit), closing and withdrawing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from members.models import CommitteeMembership, Member
from members.selectors import active_on, members_in_office_on
from portal.models import User
from portal.queue import enqueue_on_commit
from portal.services import notifications_close, notify

from .. import html
from ..models import Notice, Receipt
from ..workflow import NOTICE
from .common import RECEIPT_TASK, S, _lock, detail_url
from .drafts import Draft, _check_draft

# ---- publishing ----------------------------------------------------------------------------


def recipients_of(notice: Notice, day: dt.date) -> QuerySet[Member]:
    """The members in office on `day` whom the notice's audience reaches."""
    A = Notice.Audience
    in_office = members_in_office_on(notice.body_id, day)
    if notice.audience == A.ALL:
        return in_office
    if notice.audience == A.COMMITTEES:
        seated = CommitteeMembership.objects.filter(
            active_on(day), committee__in=notice.committees.all()
        )
        return in_office.filter(pk__in=seated.values("member_id"))
    if notice.audience == A.SECTOR_GROUPS:
        return in_office.filter(sector__group__in=notice.sector_groups.all())
    return in_office.filter(pk__in=notice.members.values("pk"))


def _stored_draft(notice: Notice) -> Draft:
    return Draft(
        kind=notice.kind,
        title=notice.title,
        content=notice.content,
        audience=notice.audience,
        committee=notice.committee,
        committees=list(notice.committees.all()),
        sector_groups=list(notice.sector_groups.all()),
        members=list(notice.members.all()),
        meeting_starts_at=notice.meeting_starts_at,
        meeting_place=notice.meeting_place,
        wants_reply=notice.wants_reply,
        reply_deadline=notice.reply_deadline,
        reply_fields=notice.reply_fields,
        remind_hours=notice.remind_hours,
    )


@transaction.atomic
def notice_publish(*, notice: Notice, by: User) -> Notice:
    """Send the notice: one receipt per member in office today within the audience (checked
    again: roles and seats may have changed since the draft), notifications after the
    commit. Returns the notice; `notice.receipts.count()` is how many it reached."""
    locked = _lock(notice)
    if locked.is_draft:
        _check_draft(locked.body_id, _stored_draft(locked), by)
    NOTICE.move(locked, S.PUBLISHED, by=by)
    members = list(recipients_of(locked, timezone.localdate()).values_list("pk", flat=True))
    if not members:
        raise ValidationError(_("发送范围内没有在任委员，无法发布。"))
    now = timezone.now()
    locked.published_by, locked.published_at = by, now
    locked._history_user = by
    locked.save(update_fields=["status", "published_by", "published_at"])
    bulk_create_with_history(
        [Receipt(notice=locked, member_id=pk) for pk in members], Receipt, default_user=by
    )
    from ..tasks import send_notice_task

    # Redis down, the notice is sent in the request (portal.queue).
    enqueue_on_commit(send_notice_task, locked.pk, inline_if_down=True)
    return locked


def notify_recipients(notice: Notice) -> int:
    """Tell every recipient with a login (once: the dedupe key names the notice) who has
    not already done what it asks (answered it; read it, when there is no reply slip)."""
    waiting = Receipt.objects.filter(notice=notice, answered_at__isnull=True)
    if not notice.wants_reply:
        waiting = waiting.filter(read_at__isnull=True)
    users = User.objects.filter(member__notice_receipts__in=waiting)
    body = html.plain(notice.content, 140)
    if notice.wants_reply:
        deadline = timezone.localtime(notice.reply_deadline).strftime("%Y-%m-%d %H:%M")
        body = _("请于 %(deadline)s 前填写回执。") % {"deadline": deadline} + body
    return len(
        notify(
            recipients=users,
            title=f"{notice.get_kind_display()}：{notice.title}",
            body=body,
            url=detail_url(notice),
            dedupe_key=f"notice:{notice.pk}:published",
            target=notice,
            task=RECEIPT_TASK,
        )
    )


@transaction.atomic
def notice_close(*, notice: Notice, by: User) -> Notice:
    """No more replies (recipients still read it); the open tasks end."""
    locked = _lock(notice)
    NOTICE.move(locked, S.CLOSED, by=by)
    locked.closed_at = timezone.now()
    locked._history_user = by
    locked.save(update_fields=["status", "closed_at"])
    notifications_close(target=locked)
    return locked


@transaction.atomic
def notice_withdraw(*, notice: Notice, reason: str, by: User) -> Notice:
    """Take a notice back (a cancelled meeting): recipients see only that it was withdrawn,
    and why, and are told."""
    locked = _lock(notice)
    NOTICE.move(locked, S.WITHDRAWN, by=by, comment=reason)
    locked.withdrawn_at = timezone.now()
    locked.withdraw_reason = reason.strip()[:300]
    locked._history_user = by
    locked.save(update_fields=["status", "withdrawn_at", "withdraw_reason"])
    notifications_close(target=locked)
    notify(
        recipients=User.objects.filter(member__notice_receipts__notice=locked),
        title=_("通知已撤回：%(title)s") % {"title": locked.title},
        body=locked.withdraw_reason,
        url=detail_url(locked),
        dedupe_key=f"notice:{locked.pk}:withdrawn",
        target=locked,
    )
    return locked
