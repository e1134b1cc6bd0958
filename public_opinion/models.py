"""社情民意信息 (SPEC §3.5, source article 11): an item written by members (alone or with
co-authors) or in the name of a committee or sector group; the information section's
editing (受理 with a number, 退回修改, 不予采用 with a standard reason, its own edited text
beside the original, merging into a 综合 item), the bulletin 《社情民意》, forwarding to a
higher body, adoptions at levels that are data, and leader instructions (批示)."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.pg import PgGinIndex


class NamedByTitle:
    """Gives historical rows a `name`, which the office's 变更记录 page shows."""

    @property
    def name(self) -> str:
        return f"{self.number} {self.title}" if self.number else f"{self.title}（未编号）"


class KeyTopic(models.Model):
    """A committee's key information topic of a year (重点信息课题, article 11: 1–2 a year),
    which items are tagged with."""

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("专委会"),
        on_delete=models.CASCADE,
        related_name="information_topics",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("课题名称"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("重点信息课题")
        verbose_name_plural = _("重点信息课题")
        ordering = ["-year", "committee", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "title"], name="unique_information_topic"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class RejectionReason(models.Model):
    """A standard reason for 不予采用. Data the office edits; every body starts with the
    defaults (public_opinion.signals, migration 0002)."""

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("理由"), max_length=100)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("不予采用理由")
        verbose_name_plural = _("不予采用理由")
        ordering = ["body", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="unique_rejection_reason")
        ]

    def __str__(self) -> str:
        return self.name


DEFAULT_REJECTION_REASONS: tuple[str, ...] = (
    "反映的问题已有政策或正在解决",
    "内容与已报送信息重复",
    "情况不具体、分析不深入",
    "建议缺乏针对性和可操作性",
    "涉及个人或本单位具体诉求",
    "不符合一事一报要求",
    "时效性已过",
)


class AdoptionLevel(models.Model):
    """A level at which an item is adopted (市政协编发 … 全国政协采用). Data: the office
    names them and sets their order (`rank`, higher is higher up); `code` ties a level to
    the scoring rules (issue 15) and stays when the name changes."""

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    code = models.SlugField(_("代码"), max_length=30)
    name = models.CharField(_("名称"), max_length=50)
    rank = models.PositiveSmallIntegerField(_("层级"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("采用层级")
        verbose_name_plural = _("采用层级")
        ordering = ["body", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="unique_adoption_level")
        ]

    def __str__(self) -> str:
        return self.name


DEFAULT_ADOPTION_LEVELS: tuple[tuple[str, str], ...] = (
    ("city_bulletin", "市政协编发"),
    ("city_party_gov", "市委、市政府采用"),
    ("region", "自治区政协采用"),
    ("national_single", "全国政协单篇采用"),
    ("national_combined", "全国政协综合采用"),
)


class Report(models.Model):
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
    def badge(self) -> str:
        return self.BADGES.get(self.status, "secondary")

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
    """A random name under the upload month: the uploader's file name is never a path."""
    ext = os.path.splitext(filename)[1].lower()[:6]
    return f"public_opinion/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{ext}"


class Attachment(models.Model):
    """A file of an item; served only to those who may open the item (it follows the item,
    also to the higher body's copy)."""

    report = models.ForeignKey(
        Report, verbose_name=_("社情民意信息"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("文件名"), max_length=150)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("社情民意附件")
        verbose_name_plural = _("社情民意附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


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


class Adoption(models.Model):
    """An adoption of an item at one level (市政协编发 … 全国政协综合采用), with its date and
    outlet. Recorded on a higher body's copy, it is credited to the original's authors."""

    report = models.ForeignKey(
        Report, verbose_name=_("社情民意信息"), on_delete=models.CASCADE, related_name="adoptions"
    )
    level = models.ForeignKey(
        AdoptionLevel, verbose_name=_("采用层级"), on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(_("采用日期"))
    outlet = models.CharField(_("刊物/载体"), max_length=200, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("采用记录")
        verbose_name_plural = _("采用记录")
        ordering = ["adopted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "level", "adopted_on"], name="unique_report_adoption"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.level}"


class Instruction(models.Model):
    """A leader's instruction (批示) on an item."""

    class Level(models.TextChoices):
        CITY = "city", _("市级")
        REGION = "region", _("自治区级")
        CENTRAL = "central", _("中央")

    report = models.ForeignKey(
        Report,
        verbose_name=_("社情民意信息"),
        on_delete=models.CASCADE,
        related_name="instructions",
    )
    leader = models.CharField(_("批示领导"), max_length=100)
    level = models.CharField(_("批示层级"), max_length=10, choices=Level.choices)
    instructed_on = models.DateField(_("批示日期"))
    text = models.TextField(_("批示内容"))
    department = models.CharField(_("转交部门"), max_length=200, blank=True)
    result = models.TextField(_("落实情况"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["instructed_on", "id"]

    def __str__(self) -> str:
        return f"{self.leader} · {self.report}"


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
