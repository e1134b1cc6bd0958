"""What the 文史资料 records share: counting 字数, where stored files go, the kinds of file."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.files import random_file_name


def count_words(text: str) -> int:
    """字数 as editors count it: every character that is not white space."""
    return sum(1 for ch in text or "" if not ch.isspace())


def stored_path(instance: models.Model, filename: str) -> str:
    return random_file_name("archives", filename)


class FileKind(models.TextChoices):
    AUTHORISATION = "authorisation", _("授权书")
    CONSENT = "consent", _("口述人知情同意书")
    SCAN = "scan", _("扫描件")
    PHOTO = "photo", _("照片")
    AUDIO = "audio", _("音频")
    VIDEO = "video", _("视频")
    DOCUMENT = "document", _("文档")
