"""Online deliberation threads (网络议政, §9) and their posts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.files import random_file_name

from .meetings import Consultation


class Thread(models.Model):
    """An online deliberation (网络议政, §9): a topic open for a period to eligible members,
    who post opinions; staff moderate and, when it closes, write a summary."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    class Audience(models.TextChoices):
        ALL = "all", _("全体委员")
        COMMITTEE = "committee", _("本专委会及所联系界别委员")

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("组织专委会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_threads",
    )
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("协商活动"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
    )
    title = models.CharField(_("议题"), max_length=200)
    description = models.TextField(_("说明"))
    audience = models.CharField(_("参与范围"), max_length=20, choices=Audience.choices)
    closes_at = models.DateTimeField(_("截止时间"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    summary = models.TextField(_("议政综述"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("网络议政")
        verbose_name_plural = _("网络议政")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="committee") | Q(committee__isnull=False),
                name="thread_committee_audience_has_committee",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def accepts_posts(self, now=None) -> bool:
        return self.status == self.Status.OPEN and (now or timezone.now()) < self.closes_at


def post_file_path(instance: Post, filename: str) -> str:
    return random_file_name("consultations", filename)


class Post(models.Model):
    """A member's opinion in a thread. Moderation hides it with a reason (the history keeps
    both the text and the decision)."""

    class Status(models.TextChoices):
        VISIBLE = "visible", _("显示")
        HIDDEN = "hidden", _("已屏蔽")

    thread = models.ForeignKey(
        Thread, verbose_name=_("网络议政"), on_delete=models.CASCADE, related_name="posts"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("委员"),
        on_delete=models.PROTECT,
        related_name="consultation_posts",
    )
    text = models.TextField(_("意见建议"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.VISIBLE
    )
    hidden_reason = models.CharField(_("屏蔽原因"), max_length=200, blank=True)
    # One attachment (photo, PDF …), checked by content and stored under a random name.
    file = models.FileField(_("附件"), upload_to=post_file_path, max_length=200, blank=True)
    file_name = models.CharField(_("附件名"), max_length=150, blank=True)
    file_type = models.CharField(_("附件类型"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("发表时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("议政发言")
        verbose_name_plural = _("议政发言")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["thread", "created_at"]),
            models.Index(fields=["member", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.text[:30]
