"""A scoring run (计算 → 公示 → 冻结): members' scores, their explainable lines and
objections (see evaluation.models.rules for the whole design)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.badges import StatusBadge

from .rules import GRADE_BADGES, POINTS, Grade, Rule, RuleSet


class ScoringRun(StatusBadge, models.Model):
    """The scoring of a body's members for one year."""

    class Status(models.TextChoices):
        COMPUTED = "computed", _("已计算")
        PUBLIC = "public", _("公示中")
        FROZEN = "frozen", _("已冻结")

    BADGES = {"computed": "secondary", "public": "warning", "frozen": "dark"}

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("考评规则"), on_delete=models.PROTECT, related_name="runs"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.COMPUTED
    )
    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("计算人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    public_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    objection_deadline = models.DateTimeField(_("异议截止"), null=True, blank=True)
    frozen_at = models.DateTimeField(_("冻结时间"), null=True, blank=True)
    # What the last recomputation changed: [{"member_id", "name", "before", "after"}].
    changes = models.JSONField(_("重算变化"), default=list, blank=True)
    history = HistoricalRecords(excluded_fields=["changes"])

    class Meta:
        verbose_name = _("年度考评")
        verbose_name_plural = _("年度考评")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="one_scoring_run_per_year")
        ]

    def __str__(self) -> str:
        return _("%(year)s年度委员履职考评") % {"year": self.year}

    @property
    def objections_open(self) -> bool:
        return (
            self.status == self.Status.PUBLIC
            and self.objection_deadline is not None
            and timezone.now() <= self.objection_deadline
        )


class MemberScore(models.Model):
    """A member's total (the sum of his lines), grade and rank in one run."""

    run = models.ForeignKey(
        ScoringRun, verbose_name=_("年度考评"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="+"
    )
    total = models.DecimalField(_("总分"), **POINTS)
    grade = models.CharField(_("等次"), max_length=20, choices=Grade.choices)
    rank = models.PositiveIntegerField(_("名次"))

    class Meta:
        verbose_name = _("委员得分")
        verbose_name_plural = _("委员得分")
        ordering = ["run", "rank", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "member"], name="one_score_per_member_run")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.total}"

    @property
    def grade_badge(self) -> str:
        return GRADE_BADGES.get(self.grade, "secondary")


class ScoreLine(models.Model):
    """One explainable part of a member's score."""

    class Kind(models.TextChoices):
        BASE = "base", _("基础分")
        RECORD = "record", _("记录")
        CAP = "cap", _("超出上限")
        BONUS_CAP = "bonus_cap", _("加分超出总上限")
        ADJUSTMENT = "adjustment", _("人工调整")

    run = models.ForeignKey(
        ScoringRun, verbose_name=_("年度考评"), on_delete=models.CASCADE, related_name="lines"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    rule = models.ForeignKey(
        Rule,
        verbose_name=_("细则"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lines",
    )
    indicator = models.CharField(_("指标"), max_length=100, blank=True)
    source = models.CharField(_("记录来源"), max_length=50, blank=True)
    record_id = models.BigIntegerField(_("记录编号"), null=True, blank=True)
    role = models.CharField(_("身份"), max_length=30, blank=True)
    at = models.DateTimeField(_("时间"), null=True, blank=True)
    title = models.CharField(_("记录"), max_length=300, blank=True)
    points = models.DecimalField(_("分值"), **POINTS)
    reason = models.TextField(_("调整理由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("调整人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("得分明细")
        verbose_name_plural = _("得分明细")
        ordering = ["run", "member", "id"]
        indexes = [models.Index(fields=["run", "member"]), models.Index(fields=["run", "rule"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="adjustment") | ~Q(reason=""),
                name="adjustment_needs_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.points}"


class Objection(StatusBadge, models.Model):
    """A member's 异议 against his score (or one line of it) during the 公示."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        ADJUSTED = "adjusted", _("已调整")
        REJECTED = "rejected", _("维持原分")

    BADGES = {"open": "warning", "adjusted": "success", "rejected": "secondary"}

    run = models.ForeignKey(
        ScoringRun, verbose_name=_("年度考评"), on_delete=models.CASCADE, related_name="objections"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="+"
    )
    line = models.ForeignKey(
        ScoreLine,
        verbose_name=_("针对的明细"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("异议理由"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(_("处理意见"), blank=True)
    adjustment = models.ForeignKey(
        ScoreLine,
        verbose_name=_("调整明细"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考评异议")
        verbose_name_plural = _("考评异议")
        ordering = ["run", "filed_at", "id"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.reason[:20]}"
