"""Stored files, once for every module: the record of an uploaded file (`StoredFile`), the
random name it is stored under (`random_file_name`) and its removal once a deletion is
committed (`delete_file_on_commit`). Uploads are checked by portal.uploads before they get
here; downloads go out through portal.uploads.attachment_response.

A module's file record subclasses StoredFile and declares its own `file` field, whose
`upload_to` is a one-line function of the module calling random_file_name (migrations name
that function, so it stays where it is)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def random_file_name(folder: str, filename: str) -> str:
    """A random stored name under `folder/<year>/<month>/`, keeping only the extension: the
    uploader's file name is metadata, never a path."""
    ext = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"{folder}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{ext}"


def delete_file_on_commit(file: FieldFile) -> None:
    """Remove a deleted record's stored file once the deletion is committed (a rollback
    keeps both). Call it inside the transaction that deletes or replaces the record."""
    name, storage = file.name, file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


class StoredFile(models.Model):
    """What every module records of an uploaded file besides the file itself: the name the
    uploader gave it, its checked type and size, who uploaded it and when."""

    name = models.CharField(_("文件名"), max_length=150)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name
