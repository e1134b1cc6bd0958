"""Volumes (辑): creating, editing, adding and removing manuscripts, their order, publishing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User

from ..models import (
    Manuscript,
    Volume,
    VolumeEntry,
)
from ..workflow import MANUSCRIPT, VOLUME
from .common import VOLUME_FIELDS, S, _editor_only
from .manuscripts import _tell_author


@transaction.atomic
def volume_create(*, body_id: int, data: dict[str, Any], by: User) -> Volume:
    _editor_only(body_id, by)
    volume = Volume(body_id=body_id, created_by=by, **{f: data[f] for f in VOLUME_FIELDS})
    try:
        with transaction.atomic():
            volume.save()
    except IntegrityError:
        raise ValidationError(
            _("《%(s)s》第%(n)s辑已经存在。") % {"s": volume.series, "n": volume.number}
        ) from None
    return volume


@transaction.atomic
def volume_update(*, volume: Volume, data: dict[str, Any], by: User) -> Volume:
    volume = Volume.objects.select_for_update().get(pk=volume.pk)
    _editor_only(volume.body_id, by)
    for f in VOLUME_FIELDS:
        setattr(volume, f, data[f])
    try:
        with transaction.atomic():
            volume.save()
    except IntegrityError:
        raise ValidationError(
            _("《%(s)s》第%(n)s辑已经存在。") % {"s": volume.series, "n": volume.number}
        ) from None
    return volume


def _locked_volume(volume: Volume, by: User) -> Volume:
    volume = Volume.objects.select_for_update().get(pk=volume.pk)
    _editor_only(volume.body_id, by)
    if volume.status != Volume.Status.EDITING:
        raise ValidationError(_("已出版的辑不能再调整篇目。"))
    return volume


@transaction.atomic
def volume_add(*, volume: Volume, manuscript: Manuscript, by: User) -> VolumeEntry:
    """A manuscript whose proof is confirmed (待入选) enters the volume, at the end."""
    volume = _locked_volume(volume, by)
    m = Manuscript.objects.select_for_update().get(pk=manuscript.pk)
    if m.body_id != volume.body_id:
        raise ValidationError(_("只能选入本级政协的稿件。"))
    MANUSCRIPT.move(m, S.SELECTED, by=by, comment=str(volume))
    m.status_changed_at = timezone.now()
    m.save(update_fields=["status", "status_changed_at"])
    last = volume.entries.aggregate(p=Max("position"))["p"] or 0
    return VolumeEntry.objects.create(volume=volume, manuscript=m, position=last + 1)


@transaction.atomic
def volume_remove(*, entry: VolumeEntry, by: User) -> None:
    volume = _locked_volume(entry.volume, by)
    m = Manuscript.objects.select_for_update().get(pk=entry.manuscript_id)
    MANUSCRIPT.move(m, S.READY, by=by, comment=str(volume))
    m.status_changed_at = timezone.now()
    m.save(update_fields=["status", "status_changed_at"])
    entry.delete()
    _renumber(volume, list(volume.entries.values_list("pk", flat=True)))


def _renumber(volume: Volume, entry_ids: list[int]) -> None:
    entries = {e.pk: e for e in volume.entries.all()}
    for position, pk in enumerate(entry_ids, start=1):
        entry = entries[pk]
        if entry.position != position:
            entry.position = position
            entry.save(update_fields=["position"])


@transaction.atomic
def volume_reorder(*, volume: Volume, entry_ids: list[int], by: User) -> Volume:
    """The table of contents in the given order: every entry of the volume exactly once."""
    volume = _locked_volume(volume, by)
    current = set(volume.entries.values_list("pk", flat=True))
    if len(entry_ids) != len(set(entry_ids)) or set(entry_ids) != current:
        raise ValidationError(_("篇目顺序不完整或有重复，请刷新页面后重新排序。"))
    _renumber(volume, entry_ids)
    return volume


@transaction.atomic
def volume_publish(*, volume: Volume, by: User) -> Volume:
    """The volume is out: it and every manuscript in it are published (and enter the
    searchable archive)."""
    volume = Volume.objects.select_for_update().get(pk=volume.pk)
    _editor_only(volume.body_id, by)
    entries = list(volume.entries.select_related("manuscript__contributor__user"))
    if not entries:
        raise ValidationError(_("本辑还没有篇目，不能出版。"))
    if not volume.published_on:
        raise ValidationError(_("请先填写出版日期。"))
    VOLUME.move(volume, Volume.Status.PUBLISHED, by=by)
    now = timezone.now()
    volume.published_at = now
    volume.save(update_fields=["status", "published_at"])
    for entry in entries:
        m = Manuscript.objects.select_for_update().get(pk=entry.manuscript_id)
        MANUSCRIPT.move(m, S.PUBLISHED, by=by, comment=str(volume))
        m.status_changed_at = m.published_at = now
        m.save(update_fields=["status", "status_changed_at", "published_at"])
        entry.manuscript = m
        _tell_author(m, S.PUBLISHED, str(volume))
    return volume
