"""协商 online discussion: threads, posts, moderation."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Committee
from portal.models import User
from portal.uploads import check_upload

from ..access import manages_consultation, office_of, works_in
from ..models import (
    Consultation,
    Post,
    Thread,
)
from ..selectors import thread_eligible
from ..workflow import (
    POST,
    THREAD,
    moderates,
)
from .common import _locked, _save, _text
from .topics import _Body

# ---- online deliberation --------------------------------------------------------------------


@transaction.atomic
def thread_create(
    *,
    body_id: int,
    title: str,
    description: str,
    audience: str,
    closes_at: dt.datetime,
    by: User,
    committee: Committee | None = None,
    consultation: Consultation | None = None,
) -> Thread:
    office = office_of(_Body(body_id), by)
    if committee is None and not office:
        raise ValidationError(_("只有政协办公室可以组织面向全体委员的网络议政。"))
    if committee is not None and (
        committee.body_id != body_id or not (office or works_in(committee, by))
    ):
        raise ValidationError(_("只有本专委会的工作人员可以以专委会名义组织网络议政。"))
    if audience == Thread.Audience.ALL and committee is not None and not office:
        raise ValidationError(_("专委会组织的网络议政只能面向本专委会及所联系界别的委员。"))
    if audience == Thread.Audience.COMMITTEE and committee is None:
        raise ValidationError(_("请选择组织专委会。"))
    if consultation is not None and not manages_consultation(consultation, by):
        raise ValidationError(_("只能关联本专委会的协商活动。"))
    if closes_at <= timezone.now():
        raise ValidationError(_("截止时间须晚于现在。"))
    thread = Thread(
        body_id=body_id,
        committee=committee,
        consultation=consultation,
        title=_text(title, _("议题"), 200),
        description=_text(description, _("说明")),
        audience=Thread.Audience(audience),
        closes_at=closes_at,
        created_by=by,
    )
    _save(thread, by)
    return thread


@transaction.atomic
def thread_move(*, thread: Thread, target: str, by: User, summary: str = "") -> Thread:
    thread = _locked(thread)
    fields = ["status"]
    if target == Thread.Status.CLOSED:
        thread.summary = summary.strip()
        fields.append("summary")
    if target == Thread.Status.OPEN:
        if thread.closes_at <= timezone.now():
            raise ValidationError(_("截止时间已过，请先修改截止时间。"))
        thread.opened_at = timezone.now()
        fields.append("opened_at")
    THREAD.move(thread, target, by=by)
    _save(thread, by, fields)
    return thread


@transaction.atomic
def post_add(*, thread: Thread, text: str, by: User, upload: UploadedFile | None = None) -> Post:
    """A member posts his opinion while the thread is open, if he is eligible, with an
    optional attachment (checked by content, stored under a random name)."""
    member = getattr(by, "member", None) if by.is_authenticated else None
    if member is None or member.body_id != thread.body_id:
        raise PermissionDenied
    thread = _locked(thread)
    if not thread.accepts_posts():
        raise ValidationError(_("本次网络议政已结束，不能再发表意见。"))
    if not thread_eligible(thread).filter(pk=member.pk).exists():
        raise ValidationError(_("您不在本次网络议政的参与范围内。"))
    post = Post(thread=thread, member=member, text=_text(text, _("意见建议"), 3000))
    if upload is not None:
        checked = check_upload(upload)
        post.file_name, post.file_type = checked.name, checked.content_type
        post.file.save(checked.name, ContentFile(checked.data), save=False)
    _save(post, by)
    return post


@transaction.atomic
def post_moderate(*, post: Post, target: str, by: User, reason: str = "") -> Post:
    post = _locked(post)
    if not moderates(post.thread, by):
        raise PermissionDenied
    POST.move(post, target, by=by, comment=reason)
    post.hidden_reason = reason.strip()[:200] if target == Post.Status.HIDDEN else ""
    _save(post, by, ["status", "hidden_reason"])
    return post
