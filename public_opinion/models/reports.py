"""社情民意 items, their yearly numbering, their authors and attachments."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.badges import StatusBadge
from portal.files import StoredFile, random_file_name
from portal.pg import PgGinIndex

from .reference import KeyTopic, NamedByTitle, RejectionReason


class Report(StatusBadge, models.Model):
    """One 社情民意信息 item. Its `status` changes only through public_opinion.workflow.REPORT.
    The authors' text (title, 情况, 分析, 建议) is frozen once submitted; the editors'
    version lives in the `edited_*` fields, so the original is never lost; every change of
    either is kept in the history."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("个人")
        JOINT = "joint", _("联名")
        COLLECTIVE = "collective", _("集体")
        COMBINED = "combined", _("综合")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        AWAITING_COAUTHORS = "awaiting_coauthors", _("待联名确认")
        SUBMITTED = "submitted", _("待受理")
        RETURNED = "returned", _("退回修改")
        REJECTED = "rejected", _("不予采用")
        WITHDRAWN = "withdrawn", _("已撤回")
        ACCEPTED = "accepted", _("已受理")
        MERGED = "merged", _("已合并")
        TO_PROPOSAL = "to_proposal", _("转为提案线索")
        TO_DEPARTMENT = "to_department", _("转交有关部门")
        PUBLISHED = "published", _("已编发")
        ADOPTED = "adopted", _("已采用")

    class Topic(models.TextChoices):
        ECONOMY = "economy", _("经济发展")
        LIVELIHOOD = "livelihood", _("社会民生")
        ECOLOGY = "ecology", _("生态环境")
        EDUCATION = "education", _("教育科技")
        HEALTH = "health", _("医疗卫生")
        CULTURE = "culture", _("文化旅游")
        RURAL = "rural", _("乡村振兴")
        GOVERNANCE = "governance", _("法治与社会治理")
        ETHNIC = "ethnic", _("民族宗教")
        OTHER = "other", _("其他")

    # Not yet with the editors: only the authors see it.
    UNSUBMITTED_STATES = (Status.DRAFT, Status.AWAITING_COAUTHORS)
    # The editors took it up (受理): these count for the quotas Q16/Q17.
    COUNTED_STATES = (
        Status.ACCEPTED,
        Status.MERGED,
        Status.TO_PROPOSAL,
        Status.TO_DEPARTMENT,
        Status.PUBLISHED,
        Status.ADOPTED,
    )
    # The editors' queue.
    QUEUE_STATES = (Status.SUBMITTED,)
    # The authors may change the text.
    EDITABLE_STATES = (Status.DRAFT, Status.RETURNED)
    BADGES = {
        Status.DRAFT: "secondary",
        Status.AWAITING_COAUTHORS: "info",
        Status.SUBMITTED: "warning",
        Status.RETURNED: "danger",
        Status.REJECTED: "dark",
        Status.WITHDRAWN: "secondary",
        Status.ACCEPTED: "primary",
        Status.MERGED: "secondary",
        Status.TO_PROPOSAL: "info",
        Status.TO_DEPARTMENT: "info",
        Status.PUBLISHED: "success",
        Status.ADOPTED: "success",
    }
    # About 1,500 characters is the norm; above this the form warns (it does not refuse).
    WARN_LENGTH = 3000

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    kind = models.CharField(_("报送方式"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Collective items: the committee or the sector group in whose name it is sent.
    organiser_committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("报送专委会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organiser_sector_group = models.ForeignKey(
        "organisation.SectorGroup",
        verbose_name=_("报送界别活动组"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撰写人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("标题"), max_length=200)
    situation = models.TextField(_("基本情况"))
    analysis = models.TextField(_("问题分析"), blank=True)
    suggestions = models.TextField(_("意见建议"))
    topic = models.CharField(_("领域"), max_length=20, choices=Topic.choices)
    key_topic = models.ForeignKey(
        KeyTopic,
        verbose_name=_("重点信息课题"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    # The editors' version (empty: not edited). The authors' text above stays as sent.
    edited_title = models.CharField(_("编辑后标题"), max_length=200, blank=True)
    edited_situation = models.TextField(_("编辑后基本情况"), blank=True)
    edited_analysis = models.TextField(_("编辑后问题分析"), blank=True)
    edited_suggestions = models.TextField(_("编辑后意见建议"), blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编辑人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("编辑时间"), null=True, blank=True)
    # For the similar-item lookup (pg_trgm): title and text start without punctuation.
    title_norm = models.CharField(_("规范化标题"), max_length=200, blank=True, editable=False)
    text_norm = models.CharField(_("规范化正文摘要"), max_length=300, blank=True, editable=False)
    # Facts of the submission day, for statistics: the first author's committee seat and
    # sector group then (a collective item: its organiser's).
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("所属专委会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    sector_group = models.ForeignKey(
        "organisation.SectorGroup",
        verbose_name=_("所属界别活动组"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    serial = models.PositiveIntegerField(_("流水号"), null=True, blank=True, editable=False)
    number = models.CharField(_("编号"), max_length=20, blank=True, editable=False)
    rejection_reason = models.ForeignKey(
        RejectionReason,
        verbose_name=_("不予采用理由"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    editor_comment = models.TextField(_("编辑意见"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并入"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    # An item accepted from a lower body's forwarding: the item it came from (the first
    # one, when forwarded twice). Adoptions of this copy are credited to its authors.
    origin = models.ForeignKey(
        "self",
        verbose_name=_("原始信息"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="copies",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Optimistic locking of the forms: a stale copy is refused, not saved over.
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords(bases=[NamedByTitle, models.Model])

    class Meta:
        verbose_name = _("社情民意信息")
        verbose_name_plural = _("社情民意信息")
        ordering = ["-year", "-serial", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "serial"],
                condition=Q(serial__isnull=False),
                name="unique_report_number",
            ),
            models.CheckConstraint(
                name="report_collective_has_organiser",
                condition=~Q(kind="collective")
                | Q(organiser_committee__isnull=False, organiser_sector_group__isnull=True)
                | Q(organiser_committee__isnull=True, organiser_sector_group__isnull=False),
            ),
            models.CheckConstraint(
                name="report_merged_has_target",
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
            ),
            models.CheckConstraint(
                name="report_rejected_has_reason",
                condition=~Q(status="rejected") | Q(rejection_reason__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["body", "status", "submitted_at"]),
            models.Index(fields=["body", "year", "status"]),
            # The list of all items, newest first: read in order, 30 rows, not sorted.
            models.Index(fields=["body", "-submitted_at", "-id"], name="opinion_body_submitted"),
            # The similar-item lookup and the search box (pg_trgm), as for proposals.
            PgGinIndex(
                fields=["title_norm"], opclasses=["gin_trgm_ops"], name="opinion_title_norm_trgm"
            ),
            PgGinIndex(
                fields=["text_norm"], opclasses=["gin_trgm_ops"], name="opinion_text_norm_trgm"
            ),
            PgGinIndex(
                F("body"),
                OpClass(Upper("title"), name="gin_trgm_ops"),
                OpClass(F("number"), name="gin_trgm_ops"),
                name="opinion_search_trgm",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def is_collective(self) -> bool:
        return self.kind == self.Kind.COLLECTIVE

    @property
    def organiser(self):
        return self.organiser_committee or self.organiser_sector_group

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None

    # The text as it goes out: the editors' version where there is one.
    @property
    def final_title(self) -> str:
        return self.edited_title or self.title

    @property
    def final_situation(self) -> str:
        return self.edited_situation or self.situation

    @property
    def final_analysis(self) -> str:
        return self.edited_analysis or self.analysis

    @property
    def final_suggestions(self) -> str:
        return self.edited_suggestions or self.suggestions

    @property
    def length(self) -> int:
        return len(self.situation) + len(self.analysis) + len(self.suggestions)


class ReportCounter(models.Model):
    """The last serial given in one body and year; locked while a number is taken."""

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用流水号"), default=0)

    class Meta:
        verbose_name = _("社情民意编号计数")
        verbose_name_plural = _("社情民意编号计数")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="unique_report_counter")
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year}: {self.last}"


class Author(models.Model):
    """An author of an item: the first author (confirmed from the start), a co-author who
    confirms or declines (like joint proposals), or an author credited on a 综合 item
    because one of his items was merged into it (`merged_from`)."""

    class Role(models.TextChoices):
        FIRST = "first", _("第一作者")
        CO = "co", _("联名作者")

    class Status(models.TextChoices):
        INVITED = "invited", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        DECLINED = "declined", _("已谢绝")

    report = models.ForeignKey(
        Report, verbose_name=_("社情民意信息"), on_delete=models.CASCADE, related_name="authors"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("委员"),
        on_delete=models.PROTECT,
        related_name="opinion_authorships",
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.INVITED
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    invited_at = models.DateTimeField(_("邀请时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    merged_from = models.ForeignKey(
        Report,
        verbose_name=_("随合并加入"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("作者")
        verbose_name_plural = _("作者")
        ordering = ["report", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "member"], name="unique_report_author")
        ]
        indexes = [models.Index(fields=["member", "status"])]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_status_display()}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return random_file_name("public_opinion", filename)


class Attachment(StoredFile):
    """A file of an item; served only to those who may open the item (it follows the item,
    also to the higher body's copy)."""

    report = models.ForeignKey(
        Report, verbose_name=_("社情民意信息"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("社情民意附件")
        verbose_name_plural = _("社情民意附件")
        ordering = ["uploaded_at", "id"]
