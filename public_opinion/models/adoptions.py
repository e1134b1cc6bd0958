"""Adoptions of 社情民意 and the leaders' 批示."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .reference import AdoptionLevel
from .reports import Report


class Adoption(models.Model):
    """An adoption of an item at one level (市政协编发 … 全国政协综合采用), with its date and
    outlet. Recorded on a higher body's copy, it is credited to the original's authors."""

    report = models.ForeignKey(
        Report, verbose_name=_("社情民意信息"), on_delete=models.CASCADE, related_name="adoptions"
    )
    level = models.ForeignKey(
        AdoptionLevel, verbose_name=_("采用层级"), on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(_("采用日期"))
    outlet = models.CharField(_("刊物/载体"), max_length=200, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("采用记录")
        verbose_name_plural = _("采用记录")
        ordering = ["adopted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "level", "adopted_on"], name="unique_report_adoption"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.level}"


class Instruction(models.Model):
    """A leader's instruction (批示) on an item."""

    class Level(models.TextChoices):
        CITY = "city", _("市级")
        REGION = "region", _("自治区级")
        CENTRAL = "central", _("中央")

    report = models.ForeignKey(
        Report,
        verbose_name=_("社情民意信息"),
        on_delete=models.CASCADE,
        related_name="instructions",
    )
    leader = models.CharField(_("批示领导"), max_length=100)
    level = models.CharField(_("批示层级"), max_length=10, choices=Level.choices)
    instructed_on = models.DateField(_("批示日期"))
    text = models.TextField(_("批示内容"))
    department = models.CharField(_("转交部门"), max_length=200, blank=True)
    result = models.TextField(_("落实情况"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["instructed_on", "id"]

    def __str__(self) -> str:
        return f"{self.leader} · {self.report}"
