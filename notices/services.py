"""Writes of notices: drafting (text sanitised, audience checked against what the publisher
may reach), attachments, publishing (one receipt per member in office in the audience,
notifications after the commit), closing and withdrawing, read receipts, reply slips and
reminders. Each runs in one transaction and names the actor for the history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from members.models import CommitteeMembership, Member
from members.selectors import active_on, members_in_office_on
from organisation.models import Committee, SectorGroup
from portal.access import WORK_IN_COMMITTEE, is_office
from portal.models import User
from portal.queue import enqueue_on_commit
from portal.services import notifications_close, notifications_mark_read, notify
from portal.uploads import check_upload

from . import html
from .access import manages
from .models import Notice, NoticeAttachment, Receipt
from .workflow import NOTICE

S = Notice.Status
R = Receipt.Response
RECEIPT_TASK = "notices.receipt"  # the to-do kind (notices.todos) its notifications ask for
MAX_FIELDS = 10
MAX_REMIND_HOURS = 168


@dataclass(frozen=True)
class Draft:
    """What the publisher writes; `committee` is the committee publishing (None: the
    office). reply_fields: [{"label", "choices", "required"}] (notices.forms)."""

    kind: str
    title: str
    content: str
    audience: str
    committee: Committee | None = None
    committees: Sequence[Committee] = ()
    sector_groups: Sequence[SectorGroup] = ()
    members: Sequence[Member] = ()
    meeting_starts_at: dt.datetime | None = None
    meeting_place: str = ""
    wants_reply: bool = False
    reply_deadline: dt.datetime | None = None
    reply_fields: list[dict] = field(default_factory=list)
    remind_hours: int = 24


def detail_url(notice: Notice) -> str:
    return reverse("notices:notice_detail", args=[notice.pk])


def _check_publisher(body_id: int, committee: Committee | None, by: User) -> None:
    if by.body_id != body_id:
        raise PermissionDenied
    if committee is None:
        if not is_office(by):
            raise ValidationError(_("只有政协办公室可以以办公室名义发布通知。"))
    elif committee.body_id != body_id:
        raise ValidationError(_("所选专委会不属于本级政协。"))
    elif not (is_office(by) or by.has_perm(WORK_IN_COMMITTEE, committee)):
        raise ValidationError(_("只有本专委会的工作人员可以以专委会名义发布通知。"))


def seated_in(committee: Committee, day: dt.date) -> QuerySet[Member]:
    """Members a committee reaches on `day`: seated in it, or in one of its sector groups."""
    seated = CommitteeMembership.objects.filter(active_on(day), committee=committee)
    in_office = members_in_office_on(committee.body_id, day)
    return in_office.filter(pk__in=seated.values("member_id")) | in_office.filter(
        sector__group__committee=committee
    )


def _check_audience(body_id: int, draft: Draft, day: dt.date) -> None:
    """The audience is given, belongs to the body, and (a committee's notice) stays
    within the committee: its own seats, its sector groups, its members."""
    A = Notice.Audience
    audience = A(draft.audience)
    own = draft.committee
    if audience == A.ALL and own is not None:
        raise ValidationError(_("专委会的通知只能发给本专委会的委员或界别活动组。"))
    if audience == A.COMMITTEES:
        if not draft.committees:
            raise ValidationError(_("请选择专委会。"))
        if any(c.body_id != body_id for c in draft.committees):
            raise ValidationError(_("所选专委会不属于本级政协。"))
        if own is not None and any(c.pk != own.pk for c in draft.committees):
            raise ValidationError(_("专委会的通知只能发给本专委会的委员。"))
    if audience == A.SECTOR_GROUPS:
        if not draft.sector_groups:
            raise ValidationError(_("请选择界别活动组。"))
        if any(g.body_id != body_id for g in draft.sector_groups):
            raise ValidationError(_("所选界别活动组不属于本级政协。"))
        if own is not None and any(g.committee_id != own.pk for g in draft.sector_groups):
            raise ValidationError(_("专委会的通知只能发给本专委会联系的界别活动组。"))
    if audience == A.MEMBERS:
        if not draft.members:
            raise ValidationError(_("请选择委员。"))
        reachable = (
            seated_in(own, day) if own is not None else members_in_office_on(body_id, day)
        ).filter(pk__in=[m.pk for m in draft.members])
        missing = {m.pk for m in draft.members} - set(reachable.values_list("pk", flat=True))
        if missing:
            names = "、".join(m.name for m in draft.members if m.pk in missing)
            raise ValidationError(
                _("以下委员不在任或不在发送范围内：%(names)s") % {"names": names[:200]}
            )


def _check_fields(fields: list[dict]) -> list[dict]:
    if len(fields) > MAX_FIELDS:
        raise ValidationError(_("回执附加项最多 %(n)d 项。") % {"n": MAX_FIELDS})
    labels = [f["label"] for f in fields]
    if len(set(labels)) != len(labels):
        raise ValidationError(_("回执附加项的名称不能重复。"))
    return [
        {
            "label": str(f["label"])[:30],
            "choices": [str(c)[:30] for c in f.get("choices", [])][:MAX_FIELDS],
            "required": bool(f.get("required")),
        }
        for f in fields
    ]


def _check_draft(body_id: int, draft: Draft, by: User) -> tuple[str, list[dict]]:
    """Everything a draft must satisfy; returns the clean text and reply fields."""
    _check_publisher(body_id, draft.committee, by)
    Notice.Kind(draft.kind)
    if not draft.title.strip():
        raise ValidationError(_("请填写标题。"))
    content = html.sanitise(draft.content)
    if not html.plain(content):
        raise ValidationError(_("请填写正文。"))
    if draft.kind == Notice.Kind.MEETING and (
        draft.meeting_starts_at is None or not draft.meeting_place.strip()
    ):
        raise ValidationError(_("会议通知须填写会议时间和地点。"))
    if draft.wants_reply and draft.reply_deadline is None:
        raise ValidationError(_("需要回执时须设定回执截止时间。"))
    now = timezone.now()
    if draft.wants_reply and draft.reply_deadline <= now:
        raise ValidationError(_("回执截止时间须晚于现在。"))
    if draft.wants_reply and draft.reply_deadline > now + dt.timedelta(days=366):
        raise ValidationError(_("回执截止时间不能晚于一年以后。"))
    if draft.meeting_starts_at is not None and not (
        now - dt.timedelta(days=366) <= draft.meeting_starts_at <= now + dt.timedelta(days=731)
    ):
        raise ValidationError(_("会议时间须在前后一两年之内，请检查年份。"))
    if not 0 <= draft.remind_hours <= MAX_REMIND_HOURS:
        raise ValidationError(_("截止前提醒须在 0 至 %(n)d 小时之间。") % {"n": MAX_REMIND_HOURS})
    _check_audience(body_id, draft, timezone.localdate())
    return content, _check_fields(list(draft.reply_fields) if draft.wants_reply else [])


def _apply(notice: Notice, draft: Draft, content: str, fields: list[dict]) -> None:
    notice.kind = draft.kind
    notice.title = draft.title.strip()
    notice.content = content
    notice.committee = draft.committee
    notice.audience = draft.audience
    notice.meeting_starts_at = draft.meeting_starts_at
    notice.meeting_place = draft.meeting_place.strip()
    notice.wants_reply = draft.wants_reply
    notice.reply_deadline = draft.reply_deadline if draft.wants_reply else None
    notice.reply_fields = fields
    notice.remind_hours = draft.remind_hours


def _set_audience(notice: Notice, draft: Draft) -> None:
    A = Notice.Audience
    notice.committees.set(draft.committees if draft.audience == A.COMMITTEES else [])
    notice.sector_groups.set(draft.sector_groups if draft.audience == A.SECTOR_GROUPS else [])
    notice.members.set(draft.members if draft.audience == A.MEMBERS else [])


@transaction.atomic
def notice_create(*, body_id: int, draft: Draft, by: User) -> Notice:
    content, fields = _check_draft(body_id, draft, by)
    notice = Notice(body_id=body_id, created_by=by)
    _apply(notice, draft, content, fields)
    notice._history_user = by
    notice.save()
    _set_audience(notice, draft)
    return notice


def _lock(notice: Notice) -> Notice:
    return (
        Notice.objects.select_for_update(of=("self",)).select_related("committee").get(pk=notice.pk)
    )


def _lock_draft(notice: Notice, by: User) -> Notice:
    locked = _lock(notice)
    if not manages(locked, by):
        raise PermissionDenied
    if not locked.is_draft:
        raise ValidationError(_("已发布的通知不能修改；如有变化，请撤回后重新发布。"))
    return locked


@transaction.atomic
def notice_update(*, notice: Notice, draft: Draft, version: int, by: User) -> Notice:
    """Edit a draft; a form opened before someone else saved is refused, not saved over."""
    locked = _lock_draft(notice, by)
    if locked.version != version:
        raise ValidationError(_("该通知已被他人修改，请重新打开后再编辑。"))
    content, fields = _check_draft(locked.body_id, draft, by)
    _apply(locked, draft, content, fields)
    locked.version += 1
    locked._history_user = by
    locked.save()
    _set_audience(locked, draft)
    return locked


@transaction.atomic
def notice_delete(*, notice: Notice, by: User) -> None:
    locked = _lock_draft(notice, by)
    files = [(a.file.storage, a.file.name) for a in locked.attachments.all()]
    locked._history_user = by
    locked.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


@transaction.atomic
def attachment_add(*, notice: Notice, upload: UploadedFile, by: User) -> NoticeAttachment:
    """A checked file (size, type, content sniffed) stored under a random name."""
    locked = _lock_draft(notice, by)
    if locked.attachments.count() >= MAX_FIELDS:
        raise ValidationError(_("每个通知最多 %(n)d 个附件。") % {"n": MAX_FIELDS})
    checked = check_upload(upload)
    attachment = NoticeAttachment(
        notice=locked,
        name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        uploaded_by=by,
    )
    attachment.file.save(checked.name, ContentFile(checked.data), save=False)
    attachment._history_user = by
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: NoticeAttachment, by: User) -> None:
    _lock_draft(attachment.notice, by)
    storage, name = attachment.file.storage, attachment.file.name
    attachment._history_user = by
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


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
    from .tasks import send_notice_task

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
