"""Drafting notices: text sanitised, audience checked against what the publisher may reach,
reply-slip fields, attachments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import CommitteeMembership, Member
from members.selectors import active_on, members_in_office_on
from organisation.models import Committee, SectorGroup
from portal.access import WORK_IN_COMMITTEE, is_office
from portal.files import delete_file_on_commit
from portal.models import User
from portal.uploads import check_upload

from .. import html
from ..access import manages
from ..models import Notice, NoticeAttachment
from .common import MAX_FIELDS, MAX_REMIND_HOURS, _lock


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
    files = [a.file for a in locked.attachments.all()]
    locked._history_user = by
    locked.delete()
    for file in files:
        delete_file_on_commit(file)


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
    attachment._history_user = by
    attachment.delete()
    delete_file_on_commit(attachment.file)
