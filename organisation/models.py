"""The organisation of a CPPCC body (SPEC §2): bodies, terms, special committees,
sectors and sector groups, departments and functional party groups."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 25 → 二十五 (届次 and 会次 as documents write them)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")


class Body(models.Model):
    """A CPPCC organisation: the municipal CPPCC or a banner/district CPPCC."""

    class Level(models.TextChoices):
        MUNICIPAL = "municipal", _("市政协")
        DISTRICT = "district", _("旗区政协")

    class ProposalNumbering(models.TextChoices):
        """How filed proposals are numbered (proposals.services.numbering)."""

        YEAR = "year", _("按年度编号（如 2025-0123）")
        SESSION = (
            "session",
            _("按会议编号：大会期间为“四届三次会议第0123号”，闭会期间另编“2025年闭会期间第0012号”"),
        )

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30)
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级政协"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    proposal_numbering = models.CharField(
        _("提案编号方式"),
        max_length=20,
        choices=ProposalNumbering.choices,
        default=ProposalNumbering.YEAR,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("政协组织")
        verbose_name_plural = _("政协组织")
        ordering = ["level", "id"]
        permissions = [
            ("manage_body", _("管理本级政协的组织数据（办公室）")),
            ("review_proposals", _("审查提案（提案审查专家）")),
            ("edit_archives", _("编审文史资料（文史编审）")),
            ("edit_public_opinion", _("编辑社情民意信息（社情民意编辑）")),
            ("chair_body", _("签发协商成果等（主席）")),
        ]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    """A term (届) of a body, normally five years: from the opening day of its first plenary
    session to the day before the next term's first session opens (not 1 January to
    31 December)."""

    body = models.ForeignKey(
        Body, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("届次"))
    name = models.CharField(_("名称"), max_length=30, help_text=_("例如：第五届"))
    start_date = models.DateField(
        _("开始日期"), help_text=_("本届第一次全体会议（一次会议）开幕之日")
    )
    end_date = models.DateField(
        _("结束日期"), help_text=_("下一届第一次全体会议开幕的前一日；尚未确定时填预计日期")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("届次")
        verbose_name_plural = _("届次")
        ordering = ["body", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="unique_term_number"),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Terms of one body follow each other: no day belongs to two terms."""
        if self.body_id is None or not (self.start_date and self.end_date):
            return
        overlapping = (
            Term.objects.filter(
                body_id=self.body_id, start_date__lte=self.end_date, end_date__gte=self.start_date
            )
            .exclude(pk=self.pk)
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                _(
                    "与%(term)s（%(start)s 至 %(end)s）的日期重叠；"
                    "一届自一次会议开幕之日起，到下一届一次会议开幕前一日止。"
                )
                % {
                    "term": overlapping.name,
                    "start": overlapping.start_date.isoformat(),
                    "end": overlapping.end_date.isoformat(),
                }
            )

    @property
    def short_name(self) -> str:
        """四届 for the 4th term, as in 四届三次会议."""
        return f"{chinese_numeral(self.number)}届"


