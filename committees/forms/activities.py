"""Forms of activities: the activity itself, invitations, answers, attendance, outside
participants and outputs. Choices come from the user's own body and committees only."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from committees.models import (
    Activity,
    ActivityInvitation,
    ActivityOutput,
    ActivityParticipant,
    PlanItem,
)
from members.models import Member
from organisation.models import Committee, Department, SectorGroup
from portal.widgets import CheckList

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ActivityForm(forms.ModelForm):
    """Staff choose the organising committee among their own; the office organises
    body-wide meetings (no committee). `version` guards against lost updates."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = [
            "type",
            "committee",
            "sector_groups",
            "topic",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "plan_item",
            "is_major",
            "is_public",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(
        self,
        *args,
        body_id: int,
        committees: QuerySet[Committee],
        plan_items: QuerySet[PlanItem],
        office: bool,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.body_id = body_id
        self.fields["committee"].queryset = committees
        self.fields["committee"].required = False
        self.fields["committee"].empty_label = (
            _("（不由专委会组织）") if office else _("（仅由界别活动组组织）")
        )
        self.fields["committee"].help_text = _(
            "组织专委会与组织界别活动组至少选一项；仅选界别活动组时，由其联系的专委会负责记录。"
        )
        self.fields["sector_groups"].queryset = organiser_groups(
            body_id=body_id, committees=committees, office=office, activity=self.instance
        )
        self.fields["sector_groups"].required = False
        self.fields["sector_groups"].widget = CheckList(
            choices=self.fields["sector_groups"].choices
        )
        self.fields["sector_groups"].label_from_instance = lambda group: (
            f"{group.name}（{group.committee.name}）" if group.committee_id else group.name
        )
        self.fields["sector_groups"].help_text = (
            _("可多选。") if office else _("可多选：本专委会联系的界别活动组。")
        )
        if not self.is_bound and self.instance.pk is None and not self.initial.get("committee"):
            # Staff of one committee organise for it: chosen for them (a save without a
            # committee nor a group would fail).
            own = list(committees[:2])
            if len(own) == 1:
                self.initial["committee"] = own[0].pk
        self.fields["plan_item"].queryset = plan_items
        self.fields["plan_item"].label_from_instance = lambda item: (
            f"{item.plan.year} · {item.get_activity_type_display()} · {item.topic}"
        )
        if not self.is_bound and self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if office and not committees.exists():
            self.fields.pop("is_major")


def organiser_groups(
    *, body_id: int, committees: QuerySet[Committee], office: bool, activity: Activity
) -> QuerySet[SectorGroup]:
    """The sector groups that may organise: the office chooses among all of its body's;
    committee staff among the groups linked to their committees (§3), plus any the
    activity already has (a committee linked to no group, like the proposals committee,
    chooses among all)."""
    groups = SectorGroup.objects.filter(body_id=body_id)
    if not office and groups.filter(committee__in=committees).exists():
        chosen = Q(committee__in=committees)
        if activity.pk is not None:
            chosen |= Q(pk__in=activity.sector_groups.values("pk"))
        groups = groups.filter(chosen)
    return groups.select_related("committee").order_by("order", "id")


class InviteForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("邀请委员"), queryset=Member.objects.none(), required=False
    )
    whole_committee = forms.BooleanField(label=_("邀请负责专委会全体在委委员"), required=False)
    organiser_groups = forms.BooleanField(label=_("邀请组织界别活动组的全体委员"), required=False)

    def __init__(self, *args, members: QuerySet[Member], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members


class RespondForm(forms.Form):
    response = forms.ChoiceField(
        label=_("回复"),
        choices=[
            (ActivityInvitation.Response.ACCEPTED, _("参加")),
            (ActivityInvitation.Response.LEAVE, _("请假")),
        ],
    )
    reason = forms.CharField(label=_("请假事由"), max_length=200, required=False)

    def clean(self) -> dict:
        data = super().clean()
        if (
            data.get("response") == ActivityInvitation.Response.LEAVE
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("请假须填写事由。"))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=500)


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = ActivityParticipant
        fields = ["kind", "name", "unit", "department"]

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            body_id=body_id, is_active=True
        )


class OutputForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ActivityOutput.Kind.choices)
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    speaker = forms.ModelChoiceField(
        label=_("发言委员"), queryset=Member.objects.none(), required=False
    )
    file = forms.FileField(
        label=_("文件"), help_text=_("PDF、Word（.docx）、Excel（.xlsx）、JPG、PNG")
    )

    def __init__(self, *args, speakers: QuerySet[Member], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = speakers


ATTENDANCE_CHOICES = [
    (ActivityInvitation.Attendance.PRESENT, _("出席")),
    (ActivityInvitation.Attendance.EXCUSED, _("请假")),
    (ActivityInvitation.Attendance.ABSENT, _("缺席")),
]


def parse_attendance(
    data, invitation_ids: list[int]
) -> tuple[dict[int, tuple[str, str]], list[str]]:
    """Read `attendance_<id>` / `reason_<id>` pairs for the given invitations from POST.
    Rows left empty are not recorded. Returns (entries, errors)."""
    entries: dict[int, tuple[str, str]] = {}
    errors: list[str] = []
    allowed = {value for value, _label in ATTENDANCE_CHOICES}
    for pk in invitation_ids:
        value = data.get(f"attendance_{pk}", "")
        if not value:
            continue
        if value not in allowed:
            errors.append(str(_("考勤选项无效。")))
            continue
        entries[pk] = (value, data.get(f"reason_{pk}", "")[:200])
    return entries, errors
