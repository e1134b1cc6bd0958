"""The office's reply categories (答复类别), with the defaults a new body gets."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReplyCategory(models.Model):
    """A category of a unit's reply (A 已解决或采纳 …). Data the office edits; every body
    starts with the three standard ones (proposals.signals, migration 0003)."""

    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("政协组织"),
        on_delete=models.CASCADE,
        related_name="reply_categories",
    )
    code = models.CharField(_("代码"), max_length=5)
    name = models.CharField(_("名称"), max_length=50)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("答复类别")
        verbose_name_plural = _("答复类别")
        ordering = ["body", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="unique_reply_category")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


DEFAULT_REPLY_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("A", "已解决或采纳"),
    ("B", "正在解决或列入计划"),
    ("C", "因条件限制留作参考"),
)
