"""The digital archive's items."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import User

from ..access import may_register
from ..files import check_file
from ..models import (
    ArchiveItem,
)
from .common import ITEM_FIELDS

# ---- the digital archive ----------------------------------------------------------------


def _check_item(item: ArchiveItem) -> None:
    if item.year_from and item.year_to and item.year_from > item.year_to:
        raise ValidationError(_("起始年份不能晚于截止年份。"))
    if item.manuscript_id and item.manuscript.body_id != item.body_id:
        raise ValidationError(_("请选择本级政协的稿件。"))


def _item_file(item: ArchiveItem, upload: UploadedFile | None) -> None:
    if upload is None:
        return
    checked = check_file(upload, media=True)
    # A replaced file stays in the storage: the item's history still names it.
    item.file_name, item.content_type = checked.name, checked.content_type
    item.size, item.sha256 = checked.size, checked.sha256
    item.file.save(checked.name, checked.upload, save=False)


@transaction.atomic
def item_create(
    *, body_id: int, data: dict[str, Any], upload: UploadedFile | None, by: User
) -> ArchiveItem:
    if by.body_id != body_id or not may_register(by):
        raise PermissionDenied
    item = ArchiveItem(body_id=body_id, created_by=by, **{f: data[f] for f in ITEM_FIELDS})
    _check_item(item)
    _item_file(item, upload)
    item.save()
    return item


@transaction.atomic
def item_update(
    *, item: ArchiveItem, data: dict[str, Any], upload: UploadedFile | None, by: User
) -> ArchiveItem:
    item = ArchiveItem.objects.select_for_update().get(pk=item.pk)
    if by.body_id != item.body_id or not may_register(by):
        raise PermissionDenied
    for f in ITEM_FIELDS:
        setattr(item, f, data[f])
    _check_item(item)
    _item_file(item, upload)
    item.save()
    return item
