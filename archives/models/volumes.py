"""The numbered volumes (辑) manuscripts are published in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.badges import StatusBadge

from .manuscripts import Manuscript


class Volume(StatusBadge, models.Model):
    """A numbered volume (辑) of a series (e.g. 《鄂尔多斯文史资料》第12辑), or a special
    volume (专辑), with its ordered table of contents (VolumeEntry)."""

    class Status(models.TextChoices):
        EDITING = "editing", _("编辑中")
        PUBLISHED = "published", _("已出版")

    BADGES = {Status.EDITING: "warning", Status.PUBLISHED: "success"}

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    series = models.CharField(_("丛书名"), max_length=100)
    number = models.PositiveIntegerField(_("辑号"))
    title = models.CharField(_("书名"), max_length=200)
    is_special = models.BooleanField(_("专辑"), default=False)
    editor_in_chief = models.CharField(_("主编"), max_length=100, blank=True)
    permit = models.CharField(_("准印证号/ISBN"), max_length=100, blank=True)
    published_on = models.DateField(_("出版日期"), null=True, blank=True)
    print_run = models.PositiveIntegerField(_("印数"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.EDITING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    published_at = models.DateTimeField(_("出版登记时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("文史资料辑")
        verbose_name_plural = _("文史资料辑")
        ordering = ["series", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "series", "number"], name="archives_volume_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"《{self.series}》第{self.number}辑 {self.title}"


class VolumeEntry(models.Model):
    """A manuscript in a volume, at its place in the table of contents."""

    volume = models.ForeignKey(
        Volume, verbose_name=_("文史资料辑"), on_delete=models.CASCADE, related_name="entries"
    )
    manuscript = models.OneToOneField(
        Manuscript, verbose_name=_("稿件"), on_delete=models.PROTECT, related_name="entry"
    )
    position = models.PositiveIntegerField(_("顺序"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("入选篇目")
        verbose_name_plural = _("入选篇目")
        ordering = ["volume", "position", "id"]

    def __str__(self) -> str:
        return f"{self.volume} · {self.position}. {self.manuscript}"
