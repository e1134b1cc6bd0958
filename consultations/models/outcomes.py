"""The outcome (协商成果) of a consultation with its leaders' instructions (批示) and numbered
recommendations answered by departments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.badges import StatusBadge

from .meetings import Consultation


class Outcome(models.Model):
    """The outcome of a consultation (协商成果): reviewed by the vice-chair in charge
    (审核), signed off by the chair (签发), sent to the party committee / government, and
    closed when every recommendation has its feedback."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("协商专报")
        PROPOSAL = "proposal", _("建议案")
        REPORT = "report", _("调研报告")
        MINUTES = "minutes", _("纪要")

    class Status(models.TextChoices):
        DRAFT = "draft", _("起草中")
        REVIEWING = "reviewing", _("报分管副主席审核")
        RETURNED = "returned", _("退回修改")
        SIGNING = "signing", _("报主席签发")
        SENT = "sent", _("已报送")
        CLOSED = "closed", _("反馈完毕")

    consultation = models.OneToOneField(
        Consultation, verbose_name=_("协商活动"), on_delete=models.CASCADE, related_name="outcome"
    )
    kind = models.CharField(_("成果形式"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    number = models.CharField(_("编号"), max_length=60, blank=True)
    text = models.TextField(_("正文"))
    sent_to = models.CharField(_("报送对象"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商成果")
        verbose_name_plural = _("协商成果")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class Instruction(models.Model):
    """A leader's instruction on an outcome (领导批示)."""

    class Level(models.TextChoices):
        PARTY_MAIN = "party_main", _("市委主要领导")
        GOV_MAIN = "gov_main", _("市政府主要领导")
        PARTY = "party", _("市委其他领导")
        GOV = "gov", _("市政府分管领导")
        REGION = "region", _("自治区领导")

    outcome = models.ForeignKey(
        Outcome, verbose_name=_("协商成果"), on_delete=models.CASCADE, related_name="instructions"
    )
    leader = models.CharField(_("批示领导"), max_length=60)
    level = models.CharField(_("领导层级"), max_length=20, choices=Level.choices)
    on = models.DateField(_("批示日期"))
    text = models.TextField(_("批示内容"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.leader} · {self.on}"


class Recommendation(StatusBadge, models.Model):
    """One numbered recommendation of an outcome, addressed to a department with a feedback
    deadline; the department (or staff for it) answers how it was adopted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待反馈")
        ADOPTED = "adopted", _("采纳")
        PARTLY = "partly", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("未采纳")
        IN_PROGRESS = "in_progress", _("落实中")
        IMPLEMENTED = "implemented", _("已落实")

    # Any answer but "not adopted" shows green.
    BADGES = {Status.PENDING: "warning", Status.NOT_ADOPTED: "secondary"}
    BADGE_DEFAULT = "success"

    ANSWERED = (
        Status.ADOPTED,
        Status.PARTLY,
        Status.NOT_ADOPTED,
        Status.IN_PROGRESS,
        Status.IMPLEMENTED,
    )

    outcome = models.ForeignKey(
        Outcome,
        verbose_name=_("协商成果"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("建议内容"))
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("责任部门"),
        on_delete=models.PROTECT,
        related_name="consultation_recommendations",
    )
    deadline = models.DateField(_("反馈期限"))
    status = models.CharField(
        _("采纳情况"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    answer = models.TextField(_("反馈意见"), blank=True)
    answered_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("反馈人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商建议")
        verbose_name_plural = _("协商建议")
        ordering = ["outcome", "number"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "number"], name="one_recommendation_number")
        ]
        indexes = [models.Index(fields=["department", "status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"

    @property
    def answered(self) -> bool:
        return self.status != self.Status.PENDING
