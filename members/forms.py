from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Committee, PartyGroup, Sector, Term

from .models import CommitteeMembership, Member

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

MEMBER_FIELDS = [
    "code",
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "affiliation",
    "democratic_party",
    "sector",
    "employer",
    "position",
    "is_standing",
    "phone",
    "email",
    "address",
]
CONTACT_FIELDS = ["phone", "email", "address"]


class MemberForm(forms.ModelForm):
    """The office's form for a member record. `version` guards against lost updates."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Member
        fields = MEMBER_FIELDS
        widgets = {"birth_date": DATE}

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.body_id = body_id
        self.fields["sector"].queryset = Sector.objects.filter(body_id=body_id).select_related(
            "group"
        )
        self.fields["version"].initial = self.instance.version

    def clean(self) -> dict:
        data = super().clean()
        if data.get("affiliation") != Member.Affiliation.DEMOCRATIC_PARTY:
            data["democratic_party"] = ""
        elif not data.get("democratic_party"):
            self.add_error("democratic_party", _("民主党派成员请选择所属党派。"))
        return data


class MemberCreateForm(MemberForm):
    term = forms.ModelChoiceField(label=_("届次"), queryset=Term.objects.none())
    joined_on = forms.DateField(
        label=_("任职开始日期"),
        required=False,
        widget=DATE,
        help_text=_("留空则为届次开始日期；年中增补的委员自该日起计算出勤与任务。"),
    )
    committee = forms.ModelChoiceField(
        label=_("编入专委会"),
        queryset=Committee.objects.none(),
        required=False,
        help_text=_("留空则按“全员入委”编入其界别活动组对应的专委会。"),
    )

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, body_id=body_id, **kwargs)
        terms = Term.objects.filter(body_id=body_id)
        self.fields["term"].queryset = terms
        self.fields["term"].initial = terms.first()
        self.fields["committee"].queryset = Committee.objects.filter(
            body_id=body_id, is_active=True
        )


class MemberContactForm(forms.ModelForm):
    """What a member may change on his own record."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Member
        fields = CONTACT_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


class MembershipStartForm(forms.Form):
    """Seat a member in a committee (from the committee's page)."""

    member = forms.ModelChoiceField(label=_("委员"), queryset=Member.objects.none())
    role = forms.ChoiceField(
        label=_("职务"),
        choices=CommitteeMembership.Role.choices,
        initial=CommitteeMembership.Role.MEMBER,
    )
    start_date = forms.DateField(label=_("入委日期"), widget=DATE)

    def __init__(self, *args, committee: Committee, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = seatable_members(committee)
        self.fields["start_date"].initial = timezone.localdate()


def seatable_members(committee: Committee):
    """Members who could take a seat here today: in office, in no committee now, and (§3)
    of a sector group linked to this committee unless it takes members from any group.
    A member seated elsewhere moves through 调整专委会 on his own page."""
    from .selectors import active_on, members_in_office_on

    today = timezone.localdate()
    seated = CommitteeMembership.objects.filter(active_on(today)).values("member_id")
    members = members_in_office_on(committee.body_id, today).exclude(pk__in=seated)
    if not committee.takes_members_from_any_group:
        members = members.filter(sector__group__committee=committee)
    return members.order_by("code")


class MembershipEndForm(forms.Form):
    end_date = forms.DateField(label=_("调出日期"), widget=DATE)
    reason = forms.CharField(label=_("调出原因"), max_length=200)


class MembershipTransferForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("调入专委会"), queryset=Committee.objects.none())
    role = forms.ChoiceField(
        label=_("职务"),
        choices=CommitteeMembership.Role.choices,
        initial=CommitteeMembership.Role.MEMBER,
    )
    on_date = forms.DateField(label=_("调整日期"), widget=DATE)
    reason = forms.CharField(label=_("调整原因"), max_length=200)

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(
            body_id=body_id, is_active=True
        )
        self.fields["on_date"].initial = timezone.localdate()


class AccountOpenForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(
        label=_("初始密码"), widget=forms.PasswordInput(render_value=False), strip=False
    )

    def clean_password(self) -> str:
        from django.contrib.auth import password_validation

        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class PartyGroupForm(forms.ModelForm):
    class Meta:
        model = PartyGroup
        fields = ["name", "leader", "leader_appointed_by_chair_meeting"]

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = Member.objects.filter(
            body_id=body_id, affiliation=Member.Affiliation.CPC
        ).order_by("code")


# Logins and roles ----------------------------------------------------------------------
