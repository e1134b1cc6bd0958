"""A joint proposal's co-signers (联名) and their answers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.badges import StatusBadge

from .proposal import Proposal


class ProposalSigner(StatusBadge, models.Model):
    """A co-signer (联名人) of a joint proposal, or a co-proposer who came with a merged
    proposal (`merged_from`). Its `status` changes only through workflow.SIGNER."""

    class Status(models.TextChoices):
        INVITED = "invited", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        DECLINED = "declined", _("已谢绝")

    BADGES = {Status.INVITED: "warning", Status.CONFIRMED: "success", Status.DECLINED: "secondary"}

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="signers"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("联名委员"),
        on_delete=models.PROTECT,
        related_name="signed_proposals",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.INVITED
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    invited_at = models.DateTimeField(_("邀请时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    comment = models.CharField(_("说明"), max_length=200, blank=True)
    merged_from = models.ForeignKey(
        Proposal,
        verbose_name=_("随并案加入"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("联名人")
        verbose_name_plural = _("联名人")
        ordering = ["proposal", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="unique_proposal_signer")
        ]
        indexes = [models.Index(fields=["member", "status"])]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_status_display()}"
