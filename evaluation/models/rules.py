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

from portal.badges import StatusBadge

POINTS = {"max_digits": 7, "decimal_places": 2}


class Target(models.TextChoices):
    MEMBER = "member", _("委员")
    COMMITTEE = "committee", _("专委会")


class RuleSet(StatusBadge, models.Model):
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
    target = models.CharField(
        _("考评对象"),
        max_length=20,
        choices=Target.choices,
        default=Target.MEMBER,
        help_text=_("委员规则计算委员得分；专委会规则计算各专委会的年度考评（§19）"),
    )
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
            # One rule set in force per body, year and target.
            models.UniqueConstraint(
                fields=["body", "year", "target"],
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
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def for_committees(self) -> bool:
        return self.target == Target.COMMITTEE

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
