"""Plenary sessions (全体会议) and standing-committee meetings (常委会议) of a body, their
attendance and 大会发言: every published scheme starts from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
