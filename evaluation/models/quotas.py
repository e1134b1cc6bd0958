"""Quotas (SPEC §3.9): what the source document asks every committee, sector group, member
and the body to do each year, half-year or term, as data rows the office can edit.

The rows with no body are the defaults seeded from the source document (migration 0002);
when an office edits a quota, its body gets its own copy, so one body's choices never
change another's. Progress is computed from the records (evaluation.selectors); the
reminders at 50/75/90 % of a period are Notifications with dedupe keys (evaluation.tasks).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.files import random_file_name


class Quota(models.Model):
    class Scope(models.TextChoices):
        COMMITTEE = "committee", _("各专委会")
        SECTOR_GROUP = "sector_group", _("各界别活动组")
        MEMBER = "member", _("每位委员")
        BODY = "body", _("本级政协")
        PROPOSALS_COMMITTEE = "proposals_committee", _("提案委员会")
        CULTURE_COMMITTEE = "culture_committee", _("文化文史和学习委员会")

    class Period(models.TextChoices):
        YEAR = "year", _("每年")
        HALF_YEAR = "half_year", _("每半年")
        TERM = "term", _("每届")

    class Metric(models.TextChoices):
        ACTIVITIES = "activities", _("举办活动次数")
        ACTIVITY_TYPES = "activity_types", _("所列活动类型均已举办")
        ACTIVITIES_WITH_OUTPUTS = "activities_with_outputs", _("有成果的活动次数")
        VISIT_COVERAGE = "visit_coverage", _("走访看望委员覆盖率")
        SECTOR_COVERAGE = "sector_coverage", _("界别覆盖率")
        ATTENDANCE_COVERAGE = "attendance_coverage", _("在任委员参加覆盖率")
        KEY_CONSULTATION_TOPICS = "key_consultation_topics", _("重点协商课题数")
        KEY_INFORMATION_TOPICS = "key_information_topics", _("重点信息课题数")
        PLAN_APPROVED = "plan_approved", _("计划已获批准")
        COLLECTIVE_PROPOSALS = "collective_proposals", _("集体提案件数")
        SOCIAL_OPINION_REPORTS = "social_opinion_reports", _("社情民意信息篇数")
        PERFORMANCE_REPORTS = "performance_reports", _("履职报告表")
        EVIDENCE = "evidence", _("办公室登记的完成记录")
        MEMBER_ATTENDANCE = "member_attendance", _("委员出席活动次数")
        OFFICE_PLAN_APPROVED = "office_plan_approved", _("办公室年度计划已批准")
        CONSULTATION_TOPIC_PROPOSALS = "consultation_topic_proposals", _("协商选题建议件数")

    # Metrics whose value is a percentage (target 100 = everyone / every sector).
    PERCENT_METRICS = (
        Metric.VISIT_COVERAGE,
        Metric.SECTOR_COVERAGE,
        Metric.ATTENDANCE_COVERAGE,
    )

    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("政协组织"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quotas",
        help_text=_("为空表示按原文设置的默认指标"),
    )
    code = models.CharField(_("编号"), max_length=10)
    article = models.PositiveSmallIntegerField(_("依据条款"))
    title = models.CharField(_("名称"), max_length=100)
    requirement = models.TextField(_("原文要求"))
    scope = models.CharField(_("统计对象"), max_length=30, choices=Scope.choices)
    period = models.CharField(_("周期"), max_length=20, choices=Period.choices)
    metric = models.CharField(_("统计口径"), max_length=40, choices=Metric.choices)
    activity_types = models.JSONField(
        _("计入的活动类型"), default=list, blank=True, help_text=_("活动类型代码列表")
    )
    plan_kind = models.CharField(
        _("计入的计划类型"),
        max_length=30,
        blank=True,
        help_text=_("专委会计划或办公室年度计划的类型代码"),
    )
    target = models.PositiveIntegerField(
        _("目标值"), help_text=_("次数或件数；覆盖率类指标填百分比（100 表示全覆盖）")
    )
    target_max = models.PositiveIntegerField(
        _("上限"), null=True, blank=True, help_text=_("原文为“1—2个”等区间时的上限")
    )
    reminder_points = models.JSONField(
        _("提醒节点（%）"),
        default=list,
        blank=True,
        help_text=_("周期过去该百分比仍未完成时提醒，例如 [50, 75, 90]"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.TextField(_("备注"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作指标")
        verbose_name_plural = _("工作指标")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(body__isnull=True), name="unique_default_quota"
            ),
            models.UniqueConstraint(
                fields=["body", "code"],
                condition=Q(body__isnull=False),
                name="unique_body_quota",
            ),
            models.CheckConstraint(condition=Q(target__gte=1), name="quota_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_percent(self) -> bool:
        return self.metric in self.PERCENT_METRICS


def evidence_upload_to(instance: "QuotaEvidence", filename: str) -> str:
    return random_file_name("evidence", filename)


class QuotaEvidence(models.Model):
    """A body-level deliverable with no other record in the portal, recorded by the
    office as done: e.g. Q22, the year's 《政协委员履职导引》 (§2), with its date and file."""

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    quota_code = models.CharField(_("指标编号"), max_length=10)
    date = models.DateField(_("完成日期"))
    title = models.CharField(_("名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to=evidence_upload_to, blank=True, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标完成记录")
        verbose_name_plural = _("指标完成记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["body", "quota_code", "date"])]

    def __str__(self) -> str:
        return self.title
