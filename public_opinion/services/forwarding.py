"""Forwarding 社情民意 to a higher body, which accepts or declines it."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Body
from portal.models import TransitionLog, User
from portal.services import notifications_close, notify

from .. import access, text
from ..models import (
    Attachment,
    Forwarding,
    Report,
)
from .common import FORWARD_TASK, S, _body_name, _lock, editors_of

# ---- forwarding to a higher body ------------------------------------------------------------

FORWARDABLE = (S.ACCEPTED, S.PUBLISHED, S.ADOPTED)


def forward_targets(body_id: int) -> list[Body]:
    """Where a body's items go up: its parent body (organisation.Body.parent); a body
    without a parent (the top of the data set) may send to any other body."""
    body = Body.objects.select_related("parent").get(pk=body_id)
    if body.parent is not None:
        return [body.parent]
    return list(Body.objects.exclude(pk=body_id).order_by("level", "id"))


@transaction.atomic
def report_forward(*, report: Report, to_body: Body, note: str = "", by: User) -> Forwarding:
    """报送: the item goes up to a higher body's editors, who accept it into their queue."""
    report = _lock(report)
    if not access.edits(report, by):
        raise PermissionDenied
    if report.status not in FORWARDABLE:
        raise ValidationError(_("只有已受理的信息可以报送上级政协。"))
    parent_id = Body.objects.filter(pk=report.body_id).values_list("parent_id", flat=True)[0]
    if to_body.pk == report.body_id or parent_id not in (None, to_body.pk):
        raise ValidationError(_("只能报送给上级政协。"))
    if Forwarding.objects.filter(report=report, to_body=to_body).exists():
        raise ValidationError(_("这条信息已经报送过%(b)s。") % {"b": to_body.name})
    forwarding = Forwarding(report=report, to_body=to_body, note=note.strip(), sent_by=by)
    forwarding._history_user = by
    forwarding.save()
    notify(
        recipients=editors_of(to_body.pk),
        title=_("%(b)s报送社情民意信息：%(t)s")
        % {"b": _body_name(report.body_id), "t": report.final_title},
        url=reverse("public_opinion:forwarding_detail", args=[forwarding.pk]),
        target=forwarding,
        task=FORWARD_TASK,
        email=False,
    )
    return forwarding


def _lock_forwarding(forwarding: Forwarding, by: User) -> Forwarding:
    forwarding = Forwarding.objects.select_for_update().get(pk=forwarding.pk)
    if by.body_id != forwarding.to_body_id or not access.powers_of(by).edits:
        raise PermissionDenied
    if forwarding.status != Forwarding.Status.PENDING:
        raise ValidationError(_("这条报送已经处理过了。"))
    return forwarding


@transaction.atomic
def forwarding_accept(*, forwarding: Forwarding, by: User) -> Report:
    """The higher body takes the item into its own queue: a copy with the final text and
    the attachments (nobody re-types it); adoptions of the copy are credited back."""
    forwarding = _lock_forwarding(forwarding, by)
    original = Report.objects.select_related("origin").get(pk=forwarding.report_id)
    root = original.origin or original
    now = timezone.now()
    copy = Report(
        body_id=forwarding.to_body_id,
        year=timezone.localdate().year,
        kind=original.kind,
        status=S.SUBMITTED,
        organiser_committee_id=original.organiser_committee_id,
        organiser_sector_group_id=original.organiser_sector_group_id,
        created_by_id=original.created_by_id,
        title=original.final_title,
        situation=original.final_situation,
        analysis=original.final_analysis,
        suggestions=original.final_suggestions,
        topic=original.topic,
        origin=root,
        created_at=now,
        submitted_at=now,
    )
    copy.title_norm = text.normalise_title(copy.title)
    copy.text_norm = text.normalise_text(copy.situation, copy.suggestions)
    copy._history_user = by
    copy.save()
    # The copy starts in the queue; its log says where it came from.
    TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(copy),
        object_id=copy.pk,
        from_state="",
        to_state=S.SUBMITTED,
        actor=by,
        comment=_("接收%(b)s报送") % {"b": _body_name(original.body_id)},
    )
    for attachment in original.attachments.all():
        Attachment.objects.create(
            report=copy,
            file=attachment.file.name,
            name=attachment.name,
            content_type=attachment.content_type,
            size=attachment.size,
            uploaded_by=attachment.uploaded_by,
            uploaded_at=attachment.uploaded_at,
        )
    forwarding.status = Forwarding.Status.ACCEPTED
    forwarding.answered_by = by
    forwarding.answered_at = now
    forwarding.copy = copy
    forwarding._history_user = by
    forwarding.save(update_fields=["status", "answered_by", "answered_at", "copy"])
    notifications_close(target=forwarding, task=FORWARD_TASK)
    return copy


@transaction.atomic
def forwarding_decline(*, forwarding: Forwarding, answer: str, by: User) -> Forwarding:
    forwarding = _lock_forwarding(forwarding, by)
    if not answer.strip():
        raise ValidationError(_("请填写不接收的原因。"))
    forwarding.status = Forwarding.Status.DECLINED
    forwarding.answered_by = by
    forwarding.answered_at = timezone.now()
    forwarding.answer = answer.strip()
    forwarding._history_user = by
    forwarding.save(update_fields=["status", "answered_by", "answered_at", "answer"])
    notifications_close(target=forwarding, task=FORWARD_TASK)
    return forwarding
