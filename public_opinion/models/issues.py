"""Issues of 《社情民意》 and their entries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .reports import Report


class Issue(models.Model):
    """An issue of the bulletin 《社情民意》: year and number, signer, recipients and its
    ordered items; published as a PDF (the file is kept as it was published)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("编辑中")
        PUBLISHED = "published", _("已印发")

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveSmallIntegerField(_("期号"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    signer = models.CharField(_("签发人"), max_length=50)
    recipients = models.CharField(_("报送范围"), max_length=300)
    to_members = models.BooleanField(
        _("发委员"), default=True, help_text=_("勾选后，本期印发后全体委员可以阅读。")
    )
    note = models.CharField(_("编者按"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编辑人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    published_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="public_opinion/issues/", blank=True, max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("《社情民意》期刊")
        verbose_name_plural = _("《社情民意》期刊")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "number"], name="unique_issue_number")
        ]

    def __str__(self) -> str:
        return _("《社情民意》%(year)s年第%(number)s期") % {
            "year": self.year,
            "number": self.number,
        }

    @property
    def name(self) -> str:
        return str(self)


class IssueEntry(models.Model):
    """An item in an issue, in its place."""

    issue = models.ForeignKey(
        Issue, verbose_name=_("期刊"), on_delete=models.CASCADE, related_name="entries"
    )
    report = models.ForeignKey(
        Report, verbose_name=_("社情民意信息"), on_delete=models.PROTECT, related_name="entries"
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("期刊篇目")
        verbose_name_plural = _("期刊篇目")
        ordering = ["issue", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "report"], name="unique_issue_entry")
        ]

    def __str__(self) -> str:
        return f"{self.issue} · {self.report}"
