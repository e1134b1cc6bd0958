"""通知公告: announcements and meeting notices from the office (or a committee's staff, for
their committee) to members, with read receipts and, when asked, a reply slip (回执:
attend, or leave with a reason, plus fields the publisher defines) by a deadline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.badges import StatusBadge
from portal.files import StoredFile, random_file_name


class Notice(StatusBadge, models.Model):
    """One notice. Its `status` changes only through notices.workflow.NOTICE; its
    recipients are fixed when it is published (a Receipt each)."""

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("通知公告")
        MEETING = "meeting", _("会议通知")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        CLOSED = "closed", _("已结束")
        WITHDRAWN = "withdrawn", _("已撤回")

    BADGES = {
        Status.DRAFT: "secondary",
        Status.PUBLISHED: "success",
        Status.CLOSED: "dark",
        Status.WITHDRAWN: "danger",
    }

    class Audience(models.TextChoices):
        ALL = "all", _("全体委员")
        COMMITTEES = "committees", _("专委会委员")
        SECTOR_GROUPS = "sector_groups", _("界别活动组委员")
        MEMBERS = "members", _("指定委员")

    # What recipients can open (a withdrawn notice shows only that it was withdrawn).
    VISIBLE = (Status.PUBLISHED, Status.CLOSED)

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    # The committee that publishes it (its staff manage it); empty: the office.
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("发布专委会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    # Sanitised HTML (notices.html): the service cleans it on save, templates again on output.
    content = models.TextField(_("正文"))
    meeting_starts_at = models.DateTimeField(_("会议时间"), null=True, blank=True)
    meeting_place = models.CharField(_("会议地点"), max_length=200, blank=True)
    audience = models.CharField(_("发送范围"), max_length=20, choices=Audience.choices)
    committees = models.ManyToManyField(
        "organisation.Committee", verbose_name=_("专委会"), blank=True, related_name="+"
    )
    sector_groups = models.ManyToManyField(
        "organisation.SectorGroup", verbose_name=_("界别活动组"), blank=True, related_name="+"
    )
    members = models.ManyToManyField(
        "members.Member", verbose_name=_("指定委员"), blank=True, related_name="+"
    )
    wants_reply = models.BooleanField(_("需要回执"), default=False)
    reply_deadline = models.DateTimeField(_("回执截止时间"), null=True, blank=True)
    # The publisher's own questions: [{"label": "是否用餐", "choices": ["是", "否"],
    # "required": true}, ...]; no choices means free text (notices.forms.parse_fields).
    reply_fields = models.JSONField(_("回执附加项"), default=list, blank=True)
    remind_hours = models.PositiveSmallIntegerField(
        _("截止前提醒（小时）"),
        default=24,
        help_text=_("截止前这么多小时，提醒尚未回执的委员；0 表示不提醒。"),
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
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤回原因"), max_length=300, blank=True)
    # `version` is kept in the history too (the change-history page skips it): excluding a
    # field makes simple-history re-read the row for every many-to-many change.
    history = HistoricalRecords(m2m_fields=[committees, sector_groups, members])

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        ordering = ["-published_at", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(wants_reply=False) | Q(reply_deadline__isnull=False),
                name="notice_reply_has_deadline",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "status", "published_at"]),
            models.Index(fields=["status", "reply_deadline"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def publisher(self) -> str:
        return self.committee.name if self.committee_id else str(_("政协办公室"))

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def reply_open(self, now=None) -> bool:
        """Members may still answer: published, asking for a reply, before the deadline."""
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.wants_reply
            and self.reply_deadline is not None
            and now <= self.reply_deadline
        )


class Receipt(models.Model):
    """One recipient of a published notice: when he read it and his reply slip (回执)."""

    class Response(models.TextChoices):
        PENDING = "", _("未回执")
        ATTEND = "attend", _("参加")
        LEAVE = "leave", _("请假")

    notice = models.ForeignKey(
        Notice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="receipts"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("委员"),
        on_delete=models.PROTECT,
        related_name="notice_receipts",
    )
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    response = models.CharField(
        _("回执"), max_length=10, choices=Response.choices, default="", blank=True
    )
    leave_reason = models.CharField(_("请假事由"), max_length=200, blank=True)
    answers = models.JSONField(_("附加项回答"), default=dict, blank=True)
    answered_at = models.DateTimeField(_("回执时间"), null=True, blank=True)
    # The member himself, or the publisher who recorded an answer given by phone.
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("通知回执")
        verbose_name_plural = _("通知回执")
        ordering = ["notice", "member__code"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "member"], name="one_receipt_per_member"),
            models.CheckConstraint(
                condition=~Q(response="leave") | ~Q(leave_reason=""),
                name="notice_leave_needs_reason",
            ),
        ]
        indexes = [models.Index(fields=["member", "notice"])]

    def __str__(self) -> str:
        return f"{self.notice} · {self.member}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


def attachment_path(instance: NoticeAttachment, filename: str) -> str:
    return random_file_name("notices", filename)


class NoticeAttachment(StoredFile):
    """A file of a notice (agenda, form, map). Served only to those who may open the
    notice, as a download (portal.uploads)."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("通知附件")
        verbose_name_plural = _("通知附件")
        ordering = ["uploaded_at", "id"]
