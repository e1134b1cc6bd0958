"""Handling (办理): assignments to units with their deadlines, the communication with the
proposer (沟通协商, §10), co-units' opinions, replies, and the proposers' evaluations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Assignment(models.Model):
    """A proposal given to one unit for one handling round (SAPL's routing row: origin,
    destination, status, deadline). Its `status` changes only through
    workflow.ASSIGNMENT. Actors (assigned_by, recorded_by, …) are empty only on records
    imported from paper."""

    class Role(models.TextChoices):
        LEAD = "lead", _("主办")
        CO = "co", _("协办")
        SEPARATE = "separate", _("分办")

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("待签收")
        HANDLING = "handling", _("办理中")
        RETURNED = "returned", _("已退回")
        REPLIED = "replied", _("已答复")
        OPINION_SENT = "opinion_sent", _("已送协办意见")
        CANCELLED = "cancelled", _("已撤销")

    # The unit still owes something.
    ACTIVE_STATES = (Status.ASSIGNED, Status.HANDLING)
    # The unit keeps seeing the proposal.
    VISIBLE_STATES = (Status.ASSIGNED, Status.HANDLING, Status.REPLIED, Status.OPINION_SENT)
    # Roles that answer the proposer (a co-unit answers the lead unit).
    ANSWERING_ROLES = (Role.LEAD, Role.SEPARATE)

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("提案"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        related_name="proposal_assignments",
    )
    role = models.CharField(_("办理方式"), max_length=20, choices=Role.choices)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.ASSIGNED
    )
    assigned_at = models.DateTimeField(_("交办时间"), default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Calendar days in Asia/Shanghai; `original_deadline` stays when it is extended.
    deadline = models.DateField(_("办理期限"))
    original_deadline = models.DateField(_("原定期限"))
    extension_reason = models.CharField(_("延期理由"), max_length=300, blank=True)
    accepted_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    opinion = models.TextField(_("协办意见"), blank=True)
    opinion_at = models.DateTimeField(_("协办意见时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["proposal", "round", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "department", "round"],
                condition=~Q(status__in=["returned", "cancelled"]),
                name="one_live_assignment_per_unit_and_round",
            ),
            models.CheckConstraint(
                name="assignment_deadline_not_shortened",
                condition=Q(deadline__gte=models.F("original_deadline")),
            ),
        ]
        indexes = [
            models.Index(fields=["department", "status"]),
            models.Index(fields=["status", "deadline"]),
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.get_role_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATES

    @property
    def answers_proposer(self) -> bool:
        return self.role in self.ANSWERING_ROLES

    @property
    def assigned_on(self):
        return timezone.localdate(self.assigned_at)


class Communication(models.Model):
    """沟通协商: the unit's contact with the proposer, a required step before its reply
    (§10). The proposer confirms it, or says he was not contacted."""

    class Way(models.TextChoices):
        MEETING = "meeting", _("面谈")
        PHONE = "phone", _("电话")
        FORUM = "forum", _("座谈")
        WRITTEN = "written", _("书面")

    class Answer(models.TextChoices):
        PENDING = "pending", _("待提案者确认")
        CONFIRMED = "confirmed", _("提案者已确认")
        DISPUTED = "disputed", _("反映未沟通")

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("提案"),
        on_delete=models.CASCADE,
        related_name="communications",
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("交办"),
        on_delete=models.CASCADE,
        related_name="communications",
    )
    contacted_on = models.DateField(_("沟通日期"))
    way = models.CharField(_("沟通方式"), max_length=20, choices=Way.choices)
    summary = models.TextField(_("沟通情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    answer = models.CharField(
        _("提案者确认"), max_length=20, choices=Answer.choices, default=Answer.PENDING
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    answer_note = models.CharField(_("提案者说明"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("沟通协商")
        verbose_name_plural = _("沟通协商")
        ordering = ["contacted_on", "id"]
        indexes = [
            # The proposer's to-do count on every page: the few communications still
            # waiting for an answer, not a scan of all of them (issue 12).
            models.Index(
                fields=["proposal"],
                condition=models.Q(answer="pending"),
                name="proposals_comm_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment.department} · {self.contacted_on} · {self.get_way_display()}"


class Reply(models.Model):
    """The formal reply of a lead (or separate) unit in one round."""

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("提案"),
        on_delete=models.CASCADE,
        related_name="replies",
    )
    assignment = models.OneToOneField(
        Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="reply"
    )
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    category = models.ForeignKey(
        "proposals.ReplyCategory",
        verbose_name=_("答复类别"),
        on_delete=models.PROTECT,
        related_name="replies",
    )
    text = models.TextField(_("答复内容"))
    replied_at = models.DateTimeField(_("答复时间"), default=timezone.now)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["proposal", "round", "replied_at"]

    def __str__(self) -> str:
        return f"{self.assignment.department} · {self.category}"


class Evaluation(models.Model):
    """A proposer's rating of the replies of one round. The lead proposer's rating moves
    the proposal (is_lead); co-proposers add theirs."""

    class Result(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASICALLY = "basically", _("基本满意")
        DISSATISFIED = "dissatisfied", _("不满意")

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("提案"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评价人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_lead = models.BooleanField(_("第一提案人评价"), default=False)
    result = models.CharField(_("评价"), max_length=20, choices=Result.choices)
    comment = models.TextField(_("评价意见"), blank=True)
    created_at = models.DateTimeField(_("评价时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("办理评价")
        verbose_name_plural = _("办理评价")
        ordering = ["proposal", "round", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "round", "evaluator"], name="one_evaluation_per_round"
            ),
            models.UniqueConstraint(
                fields=["proposal", "round"],
                condition=Q(is_lead=True),
                name="one_lead_evaluation_per_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} · {self.get_result_display()}"
