"""履职报告表 (Q23, source article 14)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.badges import StatusBadge


class PerformanceReport(StatusBadge, models.Model):
    """履职报告表 (Q23, source article 14): the member's annual report, pre-filled from his
    履职档案 (`facts`, a copy of the counts when he submitted it); he adds what the portal
    cannot know. Standing members also give their annual 履职报告 and 述职: the date and the
    comments of the party-member standing members, recorded by the staff who confirm it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        RETURNED = "returned", _("已退回")
        CONFIRMED = "confirmed", _("已确认")

    BADGES = {"draft": "secondary", "submitted": "primary", "returned": "danger",
              "confirmed": "success"}  # fmt: skip

    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    facts = models.JSONField(_("档案统计"), default=list, blank=True)
    summary = models.TextField(_("履职情况自述"), blank=True)
    other_work = models.TextField(
        _("其他履职情况"),
        blank=True,
        help_text=_("平台没有记录的履职，例如在其他场合的建言、社会服务"),
    )
    standing_report = models.TextField(_("常委年度履职报告"), blank=True)
    account_date = models.DateField(_("述职日期"), null=True, blank=True)
    party_comments = models.TextField(_("党员常委评议意见"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("履职报告表")
        verbose_name_plural = _("履职报告表")
        ordering = ["-year", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="one_report_per_member_year")
        ]

    def __str__(self) -> str:
        return _("%(year)s年度履职报告表") % {"year": self.year}

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)
