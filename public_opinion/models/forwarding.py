"""社情民意 forwarded to a higher body."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .reports import Report


class Forwarding(models.Model):
    """An item sent up (报送) to a higher body. Its editors accept it into their own
    queue (a copy of the item in their body, `copy`) or decline it; they see nothing of
    the lower body but what was forwarded to them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待接收")
        ACCEPTED = "accepted", _("已接收")
        DECLINED = "declined", _("未接收")

    report = models.ForeignKey(
        Report, verbose_name=_("社情民意信息"), on_delete=models.CASCADE, related_name="forwardings"
    )
    to_body = models.ForeignKey(
        "organisation.Body", verbose_name=_("报送至"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    note = models.CharField(_("报送说明"), max_length=300, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("报送时间"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    answer = models.CharField(_("接收意见"), max_length=300, blank=True)
    copy = models.OneToOneField(
        Report,
        verbose_name=_("上级政协的信息"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_from",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("信息报送")
        verbose_name_plural = _("信息报送")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "to_body"], name="unique_forwarding")
        ]
        indexes = [models.Index(fields=["to_body", "status"])]

    def __str__(self) -> str:
        return f"{self.report} → {self.to_body}"
