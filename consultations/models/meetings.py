"""Each consultation with its research (无调研不协商, §7) and reports, participants, attendance
and speeches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .plans import PlanItem
from .topics import ConsultationKind


class Consultation(models.Model):
    """One consultation carried out: its research first (无调研不协商), then the meeting,
    prepared (notice, materials, invited members and officials, speakers), scheduled and
    held, then its outcome."""

    class Status(models.TextChoices):
        RESEARCHING = "researching", _("调研中")
        SCHEDULED = "scheduled", _("已安排会议")
        HELD = "held", _("已召开")
        CANCELLED = "cancelled", _("已取消")

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    plan_item = models.OneToOneField(
        PlanItem,
        verbose_name=_("计划事项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation",
    )
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("牵头专委会"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    title = models.CharField(_("协商课题"), max_length=200)
    kind = models.ForeignKey(ConsultationKind, verbose_name=_("协商形式"), on_delete=models.PROTECT)
    is_key = models.BooleanField(_("重点协商课题"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.RESEARCHING
    )
    starts_at = models.DateTimeField(_("会议时间"), null=True, blank=True)
    place = models.CharField(_("会议地点"), max_length=200, blank=True)
    notice = models.TextField(_("会议通知"), blank=True)
    materials = models.TextField(_("会议材料"), blank=True)
    held_at = models.DateTimeField(_("召开时间"), null=True, blank=True)
    follow_up = models.BooleanField(
        _("需跟踪协商"), default=False, help_text=_("§9：问题解决不理想、建议落实不到位的")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商活动")
        verbose_name_plural = _("协商活动")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["body", "status", "held_at"]),
            models.Index(fields=["committee", "status"]),
        ]

    def __str__(self) -> str:
        return self.title


class Research(models.Model):
    """A research activity of a consultation (专题调研 / 视察考察, §7)."""

    class Kind(models.TextChoices):
        RESEARCH = "research", _("专题调研")
        INSPECTION = "inspection", _("视察考察")

    class Status(models.TextChoices):
        PLANNED = "planned", _("计划中")
        HELD = "held", _("已开展")
        CANCELLED = "cancelled", _("已取消")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("协商活动"), on_delete=models.CASCADE, related_name="research"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("调研内容"), max_length=200)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    starts_on = models.DateField(_("日期"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    summary = models.TextField(_("调研情况"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("调研活动")
        verbose_name_plural = _("调研活动")
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return self.title


class ResearchReport(models.Model):
    """The research report (调研报告) of a consultation: drafted by the committee's staff,
    approved by the vice-chair in charge (the committees' plan approval pattern)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("报分管副主席审核")
        RETURNED = "returned", _("退回修改")
        APPROVED = "approved", _("已审定")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("协商活动"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"))
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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("调研报告")
        verbose_name_plural = _("调研报告")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """Someone invited to the consultation meeting: a member, or an official / expert by
    name (一会一议、人事匹配, §8), with attendance as in committee work."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("委员")
        OFFICIAL = "official", _("部门负责同志")
        EXPERT = "expert", _("专家学者")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("未登记")
        PRESENT = "present", _("出席")
        LEAVE = "leave", _("请假")
        ABSENT = "absent", _("缺席")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("协商活动"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("委员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_seats",
    )
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("职务"), max_length=100, blank=True)
    attendance = models.CharField(
        _("出席情况"), max_length=10, choices=Attendance.choices, default="", blank=True
    )
    leave_reason = models.CharField(_("请假事由"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("参加人员")
        verbose_name_plural = _("参加人员")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "member"],
                condition=Q(member__isnull=False),
                name="one_seat_per_member_per_consultation",
            ),
            models.CheckConstraint(
                condition=(Q(kind="member") & Q(member__isnull=False))
                | (~Q(kind="member") & Q(member__isnull=True) & ~Q(name="")),
                name="participant_is_member_or_named",
            ),
            models.CheckConstraint(
                condition=~Q(attendance="leave") | ~Q(leave_reason=""),
                name="consultation_leave_needs_reason",
            ),
        ]
        indexes = [models.Index(fields=["member", "consultation"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.member.name if self.member_id else self.name


class Speech(models.Model):
    """A speech at the consultation meeting (会议发言), by a participant."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("协商活动"), on_delete=models.CASCADE, related_name="speeches"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("发言人"), on_delete=models.PROTECT, related_name="speeches"
    )
    title = models.CharField(_("发言题目"), max_length=200)
    summary = models.TextField(_("发言要点"), blank=True)
    order = models.PositiveSmallIntegerField(_("发言顺序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会议发言")
        verbose_name_plural = _("会议发言")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title