class PlenarySession(models.Model):
    """A plenary session (全体会议) of a term: 四届三次会议. The first one opens the term.
    Proposals submitted from `proposals_from` (the collection before the session; its
    opening day when empty) to its closing day are the session's proposals."""

    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("会次"), help_text=_("第几次会议，例如 3"))
    start_date = models.DateField(_("开幕日期"))
    end_date = models.DateField(_("闭幕日期"))
    proposals_from = models.DateField(
        _("大会提案征集开始日期"),
        null=True,
        blank=True,
        help_text=_("此日至闭幕日提交的提案编入本次会议的提案号；留空则自开幕日起"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("全体会议")
        verbose_name_plural = _("全体会议")
        ordering = ["term", "number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="unique_session_number"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term.short_name}{chinese_numeral(self.number)}次会议"

    def clean(self) -> None:
        if self.term_id is None or not (self.start_date and self.end_date):
            return
        term = self.term
        errors = {}
        if not term.start_date <= self.start_date <= self.end_date <= term.end_date:
            errors["start_date"] = _("会议须在%(term)s（%(start)s 至 %(end)s）之内。") % {
                "term": term.name,
                "start": term.start_date.isoformat(),
                "end": term.end_date.isoformat(),
            }
        elif self.number == 1 and self.start_date != term.start_date:
            errors["start_date"] = _(
                "一次会议开幕之日即本届开始日期（%(start)s）：请改开幕日期或届次的开始日期。"
            ) % {"start": term.start_date.isoformat()}
        if self.proposals_from and self.proposals_from > self.start_date:
            errors["proposals_from"] = _("征集开始日期不能晚于开幕日期。")
        if errors:
            raise ValidationError(errors)
        window_start = self.window_start
        clash = (
            PlenarySession.objects.filter(term__body_id=term.body_id, end_date__gte=window_start)
            .filter(
                Q(proposals_from__isnull=True, start_date__lte=self.end_date)
                | Q(proposals_from__lte=self.end_date)
            )
            .exclude(pk=self.pk)
            .select_related("term")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("与%(session)s的提案征集期（%(start)s 至 %(end)s）重叠。")
                % {
                    "session": clash,
                    "start": clash.window_start.isoformat(),
                    "end": clash.end_date.isoformat(),
                }
            )

    @property
    def window_start(self):
        return self.proposals_from or self.start_date


class Department(models.Model):
    """A party or government department: a counterpart of committees (§16) and/or a
    proposal handling unit (承办单位, §10)."""

    class Kind(models.TextChoices):
        PARTY = "party", _("党委部门")
        GOVERNMENT = "government", _("政府部门")
        PEOPLES_CONGRESS = "congress", _("人大机关")
        JUDICIAL = "judicial", _("司法机关")
        ORGANISATION = "organisation", _("群团组织")
        ENTERPRISE = "enterprise", _("企事业单位")
        OTHER = "other", _("其他")

    body = models.ForeignKey(
        Body, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.GOVERNMENT)
    is_handling_unit = models.BooleanField(_("提案承办单位"), default=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="unique_department_name")
        ]
        permissions = [("act_for_department", _("以本单位名义办理（承办单位）"))]

    def __str__(self) -> str:
        return self.name


class Committee(models.Model):
    """A special committee (专门委员会) of a body."""

    class Kind(models.TextChoices):
        PROPOSALS = "proposals", _("提案委员会")
        ECONOMY = "economy", _("经济委员会")
        AGRICULTURE = "agriculture", _("农业和农村委员会")
        ENVIRONMENT = "environment", _("人口资源环境委员会")
        EDUCATION = "education", _("教科卫体委员会")
        SOCIAL_LEGAL = "social_legal", _("社会和法制委员会")
        ETHNIC_RELIGIOUS = "ethnic_religious", _("民族和宗教委员会")
        CULTURE_HISTORY = "culture_history", _("文化文史和学习委员会")
        HK_MACAO_TAIWAN = "hmt_foreign", _("港澳台侨和外事委员会")
        OTHER = "other", _("其他专门委员会")

    # §3: these two may take members from any sector group.
    OPEN_KINDS = (Kind.PROPOSALS, Kind.CULTURE_HISTORY)

    body = models.ForeignKey(
        Body, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="committees"
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("职责简介"), blank=True)
    phone = models.CharField(_("办公电话"), max_length=30, blank=True)
    office_address = models.CharField(_("办公地点"), max_length=200, blank=True)
    counterpart_departments = models.ManyToManyField(
        Department,
        verbose_name=_("对口联系部门"),
        blank=True,
        related_name="counterpart_committees",
    )
    counterparts = models.ManyToManyField(
        "self",
        verbose_name=_("旗区对口专委会"),
        blank=True,
        symmetrical=True,
        help_text=_("§15：与旗区政协对口专委会的联系"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords(m2m_fields=[counterpart_departments])

    class Meta:
        verbose_name = _("专门委员会")
        verbose_name_plural = _("专门委员会")
        ordering = ["body", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="unique_committee_name"),
            # One proposals committee and one culture & history committee per body.
            models.UniqueConstraint(
                fields=["body", "kind"],
                condition=~Q(kind="other"),
                name="unique_committee_kind",
            ),
        ]
        permissions = [
            ("work_in_committee", _("承担本专委会工作（专委会工作人员）")),
            ("oversee_committee", _("分管本专委会（分管副主席）")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def takes_members_from_any_group(self) -> bool:
        return self.kind in self.OPEN_KINDS


class SectorGroup(models.Model):
    """A sector activity group (界别活动组): one or more sectors, linked to one committee (§3)."""

    body = models.ForeignKey(
        Body, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="sector_groups"
    )
    name = models.CharField(_("名称"), max_length=100)
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("所联系专委会"),
        on_delete=models.PROTECT,
        related_name="sector_groups",
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("界别活动组")
        verbose_name_plural = _("界别活动组")
        ordering = ["body", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="unique_sector_group_name")
        ]

    def __str__(self) -> str:
        return self.name


class Sector(models.Model):
    """A sector (界别), e.g. 中国共产党, 经济界, 教育界."""

    body = models.ForeignKey(
        Body, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="sectors"
    )
    name = models.CharField(_("名称"), max_length=50)
    group = models.ForeignKey(
        SectorGroup,
        verbose_name=_("界别活动组"),
        on_delete=models.PROTECT,
        related_name="sectors",
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("界别")
        verbose_name_plural = _("界别")
        ordering = ["body", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="unique_sector_name")]

    def __str__(self) -> str:
        return self.name


class PartyGroup(models.Model):
    """A functional party group (功能型党小组, §17), one per sector group."""

    sector_group = models.OneToOneField(
        SectorGroup,
        verbose_name=_("界别活动组"),
        on_delete=models.CASCADE,
        related_name="party_group",
    )
    name = models.CharField(_("名称"), max_length=100)
    leader = models.ForeignKey(
        "members.Member",
        verbose_name=_("组长"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_party_groups",
    )
    leader_appointed_by_chair_meeting = models.BooleanField(
        _("由主席会议指定组长"),
        default=False,
        help_text=_(
            "§17：专委会主要负责同志非中共党员时，由主席会议指定党员常委或党员委员任组长。"
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("功能型党小组")
        verbose_name_plural = _("功能型党小组")
        ordering = ["sector_group__order", "id"]

    def __str__(self) -> str:
        return self.name


# django-guardian direct foreign-key permission tables (STACK.md): faster on lists, and a
# permission dies with its object instead of passing to a new row that reuses the id.
class BodyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Body, on_delete=models.CASCADE)


class CommitteeUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Committee, on_delete=models.CASCADE)


class DepartmentUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Department, on_delete=models.CASCADE)
