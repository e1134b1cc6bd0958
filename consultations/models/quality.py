"""The quality review of consultations: indicators and scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .meetings import Consultation


class QualityIndicator(models.Model):
    """An indicator of the consultation quality evaluation (§9: 建立协商议政质量评价机制),
    as data: the office changes names and weights in /admin/."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("指标"), max_length=50)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(_("权重"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商质量评价指标")
        verbose_name_plural = _("协商质量评价指标")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class QualityScore(models.Model):
    """The office's score (0–100) of a closed consultation on one indicator."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("协商活动"),
        on_delete=models.CASCADE,
        related_name="quality_scores",
    )
    indicator = models.ForeignKey(
        QualityIndicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("得分"))
    comment = models.CharField(_("评语"), max_length=200, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评价人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scored_at = models.DateTimeField(_("评价时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商质量评分")
        verbose_name_plural = _("协商质量评分")
        ordering = ["indicator__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "indicator"], name="one_score_per_indicator"
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="quality_score_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.score}"
