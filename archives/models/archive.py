"""The digital archive: digitised scans, audio, video, museum exhibits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .common import stored_path
from .manuscripts import Manuscript


class ArchiveItem(models.Model):
    """A record of the digital archive: a digitised scan, photo, recording, film or
    document, or an exhibit of the history museum (文史馆), with its metadata."""

    class Kind(models.TextChoices):
        SCAN = "scan", _("扫描件")
        PHOTO = "photo", _("照片")
        AUDIO = "audio", _("音频")
        VIDEO = "video", _("视频")
        DOCUMENT = "document", _("文档")
        OBJECT = "object", _("实物")

    class Acquisition(models.TextChoices):
        NONE = "", _("—")
        OWN = "own", _("馆藏")
        DONATION = "donation", _("捐赠")
        LOAN = "loan", _("借展")

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("题名"), max_length=200)
    creator = models.CharField(_("责任者"), max_length=200, blank=True)
    period = models.CharField(_("时期"), max_length=100, blank=True)
    year_from = models.PositiveSmallIntegerField(_("起始年份"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("截止年份"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    persons = models.CharField(_("人物"), max_length=300, blank=True)
    keywords = models.CharField(_("关键词"), max_length=300, blank=True)
    description = models.TextField(_("内容描述/全文"), blank=True)
    rights = models.CharField(_("权利说明"), max_length=200, blank=True)
    provenance = models.CharField(_("来源"), max_length=200, blank=True)
    restricted = models.BooleanField(
        _("限制阅览"), default=False, help_text=_("限制阅览的条目只有文史编审可以看到。")
    )
    manuscript = models.ForeignKey(
        Manuscript,
        verbose_name=_("相关稿件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="archive_items",
    )
    file = models.FileField(_("文件"), upload_to=stored_path, max_length=200, blank=True)
    file_name = models.CharField(_("文件名"), max_length=150, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("大小"), null=True, blank=True)
    sha256 = models.CharField(_("校验值（SHA-256）"), max_length=64, blank=True)
    # The history museum (文史馆)
    exhibit_location = models.CharField(_("展陈位置"), max_length=200, blank=True)
    acquisition = models.CharField(
        _("入藏方式"), max_length=10, choices=Acquisition.choices, default="", blank=True
    )
    lender = models.CharField(_("捐赠/出借方"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("著录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("著录时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("数字档案")
        verbose_name_plural = _("数字档案")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["body", "kind", "year_from"]),
            # The archive's list, newest first: read in order, 30 rows, not sorted.
            models.Index(fields=["body", "-created_at", "-id"], name="archive_item_body_created"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def playable(self) -> bool:
        return self.content_type.startswith(("audio/", "video/"))
