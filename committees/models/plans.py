"""Plans (SPEC §3.1; source §4, §5, §12, §13): a committee's annual work plan, its annual
summary and the culture & history committee's 文史资料 plans, approved by the vice-chair
in charge; and the office's plans for the year, assembled across committees."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models.approval import Approval
from committees.models.types import ActivityType
from portal.badges import StatusBadge


class WorkPlan(StatusBadge, Approval):
    """A plan or summary of one committee for one year (or, for the 文史资料 collection
    plan, for one term: `year` is then the term's first year)."""

    class Kind(models.TextChoices):
        ANNUAL_PLAN = "annual_plan", _("年度工作计划")
        ANNUAL_SUMMARY = "annual_summary", _("年度工作总结")
        ARCHIVES_TERM_PLAN = "archives_term_plan", _("文史资料征集届内规划")
        ARCHIVES_ANNUAL_PLAN = "archives_annual_plan", _("文史资料年度工作计划")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审批")
        APPROVED = "approved", _("已批准")
        RETURNED = "returned", _("已退回")

    BADGES = {Status.APPROVED: "success", Status.SUBMITTED: "warning", Status.RETURNED: "danger"}

    # §4: only the culture & history committee writes the 文史资料 plans.
    ARCHIVES_KINDS = (Kind.ARCHIVES_TERM_PLAN, Kind.ARCHIVES_ANNUAL_PLAN)
    # Kinds whose body is a list of items (a summary is prose).
    ITEM_KINDS = (Kind.ANNUAL_PLAN, Kind.ARCHIVES_TERM_PLAN, Kind.ARCHIVES_ANNUAL_PLAN)
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("专门委员会"),
        on_delete=models.CASCADE,
        related_name="work_plans",
    )
    term = models.ForeignKey(
        "organisation.Term", verbose_name=_("届次"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(
        _("正文"), blank=True, help_text=_("计划的总体说明，或年度总结的全文。")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("工作计划与总结")
        verbose_name_plural = _("工作计划与总结")
        ordering = ["-year", "committee__order", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "kind", "year"], name="unique_work_plan_per_year"
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def has_items(self) -> bool:
        return self.kind in self.ITEM_KINDS


class PlanItem(models.Model):
    """One line of a plan: what, when, about what, who leads, with which sector groups."""

    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="items"
    )
    activity_type = models.CharField(_("活动类型"), max_length=40, choices=ActivityType.choices)
    month = models.PositiveSmallIntegerField(
        _("计划月份"), null=True, blank=True, help_text=_("留空表示全年")
    )
    topic = models.CharField(_("主题"), max_length=200)
    lead = models.CharField(_("牵头负责人"), max_length=100)
    sector_groups = models.ManyToManyField(
        "organisation.SectorGroup",
        verbose_name=_("参与界别活动组"),
        blank=True,
        related_name="plan_items",
    )
    is_key_consultation = models.BooleanField(
        _("重点协商课题"), default=False, help_text=_("第5条：每个专委会每年精选1—2个重点课题。")
    )
    is_key_information = models.BooleanField(
        _("重点信息课题"),
        default=False,
        help_text=_("第11条：每个专委会每年确定1—2个重点信息课题。"),
    )
    note = models.TextField(_("说明"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords(m2m_fields=[sector_groups])

    class Meta:
        verbose_name = _("计划事项")
        verbose_name_plural = _("计划事项")
        ordering = ["plan", "order", "month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="plan_item_month_1_12",
            )
        ]

    def __str__(self) -> str:
        return self.topic


class OfficePlan(StatusBadge, models.Model):
    """The office's plan of one kind for one year (§13). Its content is assembled from
    the committees' plan items and planned activities of the kinds it covers; approving
    it records the decision after the clash report has been read."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("年度协商计划")
        INSPECTION = "inspection", _("视察考察计划")
        SECTOR_ACTIVITY = "sector_activity", _("界别活动计划")

    class Status(models.TextChoices):
        DRAFT = "draft", _("编制中")
        APPROVED = "approved", _("已批准")

    BADGES = {Status.APPROVED: "success"}

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    note = models.TextField(_("说明"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度计划（办公室）")
        verbose_name_plural = _("年度计划（办公室）")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "kind"], name="unique_office_plan")
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_kind_display()}"
