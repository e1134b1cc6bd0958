"""协商 forms and the topics proposed for the year (选题建议)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ConsultationKind(models.Model):
    """A form of consultation (§6), as data: 全体会议期间协商, 专题协商会, 对口协商 …"""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    # 网络议政 and 远程协商 run as an online thread rather than (only) a meeting.
    is_online = models.BooleanField(_("网络议政"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商形式")
        verbose_name_plural = _("协商形式")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A topic proposed for next year's consultation plan (选题建议, §5). The proposer is a
    committee, a sector group, or a member; `proposer_name` names others (a party group, a
    banner/district CPPCC) in the office's words."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        ACCEPTED = "accepted", _("已采用")
        MERGED = "merged", _("已合并")
        DECLINED = "declined", _("未采用")

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("计划年度"))
    title = models.CharField(_("课题名称"), max_length=200)
    reason = models.TextField(_("选题理由"))
    kind = models.ForeignKey(
        ConsultationKind, verbose_name=_("建议协商形式"), on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("对口部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("提出专委会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_topics",
    )
    sector_group = models.ForeignKey(
        "organisation.SectorGroup",
        verbose_name=_("提出界别活动组"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("提出委员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposer_name = models.CharField(_("提出单位"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入课题"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_topics",
    )
    decision_reason = models.CharField(_("处理意见"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商选题")
        verbose_name_plural = _("协商选题")
        ordering = ["-year", "-created_at", "-id"]
        indexes = [models.Index(fields=["body", "year", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def proposer(self) -> str:
        if self.committee_id:
            return self.committee.name
        if self.sector_group_id:
            return self.sector_group.name
        if self.member_id:
            return str(_("%(name)s委员") % {"name": self.member.name})
        return self.proposer_name
