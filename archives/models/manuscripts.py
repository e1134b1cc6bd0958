"""Manuscripts and oral histories (口述史): every version of their text, their reviews, their
files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.badges import StatusBadge
from portal.files import StoredFile

from .common import FileKind, stored_path
from .plans import CollectionPlan


class Manuscript(StatusBadge, models.Model):
    """A manuscript (稿件) or an oral history (口述史): by a member, or by an outside author
    registered by the committee's staff or an editor. `text` is the current text; every
    text ever saved is a ManuscriptVersion (the original is version 1, never changed)."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("文稿")
        ORAL_HISTORY = "oral_history", _("口述史")

    class Witness(models.TextChoices):
        """三亲: what the author lived through, saw, or heard from those who did."""

        LIVED = "lived", _("亲历")
        SAW = "saw", _("亲见")
        HEARD = "heard", _("亲闻")

    class Source(models.TextChoices):
        WRITTEN = "written", _("作者撰稿")
        ORAL = "oral", _("口述整理")
        ARCHIVE = "archive", _("档案摘编")
        PHOTOS = "photos", _("图片资料")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        REGISTERED = "registered", _("已登记")
        FIRST_REVIEW = "first_review", _("初审")
        RETURNED = "returned", _("退修")
        EDITING = "editing", _("编辑加工")
        SECOND_REVIEW = "second_review", _("复审")
        FINAL_REVIEW = "final_review", _("终审")
        PROOFING = "proofing", _("校样确认")
        READY = "ready", _("待入选")
        SELECTED = "selected", _("已入选")
        PUBLISHED = "published", _("已出版")
        KEPT = "kept", _("存稿")
        REJECTED = "rejected", _("不予采用")

    BADGES = {
        Status.DRAFT: "secondary",
        Status.REGISTERED: "info",
        Status.FIRST_REVIEW: "warning",
        Status.RETURNED: "danger",
        Status.EDITING: "primary",
        Status.SECOND_REVIEW: "warning",
        Status.FINAL_REVIEW: "warning",
        Status.PROOFING: "primary",
        Status.READY: "info",
        Status.SELECTED: "success",
        Status.PUBLISHED: "success",
        Status.KEPT: "dark",
        Status.REJECTED: "dark",
    }
    # Waiting for an editor's decision (the editors' queue).
    QUEUE = (
        Status.REGISTERED,
        Status.FIRST_REVIEW,
        Status.EDITING,
        Status.SECOND_REVIEW,
        Status.FINAL_REVIEW,
        Status.PROOFING,
    )
    # The author may change the text; the editors may in the editorial states.
    AUTHOR_EDITS = (Status.DRAFT, Status.RETURNED)
    EDITOR_EDITS = QUEUE

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    plan = models.ForeignKey(
        CollectionPlan,
        verbose_name=_("征集计划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="manuscripts",
    )
    theme = models.CharField(_("主题"), max_length=100, blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    title = models.CharField(_("标题"), max_length=200)
    # A member who contributed it (his 履职 record counts it), or nobody: an outside author.
    contributor = models.ForeignKey(
        "members.Member",
        verbose_name=_("撰稿委员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_manuscripts",
    )
    author_name = models.CharField(_("作者"), max_length=100)
    author_contact = models.CharField(_("作者联系方式"), max_length=200, blank=True)
    witness = models.CharField(_("三亲类型"), max_length=10, choices=Witness.choices)
    period = models.CharField(_("反映时期"), max_length=100, blank=True)
    place = models.CharField(_("涉及地点"), max_length=200, blank=True)
    # Not `source`: the change-history page annotates its rows with that name.
    origin = models.CharField(
        _("来源"), max_length=10, choices=Source.choices, default=Source.WRITTEN
    )
    text = models.TextField(_("正文"))
    word_count = models.PositiveIntegerField(_("字数"), default=0, editable=False)
    restricted = models.BooleanField(
        _("限制阅览"), default=False, help_text=_("限制阅览的稿件只有文史编审可以看到。")
    )
    # Oral history (口述史)
    interviewee = models.CharField(_("口述人"), max_length=100, blank=True)
    interviewers = models.CharField(_("采访人"), max_length=200, blank=True)
    interview_date = models.DateField(_("采访日期"), null=True, blank=True)
    interview_place = models.CharField(_("采访地点"), max_length=200, blank=True)
    duration_minutes = models.PositiveIntegerField(_("时长（分钟）"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    status_changed_at = models.DateTimeField(_("状态变更时间"), default=timezone.now)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("出版时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        verbose_name = _("文史稿件")
        verbose_name_plural = _("文史稿件")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="oral_history") | ~Q(interviewee=""),
                name="archives_oral_history_has_interviewee",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "status", "status_changed_at"]),
            models.Index(fields=["contributor", "status"]),
            models.Index(fields=["plan", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_oral_history(self) -> bool:
        return self.kind == self.Kind.ORAL_HISTORY


class ManuscriptVersion(models.Model):
    """One saved text of a manuscript; never changed or deleted (nothing is lost)."""

    manuscript = models.ForeignKey(
        Manuscript, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"))
    word_count = models.PositiveIntegerField(_("字数"))
    note = models.CharField(_("修改说明"), max_length=300, blank=True)
    status = models.CharField(_("当时状态"), max_length=20, choices=Manuscript.Status.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("保存时间"), default=timezone.now)

    class Meta:
        verbose_name = _("稿件版本")
        verbose_name_plural = _("稿件版本")
        ordering = ["manuscript", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["manuscript", "number"], name="archives_one_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.manuscript} · v{self.number}"


class Review(models.Model):
    """An editor's decision at a review step (初审/复审/终审) with his comments."""

    class Stage(models.TextChoices):
        FIRST = "first", _("初审")
        SECOND = "second", _("复审")
        FINAL = "final", _("终审")

    class Decision(models.TextChoices):
        PASS = "pass", _("通过")
        RETURN = "return", _("退修")
        BACK = "back", _("退回编辑加工")
        KEEP = "keep", _("存稿")
        REJECT = "reject", _("不予采用")

    manuscript = models.ForeignKey(
        Manuscript, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="reviews"
    )
    stage = models.CharField(_("审次"), max_length=10, choices=Stage.choices)
    decision = models.CharField(_("结论"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("审稿意见"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审稿人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("审稿时间"), default=timezone.now)

    class Meta:
        verbose_name = _("审稿记录")
        verbose_name_plural = _("审稿记录")
        ordering = ["manuscript", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} · {self.get_decision_display()}"


class ManuscriptFile(StoredFile):
    """A file of a manuscript: the signed authorisation, an oral history's consent form and
    recordings, scans and photos. Served only to those who may open the manuscript."""

    manuscript = models.ForeignKey(
        Manuscript, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=FileKind.choices)
    file = models.FileField(_("文件"), upload_to=stored_path, max_length=200)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(_("校验值（SHA-256）"), max_length=64)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("稿件附件")
        verbose_name_plural = _("稿件附件")
        ordering = ["uploaded_at", "id"]

    @property
    def playable(self) -> bool:
        return self.content_type.startswith(("audio/", "video/"))
