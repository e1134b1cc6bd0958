"""Approval by the vice-chair in charge of the committee (§12), once for everything that
needs it: a work plan or summary and a major activity record who sent it for approval and
when, who decided and when. committees.services.plans.approval_submit/approval_decide write
these fields through the methods below; the workflow tables ask `submitted_by_user` so that
nobody decides on what he submitted himself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from portal.models import User


class Approval(models.Model):
    """Abstract: the approval fields and their writes. A subclass may relabel
    `submitted_by`/`submitted_at` (an activity is 报批, a plan 报送) by declaring them again."""

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        abstract = True

    def record_submission(self, by: User) -> list[str]:
        """Sent (again) for approval by `by` now; an earlier decision no longer stands.
        Returns the fields to save."""
        self.submitted_by, self.submitted_at = by, timezone.now()
        self.decided_by = self.decided_at = None
        return ["submitted_by", "submitted_at", "decided_by", "decided_at"]

    def record_decision(self, by: User) -> list[str]:
        """Decided by `by` now. Returns the fields to save."""
        self.decided_by, self.decided_at = by, timezone.now()
        return ["decided_by", "decided_at"]

    def submitted_by_user(self, user: User) -> bool:
        return self.submitted_by_id == user.pk
