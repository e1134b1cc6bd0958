"""The committees' annual evaluation (§19: 专委会工作绩效考评), awards and annual summaries.

A `CommitteeRun` scores every committee of a body for a year under the year's published
rule set whose target is 专委会 (evaluation.models.rules.RuleSet.target): the rules pick
records of the committee score sources (portal.registry.committee_score_sources — the
modules register what a committee did: activities, research reports, collective proposals,
社情民意, consultations; evaluation adds the quota board's results, copied into
`CommitteeQuotaResult` when the run is computed). Like the members' run, a committee's
score is the plain sum of its `CommitteeScoreLine`s, each naming its rule and record, and a
frozen run never changes.

An `Award` is the office's decision naming an 优秀专委会 or 优秀委员 of a year, with the
decision's text, date and document number. A `CommitteeSummary` is a committee's
年度工作总结: pre-filled from its records, written by its staff, submitted to the office.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.badges import StatusBadge

from .rules import POINTS, RuleSet


class CommitteeRun(StatusBadge, models.Model):
    """The evaluation of a body's committees for one year (计算 → 冻结)."""

    class Status(models.TextChoices):
        COMPUTED = "computed", _("已计算")
        FROZEN = "frozen", _("已冻结")

    BADGES = {"computed": "secondary", "frozen": "dark"}

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("考评规则"), on_delete=models.PROTECT, related_name="committee_runs"
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
    frozen_at = models.DateTimeField(_("冻结时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专委会年度考评")
        verbose_name_plural = _("专委会年度考评")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="one_committee_run_per_year")
        ]

    def __str__(self) -> str:
        return _("%(year)s年度专委会工作考评") % {"year": self.year}


class CommitteeScore(models.Model):
    """A committee's total (the sum of its lines) and rank (ties share a rank)."""

    run = models.ForeignKey(
        CommitteeRun, verbose_name=_("年度考评"), on_delete=models.CASCADE, related_name="scores"
    )
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("专委会"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    total = models.DecimalField(_("总分"), **POINTS)
    rank = models.PositiveIntegerField(_("名次"))

    class Meta:
        verbose_name = _("专委会得分")
        verbose_name_plural = _("专委会得分")
        ordering = ["run", "rank", "committee_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "committee"], name="one_score_per_committee_run")
        ]

    def __str__(self) -> str:
        return f"{self.committee_id}: {self.total}"


class CommitteeScoreLine(models.Model):
    """One explainable part of a committee's score; copies the record's title and date."""

    class Kind(models.TextChoices):
        BASE = "base", _("基础分")
        RECORD = "record", _("记录")
        CAP = "cap", _("超出上限")
        BONUS_CAP = "bonus_cap", _("加分超出总上限")

    run = models.ForeignKey(
        CommitteeRun, verbose_name=_("年度考评"), on_delete=models.CASCADE, related_name="lines"
    )
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("专委会"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    rule = models.ForeignKey(
        "evaluation.Rule",
        verbose_name=_("细则"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_lines",
    )
    indicator = models.CharField(_("指标"), max_length=100, blank=True)
    source = models.CharField(_("记录来源"), max_length=50, blank=True)
    record_id = models.BigIntegerField(_("记录编号"), null=True, blank=True)
    role = models.CharField(_("身份"), max_length=30, blank=True)
    at = models.DateTimeField(_("时间"), null=True, blank=True)
    title = models.CharField(_("记录"), max_length=300, blank=True)
    points = models.DecimalField(_("分值"), **POINTS)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)

    class Meta:
        verbose_name = _("专委会得分明细")
        verbose_name_plural = _("专委会得分明细")
        ordering = ["run", "committee", "id"]
        indexes = [models.Index(fields=["run", "committee"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.points}"


class CommitteeQuotaResult(models.Model):
    """A committee quota's result on the board for the run's year, copied when the run is
    computed (the committee score source `quotas` reads these rows)."""

    run = models.ForeignKey(
        CommitteeRun,
        verbose_name=_("年度考评"),
        on_delete=models.CASCADE,
        related_name="quota_results",
    )
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("专委会"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    quota_code = models.CharField(_("指标编号"), max_length=20)
    title = models.CharField(_("指标"), max_length=200)
    period = models.CharField(_("周期"), max_length=40)
    value = models.IntegerField(_("完成值"))
    target = models.IntegerField(_("目标值"))
    light = models.CharField(_("完成情况"), max_length=20)
    at = models.DateTimeField(_("统计时间"))

    class Meta:
        verbose_name = _("专委会指标完成情况")
        verbose_name_plural = _("专委会指标完成情况")
        ordering = ["run", "committee", "quota_code"]
        indexes = [models.Index(fields=["run", "committee"])]

    def __str__(self) -> str:
        return f"{self.quota_code} {self.value}/{self.target}"


class Award(models.Model):
    """评优表彰 (§19): the office records the decision naming an excellent committee or an
    excellent member of a year. 撤销 deletes it; its history stays."""

    class Kind(models.TextChoices):
        EXCELLENT_COMMITTEE = "excellent_committee", _("优秀专委会")
        EXCELLENT_MEMBER = "excellent_member", _("优秀委员")

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("奖项"), max_length=30, choices=Kind.choices)
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("专委会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("委员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.TextField(_("表彰决定"))
    decided_on = models.DateField(_("决定日期"))
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评优表彰")
        verbose_name_plural = _("评优表彰")
        ordering = ["-year", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="excellent_committee", committee__isnull=False, member__isnull=True)
                    | Q(kind="excellent_member", member__isnull=False, committee__isnull=True)
                ),
                name="award_names_its_winner",
            ),
            models.UniqueConstraint(
                fields=["year", "kind", "committee"],
                condition=Q(committee__isnull=False),
                name="one_committee_award_per_year",
            ),
            models.UniqueConstraint(
                fields=["year", "kind", "member"],
                condition=Q(member__isnull=False),
                name="one_member_award_per_year",
            ),
        ]

    def __str__(self) -> str:
        winner = self.committee if self.committee_id else self.member
        return f"{self.year} {self.get_kind_display()} {winner}"


class CommitteeSummary(StatusBadge, models.Model):
    """A committee's 年度工作总结: `facts` are the records of its year as the draft was
    pre-filled (refreshed until it is submitted); its staff write the text and submit it;
    the office confirms it or returns it with a reason."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        RETURNED = "returned", _("已退回")
        CONFIRMED = "confirmed", _("已确认")

    BADGES = {"draft": "secondary", "submitted": "primary", "returned": "danger",
              "confirmed": "success"}  # fmt: skip

    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("专委会"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    facts = models.JSONField(_("记录汇总"), default=dict, blank=True)
    overview = models.TextField(_("工作概述"), blank=True)
    achievements = models.TextField(_("主要成效"), blank=True)
    problems = models.TextField(_("存在的问题"), blank=True)
    next_year = models.TextField(_("下一年度工作打算"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    history = HistoricalRecords(excluded_fields=["facts"])

    class Meta:
        verbose_name = _("专委会年度工作总结")
        verbose_name_plural = _("专委会年度工作总结")
        ordering = ["-year", "committee_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"], name="one_summary_per_committee_year"
            )
        ]

    def __str__(self) -> str:
        return _("%(year)s年度工作总结") % {"year": self.year}

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)
