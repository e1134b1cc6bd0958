"""A proposal (提案) from its draft to its number, and its files (SPEC §3.4, source article 10).
Its co-signers and the office's reply categories have modules of their own."""

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


class TitleAsName:
    """Gives historical rows a `name`, which the office's 变更记录 page shows."""

    @property
    def name(self) -> str:
        return f"{self.number or '#' + str(self.id)} {self.title}"


class Proposal(StatusBadge, models.Model):
    """One proposal. Its `status` changes only through proposals.workflow.PROPOSAL."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("个人提案")
        JOINT = "joint", _("联名提案")
        COLLECTIVE = "collective", _("集体提案")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        AWAITING_SIGNERS = "awaiting_signers", _("待联名确认")
        SUBMITTED = "submitted", _("待审查")
        FILED = "filed", _("已立案")
        MERGED = "merged", _("已并案")
        NOT_FILED = "not_filed", _("不予立案")
        WITHDRAWN = "withdrawn", _("已撤回")
        ASSIGNED = "assigned", _("已交办")
        HANDLING = "handling", _("办理中")
        REPLIED = "replied", _("已答复")
        EVALUATED = "evaluated", _("已评价")
        REHANDLING = "rehandling", _("重新办理中")
        CLOSED = "closed", _("已办结")

    BADGES = {
        Status.DRAFT: "light border",
        Status.AWAITING_SIGNERS: "warning",
        Status.SUBMITTED: "info",
        Status.FILED: "primary",
        Status.MERGED: "secondary",
        Status.NOT_FILED: "dark",
        Status.WITHDRAWN: "light border text-muted",
        Status.ASSIGNED: "primary",
        Status.HANDLING: "primary",
        Status.REPLIED: "success",
        Status.EVALUATED: "success",
        Status.REHANDLING: "danger",
        Status.CLOSED: "secondary",
    }
    BADGE_DEFAULT = "light border"

    class Organiser(models.TextChoices):
        """Who proposes a collective proposal (条例 §14): a special committee or a sector
        group (its staff write it), or — registered by the office — a democratic party,
        a people's organisation or a sector."""

        COMMITTEE = "committee", _("专门委员会")
        SECTOR_GROUP = "sector_group", _("界别活动组")
        PARTY = "party", _("民主党派")
        ORGANISATION = "organisation", _("人民团体")
        SECTOR = "sector", _("界别")

    # Collectives the office registers on their behalf (they have no login of their own).
    REGISTERED_ORGANISERS = (Organiser.PARTY, Organiser.ORGANISATION, Organiser.SECTOR)

    class Category(models.TextChoices):
        ECONOMY = "economy", _("经济建设")
        POLITICS = "politics", _("政治建设")
        CULTURE = "culture", _("文化建设")
        SOCIETY = "society", _("社会建设")
        ECOLOGY = "ecology", _("生态文明建设")
        OTHER = "other", _("其他")

    class Ground(models.TextChoices):
        """The ten standard grounds for 不予立案 (SPEC §3.4)."""

        STATE_SECRETS = "secrets", _("涉及国家秘密")
        INTERNAL_AFFAIRS = "internal", _("涉及党派团体内部事务或人事任免")
        LITIGATION = "litigation", _("涉及诉讼、仲裁、纪检监察等法定程序中的具体案件")
        ACADEMIC = "academic", _("属于学术探讨")
        PERSONAL = "personal", _("为个人或本单位解决具体问题")
        ADVERTISING = "advertising", _("宣传、推介具体单位或产品")
        ACCUSATION = "accusation", _("对具体人员进行指名检举、揭发或批评")
        NO_SUGGESTION = "no_suggestion", _("没有具体建议或建议不可行")
        MULTIPLE_ISSUES = "multiple", _("不符合一事一案要求")
        OTHER = "other", _("其他不宜作为提案的情形")

    class Conversion(models.TextChoices):
        NONE = "", _("不转交")
        OPINION = "opinion", _("转为意见建议")
        SOCIAL_INFO = "social_info", _("转为社情民意信息")

    class Decision(models.TextChoices):
        FILE = "file", _("立案")
        MERGE = "merge", _("并案")
        REJECT = "reject", _("不予立案")

    # States in which the proposal has been reviewed and filed (it has a number).
    FILED_STATES = (
        Status.FILED,
        Status.ASSIGNED,
        Status.HANDLING,
        Status.REPLIED,
        Status.EVALUATED,
        Status.REHANDLING,
        Status.CLOSED,
    )
    # Not yet submitted: visible to the author (and, for the joint one, its invitees) only.
    UNSUBMITTED_STATES = (Status.DRAFT, Status.AWAITING_SIGNERS)
    # A unit may be working on it.
    IN_HANDLING_STATES = (Status.ASSIGNED, Status.HANDLING, Status.REHANDLING)
    # A reply exists for the current round.
    ANSWERED_STATES = (Status.REPLIED, Status.EVALUATED, Status.CLOSED)

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    kind = models.CharField(_("提出方式"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Individual and joint proposals: the first proposer. Collective: the proposer
    # (提案者), one of the Organiser kinds.
    first_proposer = models.ForeignKey(
        "members.Member",
        verbose_name=_("第一提案人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    organiser_kind = models.CharField(
        _("提案者类别"), max_length=20, choices=Organiser.choices, blank=True
    )
    organiser_committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("提案者（专委会）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collective_proposals",
    )
    organiser_sector_group = models.ForeignKey(
        "organisation.SectorGroup",
        verbose_name=_("提案者（界别活动组）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collective_proposals",
    )
    organiser_sector = models.ForeignKey(
        "organisation.Sector",
        verbose_name=_("提案者（界别）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collective_proposals",
    )
    # A democratic party's or people's organisation's name, as it signs: 民盟鄂尔多斯市委员会.
    organiser_name = models.CharField(_("提案者名称"), max_length=100, blank=True)
    # Who wrote it in the portal; empty for a record imported from paper (historical data).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撰写人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authored_proposals",
    )
    title = models.CharField(_("标题"), max_length=200)
    reasons = models.TextField(_("案由"))
    suggestions = models.TextField(_("建议"))
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    # For similar-proposal detection: the title without 关于 / 的建议 / 的提案 and
    # punctuation, and the start of the text (proposals.text).
    title_norm = models.CharField(_("规范化标题"), max_length=200, blank=True, editable=False)
    text_norm = models.CharField(_("规范化正文摘要"), max_length=300, blank=True, editable=False)
    # Facts of the submission day, for statistics: the first proposer's committee seat
    # and sector then (a collective proposal: the organiser's committee).
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("所属专委会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    sector = models.ForeignKey(
        "organisation.Sector",
        verbose_name=_("所属界别"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Review: a reviewer's recommendation is kept apart from the decided state.
    recommendation = models.CharField(
        _("审查建议"), max_length=10, choices=Decision.choices, blank=True
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("建议人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recommended_at = models.DateTimeField(_("建议时间"), null=True, blank=True)
    recommendation_comment = models.TextField(_("审查意见"), blank=True)
    recommended_ground = models.CharField(
        _("建议不予立案理由"), max_length=20, choices=Ground.choices, blank=True
    )
    recommended_conversion = models.CharField(
        _("建议转交"), max_length=20, choices=Conversion.choices, blank=True
    )
    recommended_target = models.ForeignKey(
        "self",
        verbose_name=_("建议并入"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    not_filed_ground = models.CharField(
        _("不予立案理由"), max_length=20, choices=Ground.choices, blank=True
    )
    conversion = models.CharField(_("转交"), max_length=20, choices=Conversion.choices, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入提案"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    serial = models.PositiveIntegerField(_("流水号"), null=True, blank=True, editable=False)
    number = models.CharField(_("案号"), max_length=20, blank=True, editable=False)
    # Handling: round 2 is the re-handling after 不满意 (once).
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1, editable=False)
    is_key = models.BooleanField(_("重点提案"), default=False)
    key_leader = models.CharField(_("领办副市长"), max_length=50, blank=True)
    key_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("督办副主席"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_proposals",
    )
    is_excellent = models.BooleanField(_("优秀提案"), default=False)
    excellent_note = models.CharField(_("评选说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    filed_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # Optimistic locking of the draft form: a stale copy is refused, not saved over.
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"], bases=[TitleAsName, models.Model])

    class Meta:
        verbose_name = _("提案")
        verbose_name_plural = _("提案")
        ordering = ["-year", "-serial", "-id"]
        constraints = [
            # Exactly one kind of proposer: a member, or one collective proposer of the
            # kind recorded in organiser_kind.
            models.CheckConstraint(
                name="proposal_proposer_matches_kind",
                condition=(
                    Q(
                        kind="collective",
                        organiser_kind="committee",
                        first_proposer__isnull=True,
                        organiser_committee__isnull=False,
                        organiser_sector_group__isnull=True,
                        organiser_sector__isnull=True,
                        organiser_name="",
                    )
                    | Q(
                        kind="collective",
                        organiser_kind="sector_group",
                        first_proposer__isnull=True,
                        organiser_committee__isnull=True,
                        organiser_sector_group__isnull=False,
                        organiser_sector__isnull=True,
                        organiser_name="",
                    )
                    | Q(
                        kind="collective",
                        organiser_kind="sector",
                        first_proposer__isnull=True,
                        organiser_committee__isnull=True,
                        organiser_sector_group__isnull=True,
                        organiser_sector__isnull=False,
                        organiser_name="",
                    )
                    | (
                        Q(
                            kind="collective",
                            organiser_kind__in=["party", "organisation"],
                            first_proposer__isnull=True,
                            organiser_committee__isnull=True,
                            organiser_sector_group__isnull=True,
                            organiser_sector__isnull=True,
                        )
                        & ~Q(organiser_name="")
                    )
                    | Q(
                        kind__in=["individual", "joint"],
                        organiser_kind="",
                        first_proposer__isnull=False,
                        organiser_committee__isnull=True,
                        organiser_sector_group__isnull=True,
                        organiser_sector__isnull=True,
                        organiser_name="",
                    )
                ),
            ),
            # Two series may share a serial (a session's and the recess's): the number
            # itself is what must be unique.
            models.UniqueConstraint(
                fields=["body", "number"],
                condition=~Q(number=""),
                name="unique_proposal_number",
            ),
            models.CheckConstraint(
                name="proposal_merged_has_target",
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
            ),
            models.CheckConstraint(name="proposal_round_one_or_two", condition=Q(round__in=[1, 2])),
        ]
        indexes = [
            models.Index(fields=["body", "status"]),
            models.Index(fields=["body", "year", "status"]),
            models.Index(fields=["body", "submitted_at"]),
            # The similar-proposal check and the title search (pg_trgm).
            PgGinIndex(
                fields=["title_norm"], opclasses=["gin_trgm_ops"], name="proposal_title_norm_trgm"
            ),
            PgGinIndex(
                fields=["text_norm"], opclasses=["gin_trgm_ops"], name="proposal_text_norm_trgm"
            ),
            PgGinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="proposal_title_trgm"),
            # The list's search box: the body first, the title, the number by prefix.
            PgGinIndex(
                F("body"),
                OpClass(Upper("title"), name="gin_trgm_ops"),
                OpClass(F("number"), name="gin_trgm_ops"),
                name="proposal_search_trgm",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def is_collective(self) -> bool:
        return self.kind == self.Kind.COLLECTIVE

    @property
    def organiser(self):
        """The collective proposer: a committee, sector group or sector, or the name of a
        democratic party or people's organisation."""
        return (
            self.organiser_committee
            or self.organiser_sector_group
            or self.organiser_sector
            or self.organiser_name
            or None
        )

    @property
    def collective_committee_id(self) -> int | None:
        """The committee whose staff speak for a collective proposal: its own, or its
        sector group's. None for the collectives the office registers."""
        if self.organiser_committee_id is not None:
            return self.organiser_committee_id
        if self.organiser_sector_group_id is not None:
            return self.organiser_sector_group.committee_id
        return None

    @property
    def proposer_label(self) -> str:
        """Who proposes, in words: the first proposer or the collective proposer."""
        if self.is_collective:
            return str(self.organiser)
        return str(self.first_proposer)


class ProposalCounter(models.Model):
    """The last serial number given in one series of a body and year; locked while a number
    is taken, so two filings at the same moment never get the same number. The series is
    empty for the yearly numbers (`2025-0123`); with numbering by session it is
    `session:<id>` for a plenary session's proposals or `recess` for those between
    sessions (proposals.services.numbering)."""

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    series = models.CharField(_("编号序列"), max_length=30, blank=True, default="")
    last = models.PositiveIntegerField(_("已用流水号"), default=0)

    class Meta:
        verbose_name = _("提案编号计数")
        verbose_name_plural = _("提案编号计数")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "series"], name="unique_proposal_counter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year} {self.series}: {self.last}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return random_file_name("proposals", filename)


class Attachment(StoredFile):
    """A file of a proposal: the proposer's material, a reply, a co-unit's opinion.
    Served only by proposals.views.attachment_download, to those who may see the proposal."""

    class Purpose(models.TextChoices):
        MATERIAL = "material", _("提案附件")
        REPLY = "reply", _("答复附件")
        OPINION = "opinion", _("协办意见附件")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="attachments"
    )
    purpose = models.CharField(
        _("用途"), max_length=20, choices=Purpose.choices, default=Purpose.MATERIAL
    )
    assignment = models.ForeignKey(
        "proposals.Assignment",
        verbose_name=_("交办"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "id"]
