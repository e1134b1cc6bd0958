"""Members (委员) of a body, their terms and their dated committee memberships (SPEC §2)."""

from django.conf import settings
from django.contrib.postgres.fields import RangeOperators
from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from portal.pg import DateRange, PgExclusionConstraint, PgGinIndex


class Member(models.Model):
    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    class Affiliation(models.TextChoices):
        CPC = "cpc", _("中共党员")
        DEMOCRATIC_PARTY = "democratic", _("民主党派")
        NON_PARTY = "non_party", _("无党派人士")
        YOUTH_LEAGUE = "youth_league", _("共青团员")
        MASSES = "masses", _("群众")

    class DemocraticParty(models.TextChoices):
        RCCK = "rcck", _("民革")
        CDL = "cdl", _("民盟")
        CNDCA = "cndca", _("民建")
        CAPD = "capd", _("民进")
        CPWDP = "cpwdp", _("农工党")
        CZGP = "czgp", _("致公党")
        JS = "js", _("九三学社")
        TDSGL = "tdsgl", _("台盟")

    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("政协组织"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
    )
    code = models.CharField(_("委员编号"), max_length=30)
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    affiliation = models.CharField(_("政治面貌"), max_length=20, choices=Affiliation.choices)
    democratic_party = models.CharField(
        _("所属党派"), max_length=10, choices=DemocraticParty.choices, blank=True
    )
    sector = models.ForeignKey(
        "organisation.Sector",
        verbose_name=_("界别"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    employer = models.CharField(_("工作单位"), max_length=200, blank=True)
    position = models.CharField(_("职务职称"), max_length=200, blank=True)
    is_standing = models.BooleanField(_("常委"), default=False)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通讯地址"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("委员")
        verbose_name_plural = _("委员")
        ordering = ["body", "code"]
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="unique_member_code"),
            models.CheckConstraint(
                name="democratic_party_only_for_democratic",
                condition=Q(affiliation="democratic") | Q(democratic_party=""),
            ),
        ]
        indexes = [
            models.Index(fields=["body", "name"]),
            # The search box (icontains is UPPER(col) LIKE UPPER(%s)), the body first.
            PgGinIndex(
                F("body"),
                *[
                    OpClass(Upper(c), name="gin_trgm_ops")
                    for c in ("name", "code", "employer", "phone")
                ],
                name="member_search_trgm",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MemberTerm(models.Model):
    """A member's seat in one term, from the day he joined to the day he left."""

    member = models.ForeignKey(
        Member, verbose_name=_("委员"), on_delete=models.CASCADE, related_name="terms"
    )
    term = models.ForeignKey(
        "organisation.Term", verbose_name=_("届次"), on_delete=models.PROTECT, related_name="seats"
    )
    start_date = models.DateField(_("任职开始"))
    end_date = models.DateField(_("任职结束"), null=True, blank=True)
    end_reason = models.CharField(_("结束原因"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("委员任期")
        verbose_name_plural = _("委员任期")
        ordering = ["member", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["member", "term"], name="unique_member_term"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="member_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.term}"


class CommitteeMembership(models.Model):
    """A member's seat in a committee over a date range (both ends inclusive).

    The 全员入委 rule (§3) is enforced by `members.services.membership_start`; on
    PostgreSQL an exclusion constraint (migration 0002) also forbids two overlapping
    memberships of one member, whatever path the rows take.
    """

    class Role(models.TextChoices):
        DIRECTOR = "director", _("主任")
        DEPUTY_DIRECTOR = "deputy", _("副主任")
        MEMBER = "member", _("委员")

    member = models.ForeignKey(
        Member, verbose_name=_("委员"), on_delete=models.CASCADE, related_name="memberships"
    )
    committee = models.ForeignKey(
        "organisation.Committee",
        verbose_name=_("专门委员会"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("职务"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(_("入委日期"))
    end_date = models.DateField(_("调出日期"), null=True, blank=True)
    end_reason = models.CharField(_("调出原因"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专委会委员")
        verbose_name_plural = _("专委会委员")
        ordering = ["committee", "role", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_ends_after_start",
            ),
            # 全员入委: one committee at a time (PostgreSQL; SQLite relies on the service).
            PgExclusionConstraint(
                name="membership_no_overlap",
                index_type="gist",
                expressions=[
                    (F("member"), RangeOperators.EQUAL),
                    (DateRange(F("start_date"), F("end_date")), RangeOperators.OVERLAPS),
                ],
            ),
        ]
        indexes = [models.Index(fields=["committee", "start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.member} · {self.committee} · {self.get_role_display()}"

    def covers(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class MemberUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Member, on_delete=models.CASCADE)
