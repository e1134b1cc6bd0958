"""Collection plans (征集规划/计划) and their calls for manuscripts (征稿启事)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.badges import StatusBadge


class CollectionPlan(StatusBadge, models.Model):
    """A term plan or an annual plan of collection (征集规划/计划) of a culture & history
    committee, with its themes and targets; once approved it may be published as a call
    for manuscripts (征稿启事) open until `closes_on`."""

    class Kind(models.TextChoices):
        TERM = "term", _("届内征集规划")
        ANNUAL = "annual", _("年度征集计划")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审批")
        RETURNED = "returned", _("已退回")
        APPROVED = "approved", _("已批准")
        OPEN = "open", _("征稿中")
        CLOSED = "closed", _("征稿结束")

    BADGES = {
        Status.DRAFT: "secondary",
        Status.SUBMITTED: "warning",
        Status.RETURNED: "danger",
        Status.APPROVED: "info",
        Status.OPEN: "success",
        Status.CLOSED: "dark",
    }

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("专委会"),
        on_delete=models.PROTECT,
        related_name="archive_plans",
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("征集重点与说明"), blank=True)
    # One theme per line (征集主题); manuscripts pick one of them.
    themes = models.TextField(_("征集主题"), help_text=_("每行一个主题。"))
    target_articles = models.PositiveIntegerField(_("目标稿件数（篇）"), default=0)
    target_words = models.PositiveIntegerField(_("目标字数"), default=0)
    target_oral_histories = models.PositiveIntegerField(_("目标口述史（篇）"), default=0)
    call_text = models.TextField(_("征稿启事"), blank=True)
    closes_on = models.DateField(_("截稿日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    opened_at = models.DateTimeField(_("发布征稿时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("文史资料征集计划")
        verbose_name_plural = _("文史资料征集计划")
        ordering = ["-year", "-created_at", "-id"]
        indexes = [models.Index(fields=["body", "status", "closes_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def theme_list(self) -> list[str]:
        return [line.strip() for line in self.themes.splitlines() if line.strip()]

    @property
    def accepting(self) -> bool:
        return self.status == self.Status.OPEN and self.closes_on >= timezone.localdate()
