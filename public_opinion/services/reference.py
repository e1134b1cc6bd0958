"""A body's reference lists for 社情民意: default rejection reasons and adoption levels, key
topics."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisation.models import Body, Committee
from portal.models import User

from .. import access
from ..models import (
    DEFAULT_ADOPTION_LEVELS,
    DEFAULT_REJECTION_REASONS,
    AdoptionLevel,
    KeyTopic,
    RejectionReason,
)
from .common import _check_data_editor

# ---- data of a body ------------------------------------------------------------------------


def defaults_create(*, body: Body, using: str = "default") -> None:
    """The standard rejection reasons and adoption levels of a new body (the office edits
    them afterwards), in the database the body was saved to."""
    RejectionReason.objects.using(using).bulk_create(
        [
            RejectionReason(body=body, name=name, order=i)
            for i, name in enumerate(DEFAULT_REJECTION_REASONS)
        ],
        ignore_conflicts=True,
    )
    AdoptionLevel.objects.using(using).bulk_create(
        [
            AdoptionLevel(body=body, code=code, name=name, rank=(i + 1) * 10)
            for i, (code, name) in enumerate(DEFAULT_ADOPTION_LEVELS)
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def key_topic_create(*, committee: Committee, year: int, title: str, by: User) -> KeyTopic:
    """A committee's key information topic (article 11: 1–2 a year)."""
    powers = access.powers_of(by)
    if committee.body_id != by.body_id or not (
        powers.office or committee.pk in powers.staff_committee_ids
    ):
        raise PermissionDenied
    title = title.strip()
    if not title:
        raise ValidationError(_("请填写课题名称。"))
    if KeyTopic.objects.filter(committee=committee, year=year).count() >= 2:
        raise ValidationError(_("每个专委会每年确定1—2个重点信息课题，本年度已有2个。"))
    if KeyTopic.objects.filter(committee=committee, year=year, title=title).exists():
        raise ValidationError(_("该课题已登记。"))
    topic = KeyTopic(
        body_id=committee.body_id, committee=committee, year=year, title=title, created_by=by
    )
    topic._history_user = by
    topic.save()
    return topic


@transaction.atomic
def rejection_reason_save(
    *, body_id: int, pk: int | None, name: str, order: int, is_active: bool, by: User
) -> RejectionReason:
    """Add a standard reason for 不予采用, or rename, reorder, retire one (items keep it)."""
    _check_data_editor(body_id, by)
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写理由。"))
    reason = (
        RejectionReason.objects.select_for_update().get(pk=pk, body_id=body_id)
        if pk
        else RejectionReason(body_id=body_id)
    )
    if RejectionReason.objects.filter(body_id=body_id, name=name).exclude(pk=reason.pk).exists():
        raise ValidationError(_("已有同名的理由。"))
    reason.name, reason.order, reason.is_active = name, order, is_active
    reason._history_user = by
    reason.save()
    return reason


@transaction.atomic
def adoption_level_save(
    *, body_id: int, pk: int | None, code: str, name: str, rank: int, is_active: bool, by: User
) -> AdoptionLevel:
    """Add a level, or rename it, change its order or retire it. The code of an existing
    level does not change (scoring rules refer to it)."""
    _check_data_editor(body_id, by)
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写名称。"))
    if pk:
        level = AdoptionLevel.objects.select_for_update().get(pk=pk, body_id=body_id)
    else:
        code = code.strip()
        if not code:
            raise ValidationError(_("请填写代码（英文字母、数字、下划线）。"))
        if AdoptionLevel.objects.filter(body_id=body_id, code=code).exists():
            raise ValidationError(_("已有该代码的采用层级。"))
        level = AdoptionLevel(body_id=body_id, code=code)
    level.name, level.rank, level.is_active = name, rank, is_active
    level._history_user = by
    level.save()
    return level
