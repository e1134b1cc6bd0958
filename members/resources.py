"""The members (委员) spreadsheet: its columns and how a row becomes a member.

Imported in bulk (portal.imports.resources): the body's sectors, terms and committees
and the file's existing members are loaded once, every row is checked in Python (the
§3 全员入委 rule included, `committee_refusal`), and the rows are written in batches —
new members with their term seat and committee (`members_create_many`), changed members
(`members_update_many`), history rows included. An existing member whose sector changes
is updated through `member_update` one by one (it may move his committee seat). Run by
`portal.imports`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from organisation.models import Body, Committee, Sector, Term
from portal.imports import (
    BodyResource,
    ChoiceWidget,
    DateWidget,
    NamedWidget,
    TextWidget,
    YesNoWidget,
)
from portal.models import User

from .models import Member
from .services import (
    committee_refusal,
    home_committee,
    member_update,
    members_create_many,
    members_update_many,
)

# The column headers are the file format, shared with the template: not translated.
FIELDS = (
    "code", "name", "gender", "ethnicity", "birth_date", "affiliation", "democratic_party",
    "sector", "employer", "position", "is_standing", "phone", "email", "address",
    "term", "joined_on", "committee",
)  # fmt: skip
ENROLMENT = ("term", "joined_on", "committee")


class MemberResource(BodyResource):
    code = Field("code", "委员编号", TextWidget(required=True))
    name = Field("name", "姓名", TextWidget(required=True))
    gender = Field("gender", "性别", ChoiceWidget(Member.Gender, required=True))
    ethnicity = Field("ethnicity", "民族", TextWidget(default="汉族"))
    birth_date = Field("birth_date", "出生日期", DateWidget())
    affiliation = Field("affiliation", "政治面貌", ChoiceWidget(Member.Affiliation, required=True))
    democratic_party = Field("democratic_party", "所属党派", ChoiceWidget(Member.DemocraticParty))
    sector = Field("sector", "界别", NamedWidget(gettext_lazy("界别"), required=True))
    employer = Field("employer", "工作单位", TextWidget())
    position = Field("position", "职务职称", TextWidget())
    is_standing = Field("is_standing", "常委", YesNoWidget(default=False))
    phone = Field("phone", "手机号码", TextWidget())
    email = Field("email", "电子邮箱", TextWidget())
    address = Field("address", "通讯地址", TextWidget())
    # Seating of a new member; an existing member's seats are changed on his page.
    term = Field(None, "届次", NamedWidget(gettext_lazy("届次")))
    joined_on = Field(None, "任职开始日期", DateWidget())
    committee = Field(None, "所在专委会", NamedWidget(gettext_lazy("专门委员会")))

    sheet_title = gettext_lazy("委员名单")
    notes = {
        "委员编号": gettext_lazy("本级政协内唯一；再次导入同一编号会更新该委员的信息。"),
        "民族": gettext_lazy("留空为汉族。"),
        "出生日期": gettext_lazy("日期格式，如 1970-01-31。"),
        "所属党派": gettext_lazy("政治面貌为“民主党派”时必填，其他情况留空。"),
        "界别": gettext_lazy("须为本级政协已有的界别名称。"),
        "常委": gettext_lazy("填写“是”或“否”，留空为否。"),
        "届次": gettext_lazy("仅用于新增委员；留空为最近一届。"),
        "任职开始日期": gettext_lazy("仅用于新增委员；留空为届次开始日期，须在届次起止日期内。"),
        "所在专委会": gettext_lazy(
            "仅用于新增委员；留空按“全员入委”编入界别活动组对应的专委会。"
            "只能填写该专委会，或提案委员会、文化文史和学习委员会。"
        ),
    }

    class Meta:
        model = Member
        fields = FIELDS
        import_order = FIELDS
        import_id_fields = ("code",)
        use_bulk = True
        batch_size = 1000

    def __init__(self, *, body: Body, user: User | None) -> None:
        super().__init__(body=body, user=user)
        self.sectors = list(Sector.objects.filter(body=body).select_related("group__committee"))
        self.fields["sector"].widget.load(self.sectors)
        self.terms = list(Term.objects.filter(body=body).order_by("-number"))
        self.fields["term"].widget.load(self.terms)
        self.default_term = self.terms[0] if self.terms else None
        self.committees = list(Committee.objects.filter(body=body, is_active=True))
        self.fields["committee"].widget.load(self.committees)

    def reference_state(self) -> Any:
        def values(obj: Any) -> list:
            return [getattr(obj, f.attname) for f in obj._meta.concrete_fields]

        return (
            [(values(s), values(s.group) if s.group else None) for s in self.sectors],
            [values(t) for t in self.terms],
            [values(c) for c in self.committees],
            [values(s.group.committee) for s in self.sectors if s.group and s.group.committee],
        )

    def get_queryset(self):
        return super().get_queryset().select_related("sector__group__committee")

    def check_row(self, instance: Member, row: dict, errors: dict, **kwargs: Any) -> None:
        A = Member.Affiliation
        if not {"affiliation", "democratic_party"} & errors.keys():
            if instance.affiliation == A.DEMOCRATIC_PARTY and not instance.democratic_party:
                errors["democratic_party"] = [_("政治面貌为“民主党派”时必须填写所属党派。")]
            elif instance.affiliation != A.DEMOCRATIC_PARTY and instance.democratic_party:
                errors["democratic_party"] = [_("只有政治面貌为“民主党派”时才填写所属党派。")]
        if instance.birth_date and instance.birth_date >= timezone.localdate():
            errors.setdefault("birth_date", []).append(_("出生日期应早于今天。"))
        seating: dict[str, Any] = {}
        for name in ENROLMENT:
            column = self.fields[name].column_name
            try:
                seating[name] = self.fields[name].clean(row) if column in row else None
            except ValueError as error:
                errors[name] = [str(error)]
        if instance.pk is not None:
            return
        term = seating.get("term") or self.default_term
        joined_on = seating.get("joined_on")
        if term is None:
            errors["term"] = [_("本级政协还没有届次，请先添加届次。")]
        elif joined_on and not term.start_date <= joined_on <= term.end_date:
            errors["joined_on"] = [
                _("任职开始日期 %(date)s 不在%(term)s（%(start)s 至 %(end)s）内。")
                % {
                    "date": joined_on.isoformat(),
                    "term": term,
                    "start": term.start_date.isoformat(),
                    "end": term.end_date.isoformat(),
                }
            ]
        committee = seating.get("committee")
        if committee is not None and instance.sector_id and "sector" not in errors:
            # §3 全员入委, as membership_start checks it (a new member sits nowhere yet).
            refusal = committee_refusal(member=instance, committee=committee)
            if refusal:
                errors["committee"] = [refusal]
        if term is not None and instance.sector_id and "sector" not in errors:
            instance._import_seating = (
                term,
                joined_on or term.start_date,
                committee or home_committee(instance),
            )

    def save_instance(self, instance: Member, is_create: bool, row: dict, **kwargs: Any):
        if is_create or "sector_id" not in self.changed(instance):
            return super().save_instance(instance, is_create, row, **kwargs)
        # A new sector may move his committee seat: member_update, one row at a time (in
        # a dry run too, rolled back with it), and the plan repeats it on confirm.
        line = self.line_of(kwargs.get("row_number"))
        self.plan.append(
            {
                "op": "service",
                "line": line,
                "id": instance.pk,
                "version": instance.version,
                "values": self._values(instance, self.changed(instance)),
            }
        )
        try:
            with transaction.atomic():
                self.persist(instance, is_create=False, row=row)
        except IntegrityError:
            raise ValidationError(
                _("与已有记录冲突，可能有人同时修改了数据，请重新上传。")
            ) from None

    @staticmethod
    def _values(instance: Member, attnames: list[str]) -> dict:
        values = {}
        for attname in attnames:
            value = getattr(instance, attname)
            values[attname] = value.isoformat() if isinstance(value, dt.date) else value
        return values

    def plan_entry(self, instance: Member, *, is_create: bool) -> dict:
        if not is_create:
            return {
                "op": "update",
                "line": instance._import_line,
                "id": instance.pk,
                "values": self._values(instance, self.changed(instance)),
            }
        term, joined_on, committee = instance._import_seating
        attnames = [
            Member._meta.get_field(f.attribute).attname
            for f in self.get_import_fields()
            if f.attribute
        ]
        return {
            "op": "create",
            "line": instance._import_line,
            "values": self._values(instance, attnames),
            "term": term.pk,
            "joined_on": joined_on.isoformat(),
            "committee": committee.pk if committee else None,
        }

    @staticmethod
    def _python(values: dict) -> dict:
        return {a: Member._meta.get_field(a).to_python(v) for a, v in values.items()}

    def write_plan(self, entries: list[dict]) -> list[tuple[int, str, list[str]]]:
        created = [
            (
                Member(body=self.body, **self._python(e["values"])),
                e["term"],
                dt.date.fromisoformat(e["joined_on"]),
                e["committee"],
            )
            for e in entries
            if e["op"] == "create"
        ]
        if created:
            members_create_many(seats=created, by=self.user)
        updated: list[Member] = []
        fields: set[str] = set()
        for e in entries:
            if e["op"] == "update":
                member = self.known[e["id"]]
                for attname, value in self._python(e["values"]).items():
                    setattr(member, attname, value)
                updated.append(member)
                fields.update(e["values"])
        if updated:
            members_update_many(members=updated, fields=sorted(fields), by=self.user)
        refused = []
        for e in entries:
            if e["op"] != "service":
                continue
            try:
                with transaction.atomic():
                    member_update(
                        member=self.known[e["id"]],
                        data=self._python(e["values"]),
                        expected_version=e["version"],
                        by=self.user,
                    )
            except ValidationError as error:
                refused.append((e["line"], "", error.messages))
        return refused

    def persist(self, instance: Member, *, is_create: bool, row: dict) -> None:
        # The rows of a bulk run that go one by one: an existing member changing sector.
        data = {
            f.attribute: getattr(instance, f.attribute)
            for f in self.get_import_fields()
            if f.attribute and f.column_name in row
        }
        saved = member_update(
            member=instance, data=data, expected_version=instance.version, by=self.user
        )
        instance.version = saved.version

    def label(self, instance: Member) -> str:
        return f"{instance.code} {instance.name}"

    def new_detail(self, instance: Member) -> str:
        _term, joined_on, committee = instance._import_seating
        if committee is None:
            return _("未编入专委会（界别未编入界别活动组）")
        return _("编入「%(committee)s」，自 %(date)s") % {
            "committee": committee,
            "date": joined_on.isoformat(),
        }
