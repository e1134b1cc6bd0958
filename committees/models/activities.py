"""Activities and attendance (SPEC §3.2; source §1–3, §6, §7, §15): who organises, when
and where, who is invited, who came, what came out of it. 谁组织谁记录: the staff of the
organising committee record attendance."""

import secrets

from django.conf import settings
from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models.approval import Approval
from committees.models.types import ActivityType
from portal.badges import StatusBadge
from portal.files import random_file_name
from portal.pg import PgGinIndex, PgGistIndex, TstzRange


def new_token() -> str:
    """A random URL token (check-in codes, calendar feeds): 32 url-safe characters."""
    return secrets.token_urlsafe(24)


class Activity(StatusBadge, Approval):
    Type = ActivityType

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PENDING = "pending", _("待审批")
        RETURNED = "returned", _("已退回")
        APPROVED = "approved", _("已批准")
        PUBLISHED = "published", _("已发布")
        HELD = "held", _("已举行")
        CANCELLED = "cancelled", _("已取消")

    BADGES = {
        Status.APPROVED: "success",
        Status.PUBLISHED: "success",
        Status.HELD: "success",
        Status.PENDING: "warning",
        Status.RETURNED: "danger",
        Status.CANCELLED: "danger",
    }

    # States in which the activity's details may still change.
    EDITABLE = (Status.DRAFT, Status.RETURNED)
    # Announced to the invited members (they see it, respond, check in).
    ANNOUNCED = (Status.PUBLISHED, Status.HELD)
    # Planned but not yet held: counted as "scheduled" by the quota board.
    SCHEDULED = (Status.PENDING, Status.APPROVED, Status.PUBLISHED)

    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("政协组织"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    type = models.CharField(_("活动类型"), max_length=40, choices=ActivityType.choices)
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("组织专委会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_activities",
    )
    sector_groups = models.ManyToManyField(
        "organisation.SectorGroup",
        verbose_name=_("组织界别活动组"),
        blank=True,
        related_name="activities",
    )
    # The committee whose staff run and record the activity: the organising committee, or
    # the committee the organising sector groups are linked to (§3); empty when the office
    # organises it (body-wide meetings such as the 联席会议, §13).
    owner_committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("负责专委会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_activities",
    )
    topic = models.CharField(_("主题"), max_length=200)
    description = models.TextField(_("内容安排"), blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200)
    plan_item = models.ForeignKey(
        "committees.PlanItem",
        verbose_name=_("落实的计划事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    is_major = models.BooleanField(
        _("重大履职活动"),
        default=False,
        help_text=_("第12条：重大履职活动须报分管副主席同意后方可发布。"),
    )
    is_public = models.BooleanField(
        _("向全体委员公开"), default=False, help_text=_("公开活动所有委员都能看到。")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    checkin_token = models.CharField(
        _("签到码"), max_length=64, unique=True, default=new_token, editable=False
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    # Approval's submission fields, relabelled: a major activity is 报批, not 报送.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("报批时间"), null=True, blank=True)
    announced_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    held_at = models.DateTimeField(_("标记举行时间"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(_("考勤登记时间"), null=True, blank=True)
    history = HistoricalRecords(
        excluded_fields=["version", "checkin_token"], m2m_fields=[sector_groups]
    )

    class Meta:
        verbose_name = _("履职活动")
        verbose_name_plural = _("履职活动")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="activity_ends_after_start"
            ),
            # The office organises body-wide meetings only; those are never "major"
            # (a major activity is approved by the vice-chair in charge of a committee).
            models.CheckConstraint(
                condition=Q(owner_committee__isnull=False) | Q(is_major=False),
                name="major_activity_has_committee",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "starts_at"]),
            models.Index(fields=["owner_committee", "type", "starts_at"]),
            models.Index(fields=["body", "type", "starts_at"]),
            models.Index(fields=["status", "ends_at"]),
            # Clash detection compares an activity only with those overlapping it.
            PgGistIndex(
                F("body"), TstzRange(F("starts_at"), F("ends_at")), name="activity_body_period_gist"
            ),
            # The activity search (topic, place), the body first.
            PgGinIndex(
                F("body"),
                OpClass(Upper("topic"), name="gin_trgm_ops"),
                OpClass(Upper("place"), name="gin_trgm_ops"),
                name="activity_search_trgm",
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_announced(self) -> bool:
        return self.status in self.ANNOUNCED

    @property
    def has_started(self) -> bool:
        return self.starts_at is not None and self.starts_at <= timezone.now()

    @property
    def invitations_withdrawable(self) -> bool:
        """An invitation may be withdrawn until the activity is held or cancelled; after
        that the list is the record of who was asked (attendance counts on it)."""
        return self.status not in (self.Status.HELD, self.Status.CANCELLED)

    @property
    def display_title(self) -> str:
        """The topic, led by the type unless the topic already names it ("委员讲堂：…")."""
        label = str(self.get_type_display())
        if not label or label in self.topic:
            return self.topic
        return f"{label}：{self.topic}"

    @property
    def local_date(self):
        return timezone.localtime(self.starts_at).date()


class ActivityInvitation(models.Model):
    """One invited member: his answer, his check-in and his recorded attendance."""

    class Response(models.TextChoices):
        PENDING = "pending", _("待回复")
        ACCEPTED = "accepted", _("参加")
        LEAVE = "leave", _("请假")

    class Attendance(models.TextChoices):
        UNRECORDED = "", _("未登记")
        PRESENT = "present", _("出席")
        EXCUSED = "excused", _("请假")
        ABSENT = "absent", _("缺席")

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="invitations"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("委员"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    invited_at = models.DateTimeField(_("邀请时间"), default=timezone.now)
    response = models.CharField(
        _("回复"), max_length=20, choices=Response.choices, default=Response.PENDING
    )
    response_reason = models.CharField(_("请假事由"), max_length=200, blank=True)
    responded_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    attendance = models.CharField(
        _("考勤"), max_length=20, choices=Attendance.choices, default="", blank=True
    )
    attendance_reason = models.CharField(_("考勤说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("活动邀请与考勤")
        verbose_name_plural = _("活动邀请与考勤")
        ordering = ["activity", "member__code"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="unique_invitation"),
            models.CheckConstraint(
                condition=~Q(attendance="excused") | ~Q(attendance_reason=""),
                name="excused_needs_reason",
            ),
            models.CheckConstraint(
                condition=~Q(response="leave") | ~Q(response_reason=""),
                name="leave_needs_reason",
            ),
        ]
        indexes = [models.Index(fields=["member", "activity"])]

    def __str__(self) -> str:
        return f"{self.activity} · {self.member}"


class ActivityParticipant(models.Model):
    """Someone from outside the body's members: a department official, an expert."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("部门负责同志")
        EXPERT = "expert", _("专家学者")
        # A banner/district CPPCC's counterpart committee (§15 旗区对口专委会工作座谈会).
        COUNTERPART = "counterpart", _("旗区政协对口专委会")
        OTHER = "other", _("其他")

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="participants"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.OFFICIAL)
    name = models.CharField(_("姓名"), max_length=50)
    unit = models.CharField(_("单位及职务"), max_length=200, blank=True)
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("所在单位（本级单位库）"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("其他参加人员")
        verbose_name_plural = _("其他参加人员")
        ordering = ["activity", "kind", "id"]

    def __str__(self) -> str:
        return self.name


def output_upload_to(instance: "ActivityOutput", filename: str) -> str:
    return random_file_name("activities", filename)


class ActivityOutput(models.Model):
    """A result of the activity: minutes, photos, a research report, a speech."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("会议纪要")
        PHOTO = "photo", _("活动照片")
        REPORT = "report", _("调研报告")
        SPEECH = "speech", _("发言材料")
        OTHER = "other", _("其他材料")

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="outputs"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    speaker = models.ForeignKey(
        "members.Member",
        verbose_name=_("发言委员"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file = models.FileField(_("文件"), upload_to=output_upload_to, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("活动成果")
        verbose_name_plural = _("活动成果")
        ordering = ["activity", "kind", "id"]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A member's secret iCalendar subscription URL; a new token revokes the old one."""

    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("委员"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("订阅令牌"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)

    class Meta:
        verbose_name = _("日历订阅")
        verbose_name_plural = _("日历订阅")

    def __str__(self) -> str:
        return str(self.member)
