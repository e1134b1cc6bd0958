"""Annual scoring of members (SPEC §3.7, §3.8; source articles 11, 14, 19).

Rules are data: a `RuleSet` per body and year (草稿 → 已发布 → 已冻结) holds the base score,
the bonus cap, the grade thresholds and its `Rule`s; each rule picks records of one score
source (portal.registry.score_sources) by role and kind and gives points per record.

A `ScoringRun` is the body's scoring of one year under one published rule set
(计算 → 公示 → 冻结). It is made of `ScoreLine`s: the base score, one line per record that
earned or cost points, cap lines that bring a rule (or the whole bonus) back to its cap, and
the office's manual adjustments. A member's score is the sum of his lines (`MemberScore`
keeps that sum with the grade and rank). Lines copy the record's title, date and points, so a
frozen year never changes when rules or records change later.

Plenary sessions and standing-committee meetings (`BodyMeeting`, with attendance and
speeches) are recorded here too: every published scheme starts from them.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = [
    "BodyMeeting",
    "PerformanceReport",
    "Grade",
    "MeetingAttendance",
    "MemberScore",
    "Objection",
    "Rule",
    "RuleSet",
    "ScoreLine",
    "ScoringRun",
    "Speech",
]

POINTS = {"max_digits": 7, "decimal_places": 2}


class RuleSet(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        FROZEN = "frozen", _("已冻结")

    BADGES = {"draft": "secondary", "published": "primary", "frozen": "dark"}

    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("政协组织"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("为空表示预置的参考方案，各政协复制后使用"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("说明及依据"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    base_score = models.DecimalField(_("基础分"), default=Decimal(70), **POINTS)
    bonus_cap = models.DecimalField(
        _("加分上限"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("全部加分合计不超过此数；为空表示不设上限"),
        **POINTS,
    )
    excellent_min = models.DecimalField(_("优秀最低分"), default=Decimal(85), **POINTS)
    competent_min = models.DecimalField(_("称职最低分"), default=Decimal(60), **POINTS)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("复制自"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考评规则")
        verbose_name_plural = _("考评规则")
        ordering = ["-year", "-id"]
        constraints = [
            # One rule set in force per body and year.
            models.UniqueConstraint(
                fields=["body", "year"],
                condition=~Q(status="draft"),
                name="one_ruleset_in_force_per_year",
            ),
            models.CheckConstraint(
                condition=Q(excellent_min__gte=models.F("competent_min")),
                name="ruleset_grades_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    @property
    def badge(self) -> str:
        return self.BADGES.get(self.status, "secondary")

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def grade_for(self, total: Decimal) -> str:
        if total >= self.excellent_min:
            return Grade.EXCELLENT
        if total >= self.competent_min:
            return Grade.COMPETENT
        return Grade.INCOMPETENT


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    INCOMPETENT = "incompetent", _("不称职")


GRADE_BADGES = {"excellent": "success", "competent": "primary", "incompetent": "danger"}


class Rule(models.Model):
    """Points for each record of one score source whose role (and kind) matches."""

    class Kind(models.TextChoices):
        BONUS = "bonus", _("加分")
        DEDUCTION = "deduction", _("扣分")

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("规则集"), on_delete=models.CASCADE, related_name="rules"
    )
    indicator = models.CharField(_("指标"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.BONUS)
    source = models.CharField(
        _("记录来源"), max_length=50, help_text=_("portal.registry.score_sources 的键")
    )
    roles = models.JSONField(
        _("计入的身份"),
        default=list,
        blank=True,
        help_text=_("例如 first（第一提案人）、absent（缺席）"),
    )
    kinds = models.JSONField(
        _("限定类型"), default=list, blank=True, help_text=_("为空表示该来源的全部类型")
    )
    points = models.DecimalField(_("每条分值"), validators=[MinValueValidator(0)], **POINTS)
    co_points = models.DecimalField(
        _("联名人分值"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("身份为联名（co）的记录得此分；为空表示联名不计分"),
        **POINTS,
    )
    co_share = models.BooleanField(
        _("联名人平分"), default=False, help_text=_("勾选后同一记录的联名人平分“联名人分值”")
    )
    cap = models.DecimalField(
        _("年度上限"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("本指标一年内加（扣）分合计的上限；为空表示不设上限"),
        **POINTS,
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考评细则")
        verbose_name_plural = _("考评细则")
        ordering = ["rule_set", "order", "id"]

    def __str__(self) -> str:
        return self.indicator

    @property
    def sign(self) -> int:
        return -1 if self.kind == self.Kind.DEDUCTION else 1


class ScoringRun(models.Model):
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
    def badge(self) -> str:
        return self.BADGES.get(self.status, "secondary")

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


class Objection(models.Model):
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

    @property
    def badge(self) -> str:
        return self.BADGES.get(self.status, "secondary")


class BodyMeeting(models.Model):
    """A plenary session (全体会议) or standing-committee meeting (常委会议) of the body: the
    office records who attended, who was on leave (with the reason) and who was absent."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("全体会议")
        STANDING = "standing", _("常委会议")

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("会议类别"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("全会及常委会议")
        verbose_name_plural = _("全会及常委会议")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self) -> str:
        return self.title


class MeetingAttendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("出席")
        LEAVE = "leave", _("请假")
        ABSENT = "absent", _("缺席")

    meeting = models.ForeignKey(
        BodyMeeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("考勤"), max_length=20, choices=Status.choices)
    reason = models.CharField(_("请假事由"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("全会考勤")
        verbose_name_plural = _("全会考勤")
        ordering = ["meeting", "member__code"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="unique_meeting_member"),
            models.CheckConstraint(
                condition=~Q(status="leave") | ~Q(reason=""), name="meeting_leave_needs_reason"
            ),
        ]
        indexes = [models.Index(fields=["member", "meeting"])]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.member}"


class Speech(models.Model):
    """大会发言: an oral or written speech at a plenary session, with its text."""

    class Kind(models.TextChoices):
        ORAL = "oral", _("大会口头发言")
        WRITTEN = "written", _("书面发言")

    meeting = models.ForeignKey(
        BodyMeeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="speeches"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("发言委员"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("发言方式"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("题目"), max_length=200)
    text = models.TextField(_("发言内容"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("大会发言")
        verbose_name_plural = _("大会发言")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.title


class PerformanceReport(models.Model):
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
    def badge(self) -> str:
        return self.BADGES.get(self.status, "secondary")

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)
