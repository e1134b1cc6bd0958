"""协商 (SPEC §3.3, source articles 5–9): topics proposed for the year (选题建议), the annual
consultation plan (年度协商计划) and its items, each consultation with its research
(无调研不协商, §7), participants, attendance and speeches, the outcome (协商成果) with its
numbered recommendations, leaders' instructions (批示) and departments' feedback, and
online deliberation threads (网络议政, §9).

Every status changes only through the tables of consultations.workflow."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ConsultationKind(models.Model):
    """A form of consultation (§6), as data: 全体会议期间协商, 专题协商会, 对口协商 …"""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    # 网络议政 and 远程协商 run as an online thread rather than (only) a meeting.
    is_online = models.BooleanField(_("网络议政"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商形式")
        verbose_name_plural = _("协商形式")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A topic proposed for next year's consultation plan (选题建议, §5). The proposer is a
    committee, a sector group, or a member; `proposer_name` names others (a party group, a
    banner/district CPPCC) in the office's words."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        ACCEPTED = "accepted", _("已采用")
        MERGED = "merged", _("已合并")
        DECLINED = "declined", _("未采用")

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("计划年度"))
    title = models.CharField(_("课题名称"), max_length=200)
    reason = models.TextField(_("选题理由"))
    kind = models.ForeignKey(
        ConsultationKind, verbose_name=_("建议协商形式"), on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("对口部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("提出专委会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_topics",
    )
    sector_group = models.ForeignKey(
        "organisation.SectorGroup",
        verbose_name=_("提出界别活动组"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("提出委员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposer_name = models.CharField(_("提出单位"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入课题"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_topics",
    )
    decision_reason = models.CharField(_("处理意见"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商选题")
        verbose_name_plural = _("协商选题")
        ordering = ["-year", "-created_at", "-id"]
        indexes = [models.Index(fields=["body", "year", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def proposer(self) -> str:
        if self.committee_id:
            return self.committee.name
        if self.sector_group_id:
            return self.sector_group.name
        if self.member_id:
            return str(_("%(name)s委员") % {"name": self.member.name})
        return self.proposer_name


class Plan(models.Model):
    """The year's consultation plan (年度协商计划, §5): compiled by the office, commented by
    the committees, reviewed by the chair meeting (主席会议审议), approved by the party
    committee (报市委审定) and issued (印发); each step keeps its date and document number."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("编制中")
        SUBMITTED = "submitted", _("报主席会议审议")
        RETURNED = "returned", _("退回修改")
        REVIEWED = "reviewed", _("主席会议已审议")
        APPROVED = "approved", _("市委已审定")
        ISSUED = "issued", _("已印发")

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    reviewed_on = models.DateField(_("主席会议审议日期"), null=True, blank=True)
    reviewed_doc = models.CharField(_("主席会议纪要号"), max_length=60, blank=True)
    approved_on = models.DateField(_("市委审定日期"), null=True, blank=True)
    approved_doc = models.CharField(_("市委审定文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    issued_doc = models.CharField(_("印发文号"), max_length=60, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度协商计划")
        verbose_name_plural = _("年度协商计划")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="one_consultation_plan_a_year")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class PlanComment(models.Model):
    """A committee's comment on the compiled draft plan (§5: 对办公室综合征集的协商选题提出意见)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("协商计划"), on_delete=models.CASCADE, related_name="comments"
    )
    committee = models.ForeignKey(
        "organisation.Committee", verbose_name=_("专委会"), on_delete=models.PROTECT
    )
    text = models.TextField(_("意见"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填写人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("计划意见")
        verbose_name_plural = _("计划意见")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.committee} · {self.plan}"


class PlanItem(models.Model):
    """One consultation of the plan: its form, lead and co-committees, the government
    leader and departments invited, the month, and whether it is the lead committee's key
    topic (重点协商课题, §5: 1–2 a year)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("协商计划"), on_delete=models.CASCADE, related_name="items"
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("来源选题"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
    )
    title = models.CharField(_("协商课题"), max_length=200)
    kind = models.ForeignKey(ConsultationKind, verbose_name=_("协商形式"), on_delete=models.PROTECT)
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("牵头专委会"),
        on_delete=models.PROTECT,
        related_name="consultation_plan_items",
    )
    co_committees = models.ManyToManyField(
        "organisation.Committee", verbose_name=_("协办专委会"), blank=True, related_name="+"
    )
    leader = models.CharField(_("邀请政府领导"), max_length=100, blank=True)
    departments = models.ManyToManyField(
        "organisation.Department", verbose_name=_("邀请部门"), blank=True, related_name="+"
    )
    month = models.PositiveSmallIntegerField(_("计划月份"))
    is_key = models.BooleanField(_("重点协商课题"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords(m2m_fields=[co_committees, departments])

    class Meta:
        verbose_name = _("协商计划事项")
        verbose_name_plural = _("协商计划事项")
        ordering = ["plan", "month", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="consultation_item_month"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Consultation(models.Model):
    """One consultation carried out: its research first (无调研不协商), then the meeting,
    prepared (notice, materials, invited members and officials, speakers), scheduled and
    held, then its outcome."""

    class Status(models.TextChoices):
        RESEARCHING = "researching", _("调研中")
        SCHEDULED = "scheduled", _("已安排会议")
        HELD = "held", _("已召开")
        CANCELLED = "cancelled", _("已取消")

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+"
    )
    plan_item = models.OneToOneField(
        PlanItem,
        verbose_name=_("计划事项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation",
    )
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("牵头专委会"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    title = models.CharField(_("协商课题"), max_length=200)
    kind = models.ForeignKey(ConsultationKind, verbose_name=_("协商形式"), on_delete=models.PROTECT)
    is_key = models.BooleanField(_("重点协商课题"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.RESEARCHING
    )
    starts_at = models.DateTimeField(_("会议时间"), null=True, blank=True)
    place = models.CharField(_("会议地点"), max_length=200, blank=True)
    notice = models.TextField(_("会议通知"), blank=True)
    materials = models.TextField(_("会议材料"), blank=True)
    held_at = models.DateTimeField(_("召开时间"), null=True, blank=True)
    follow_up = models.BooleanField(
        _("需跟踪协商"), default=False, help_text=_("§9：问题解决不理想、建议落实不到位的")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商活动")
        verbose_name_plural = _("协商活动")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["body", "status", "held_at"]),
            models.Index(fields=["committee", "status"]),
        ]

    def __str__(self) -> str:
        return self.title


class Research(models.Model):
    """A research activity of a consultation (专题调研 / 视察考察, §7)."""

    class Kind(models.TextChoices):
        RESEARCH = "research", _("专题调研")
        INSPECTION = "inspection", _("视察考察")

    class Status(models.TextChoices):
        PLANNED = "planned", _("计划中")
        HELD = "held", _("已开展")
        CANCELLED = "cancelled", _("已取消")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("协商活动"), on_delete=models.CASCADE, related_name="research"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("调研内容"), max_length=200)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    starts_on = models.DateField(_("日期"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    summary = models.TextField(_("调研情况"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("调研活动")
        verbose_name_plural = _("调研活动")
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return self.title


class ResearchReport(models.Model):
    """The research report (调研报告) of a consultation: drafted by the committee's staff,
    approved by the vice-chair in charge (the committees' plan approval pattern)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("报分管副主席审核")
        RETURNED = "returned", _("退回修改")
        APPROVED = "approved", _("已审定")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("协商活动"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("调研报告")
        verbose_name_plural = _("调研报告")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """Someone invited to the consultation meeting: a member, or an official / expert by
    name (一会一议、人事匹配, §8), with attendance as in committee work."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("委员")
        OFFICIAL = "official", _("部门负责同志")
        EXPERT = "expert", _("专家学者")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("未登记")
        PRESENT = "present", _("出席")
        LEAVE = "leave", _("请假")
        ABSENT = "absent", _("缺席")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("协商活动"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("委员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_seats",
    )
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("职务"), max_length=100, blank=True)
    attendance = models.CharField(
        _("出席情况"), max_length=10, choices=Attendance.choices, default="", blank=True
    )
    leave_reason = models.CharField(_("请假事由"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("参加人员")
        verbose_name_plural = _("参加人员")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "member"],
                condition=Q(member__isnull=False),
                name="one_seat_per_member_per_consultation",
            ),
            models.CheckConstraint(
                condition=(Q(kind="member") & Q(member__isnull=False))
                | (~Q(kind="member") & Q(member__isnull=True) & ~Q(name="")),
                name="participant_is_member_or_named",
            ),
            models.CheckConstraint(
                condition=~Q(attendance="leave") | ~Q(leave_reason=""),
                name="consultation_leave_needs_reason",
            ),
        ]
        indexes = [models.Index(fields=["member", "consultation"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.member.name if self.member_id else self.name


class Speech(models.Model):
    """A speech at the consultation meeting (会议发言), by a participant."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("协商活动"), on_delete=models.CASCADE, related_name="speeches"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("发言人"), on_delete=models.PROTECT, related_name="speeches"
    )
    title = models.CharField(_("发言题目"), max_length=200)
    summary = models.TextField(_("发言要点"), blank=True)
    order = models.PositiveSmallIntegerField(_("发言顺序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会议发言")
        verbose_name_plural = _("会议发言")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    """The outcome of a consultation (协商成果): reviewed by the vice-chair in charge
    (审核), signed off by the chair (签发), sent to the party committee / government, and
    closed when every recommendation has its feedback."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("协商专报")
        PROPOSAL = "proposal", _("建议案")
        REPORT = "report", _("调研报告")
        MINUTES = "minutes", _("纪要")

    class Status(models.TextChoices):
        DRAFT = "draft", _("起草中")
        REVIEWING = "reviewing", _("报分管副主席审核")
        RETURNED = "returned", _("退回修改")
        SIGNING = "signing", _("报主席签发")
        SENT = "sent", _("已报送")
        CLOSED = "closed", _("反馈完毕")

    consultation = models.OneToOneField(
        Consultation, verbose_name=_("协商活动"), on_delete=models.CASCADE, related_name="outcome"
    )
    kind = models.CharField(_("成果形式"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    number = models.CharField(_("编号"), max_length=60, blank=True)
    text = models.TextField(_("正文"))
    sent_to = models.CharField(_("报送对象"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商成果")
        verbose_name_plural = _("协商成果")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class Instruction(models.Model):
    """A leader's instruction on an outcome (领导批示)."""

    class Level(models.TextChoices):
        PARTY_MAIN = "party_main", _("市委主要领导")
        GOV_MAIN = "gov_main", _("市政府主要领导")
        PARTY = "party", _("市委其他领导")
        GOV = "gov", _("市政府分管领导")
        REGION = "region", _("自治区领导")

    outcome = models.ForeignKey(
        Outcome, verbose_name=_("协商成果"), on_delete=models.CASCADE, related_name="instructions"
    )
    leader = models.CharField(_("批示领导"), max_length=60)
    level = models.CharField(_("领导层级"), max_length=20, choices=Level.choices)
    on = models.DateField(_("批示日期"))
    text = models.TextField(_("批示内容"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.leader} · {self.on}"


class Recommendation(models.Model):
    """One numbered recommendation of an outcome, addressed to a department with a feedback
    deadline; the department (or staff for it) answers how it was adopted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待反馈")
        ADOPTED = "adopted", _("采纳")
        PARTLY = "partly", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("未采纳")
        IN_PROGRESS = "in_progress", _("落实中")
        IMPLEMENTED = "implemented", _("已落实")

    ANSWERED = (
        Status.ADOPTED,
        Status.PARTLY,
        Status.NOT_ADOPTED,
        Status.IN_PROGRESS,
        Status.IMPLEMENTED,
    )

    outcome = models.ForeignKey(
        Outcome,
        verbose_name=_("协商成果"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("建议内容"))
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("责任部门"),
        on_delete=models.PROTECT,
        related_name="consultation_recommendations",
    )
    deadline = models.DateField(_("反馈期限"))
    status = models.CharField(
        _("采纳情况"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    answer = models.TextField(_("反馈意见"), blank=True)
    answered_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("反馈人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商建议")
        verbose_name_plural = _("协商建议")
        ordering = ["outcome", "number"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "number"], name="one_recommendation_number")
        ]
        indexes = [models.Index(fields=["department", "status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"

    @property
    def answered(self) -> bool:
        return self.status != self.Status.PENDING


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
    """A random name under the upload month: the poster's file name is never a path."""
    ext = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"consultations/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{ext}"


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


class QualityIndicator(models.Model):
    """An indicator of the consultation quality evaluation (§9: 建立协商议政质量评价机制),
    as data: the office changes names and weights in /admin/."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("指标"), max_length=50)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(_("权重"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商质量评价指标")
        verbose_name_plural = _("协商质量评价指标")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class QualityScore(models.Model):
    """The office's score (0–100) of a closed consultation on one indicator."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("协商活动"),
        on_delete=models.CASCADE,
        related_name="quality_scores",
    )
    indicator = models.ForeignKey(
        QualityIndicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("得分"))
    comment = models.CharField(_("评语"), max_length=200, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评价人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scored_at = models.DateTimeField(_("评价时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商质量评分")
        verbose_name_plural = _("协商质量评分")
        ordering = ["indicator__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "indicator"], name="one_score_per_indicator"
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="quality_score_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.score}"
