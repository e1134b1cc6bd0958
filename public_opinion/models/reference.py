"""A body's reference lists for 社情民意: key topics, rejection reasons, adoption levels (with
the defaults a new body gets)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class NamedByTitle:
    """Gives historical rows a `name`, which the office's 变更记录 page shows."""

    @property
    def name(self) -> str:
        return f"{self.number} {self.title}" if self.number else f"{self.title}（未编号）"


class KeyTopic(models.Model):
    """A committee's key information topic of a year (重点信息课题, article 11: 1–2 a year),
    which items are tagged with."""

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("专委会"),
        on_delete=models.CASCADE,
        related_name="information_topics",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("课题名称"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("重点信息课题")
        verbose_name_plural = _("重点信息课题")
        ordering = ["-year", "committee", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "title"], name="unique_information_topic"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class RejectionReason(models.Model):
    """A standard reason for 不予采用. Data the office edits; every body starts with the
    defaults (public_opinion.signals, migration 0002)."""

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("理由"), max_length=100)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("不予采用理由")
        verbose_name_plural = _("不予采用理由")
        ordering = ["body", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="unique_rejection_reason")
        ]

    def __str__(self) -> str:
        return self.name


DEFAULT_REJECTION_REASONS: tuple[str, ...] = (
    "反映的问题已有政策或正在解决",
    "内容与已报送信息重复",
    "情况不具体、分析不深入",
    "建议缺乏针对性和可操作性",
    "涉及个人或本单位具体诉求",
    "不符合一事一报要求",
    "时效性已过",
)


class AdoptionLevel(models.Model):
    """A level at which an item is adopted (市政协编发 … 全国政协采用). Data: the office
    names them and sets their order (`rank`, higher is higher up); `code` ties a level to
    the scoring rules (issue 15) and stays when the name changes."""

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    code = models.SlugField(_("代码"), max_length=30)
    name = models.CharField(_("名称"), max_length=50)
    rank = models.PositiveSmallIntegerField(_("层级"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("采用层级")
        verbose_name_plural = _("采用层级")
        ordering = ["body", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="unique_adoption_level")
        ]

    def __str__(self) -> str:
        return self.name


DEFAULT_ADOPTION_LEVELS: tuple[tuple[str, str], ...] = (
    ("city_bulletin", "市政协编发"),
    ("city_party_gov", "市委、市政府采用"),
    ("region", "自治区政协采用"),
    ("national_single", "全国政协单篇采用"),
    ("national_combined", "全国政协综合采用"),
)
