"""The annual consultation plan (年度协商计划), its comments and items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .topics import ConsultationKind, Topic


class Plan(models.Model):
    """The year's consultation plan (年度协商计划, §5): compiled by the office, commented by
    the committees, reviewed by the chair meeting (主席会议审议), approved by the party
    committee (报市委审定) and issued (印发); each step keeps its date and document number."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("编制中")
        SUBMITTED = "submitted", _("报主席会议审议")
        RETURNED = "returned", _("退回修改")
        REVIEWED = "reviewed", _("主席会议已审议")
        APPROVED = "approved", _("市委已审定")
        ISSUED = "issued", _("已印发")

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    reviewed_on = models.DateField(_("主席会议审议日期"), null=True, blank=True)
    reviewed_doc = models.CharField(_("主席会议纪要号"), max_length=60, blank=True)
    approved_on = models.DateField(_("市委审定日期"), null=True, blank=True)
    approved_doc = models.CharField(_("市委审定文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    issued_doc = models.CharField(_("印发文号"), max_length=60, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度协商计划")
        verbose_name_plural = _("年度协商计划")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="one_consultation_plan_a_year")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class PlanComment(models.Model):
    """A committee's comment on the compiled draft plan (§5: 对办公室综合征集的协商选题提出意见)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("协商计划"), on_delete=models.CASCADE, related_name="comments"
    )
    committee = models.ForeignKey(
        "organisation.Committee", verbose_name=_("专委会"), on_delete=models.PROTECT
    )
    text = models.TextField(_("意见"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填写人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("计划意见")
        verbose_name_plural = _("计划意见")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.committee} · {self.plan}"


class PlanItem(models.Model):
    """One consultation of the plan: its form, lead and co-committees, the government
    leader and departments invited, the month, and whether it is the lead committee's key
    topic (重点协商课题, §5: 1–2 a year)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("协商计划"), on_delete=models.CASCADE, related_name="items"
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("来源选题"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
    )
    title = models.CharField(_("协商课题"), max_length=200)
    kind = models.ForeignKey(ConsultationKind, verbose_name=_("协商形式"), on_delete=models.PROTECT)
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("牵头专委会"),
        on_delete=models.PROTECT,
        related_name="consultation_plan_items",
    )
    co_committees = models.ManyToManyField(
        "organisation.Committee", verbose_name=_("协办专委会"), blank=True, related_name="+"
    )
    leader = models.CharField(_("邀请政府领导"), max_length=100, blank=True)
    departments = models.ManyToManyField(
        "organisation.Department", verbose_name=_("邀请部门"), blank=True, related_name="+"
    )
    month = models.PositiveSmallIntegerField(_("计划月份"))
    is_key = models.BooleanField(_("重点协商课题"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords(m2m_fields=[co_committees, departments])

    class Meta:
        verbose_name = _("协商计划事项")
        verbose_name_plural = _("协商计划事项")
        ordering = ["plan", "month", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="consultation_item_month"
            )
        ]

    def __str__(self) -> str:
        return self.title
