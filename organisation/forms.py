from django import forms
from django.contrib.auth import password_validation
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisation.models import Body, Committee, Department, Sector, SectorGroup, Term
from portal.models import BODY_ROLES, COMMITTEE_ROLES, DEPARTMENT_ROLES, Role, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BodyScopedForm(forms.ModelForm):
    """A model form whose choices come from one body only, and whose instance gets that
    body: an id from another body is not a valid choice."""

    body_scoped_fields: dict[str, type] = {}

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.body_id = body_id
        if hasattr(self.instance, "body_id") and self.instance.body_id is None:
            self.instance.body_id = body_id
        for name, model in self.body_scoped_fields.items():
            if name in self.fields:
                qs = model.objects.filter(body_id=body_id)
                if self.instance.pk and model is type(self.instance):
                    qs = qs.exclude(pk=self.instance.pk)
                self.fields[name].queryset = qs


class CommitteeForm(BodyScopedForm):
    """The office's form: everything about a committee."""

    body_scoped_fields = {"counterpart_departments": Department}
    vice_chair = forms.ModelChoiceField(
        label=_("分管副主席"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = Committee
        fields = [
            "name",
            "kind",
            "order",
            "description",
            "phone",
            "office_address",
            "counterpart_departments",
            "counterparts",
            "is_active",
        ]
        widgets = {
            "counterpart_departments": forms.SelectMultiple(attrs={"size": 8}),
            "counterparts": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, body_id: int, vice_chair: User | None = None, **kwargs) -> None:
        super().__init__(*args, body_id=body_id, **kwargs)
        self.fields["vice_chair"].queryset = User.objects.filter(
            body_id=body_id, is_active=True
        ).order_by("full_name")
        self.fields["vice_chair"].initial = vice_chair
        # §15: counterpart committees are those of the parent and the banner/district bodies.
        related = Body.objects.filter(Q(children__id=body_id) | Q(parent_id=body_id))
        self.fields["counterparts"].queryset = Committee.objects.filter(
            body__in=related
        ).select_related("body")
        self.fields["counterparts"].label_from_instance = lambda c: (
            f"{c.body.short_name} · {c.name}"
        )


class BodyForm(forms.ModelForm):
    """The office edits its own body and creates or edits its banner/district bodies."""

    class Meta:
        model = Body
        fields = ["name", "short_name"]


class CommitteeProfileForm(forms.ModelForm):
    """What the committee's own staff may edit."""

    class Meta:
        model = Committee
        fields = ["description", "phone", "office_address"]


class TermForm(BodyScopedForm):
    class Meta:
        model = Term
        fields = ["number", "name", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}


class SectorForm(BodyScopedForm):
    body_scoped_fields = {"group": SectorGroup}

    class Meta:
        model = Sector
        fields = ["name", "group", "order"]


class SectorGroupForm(BodyScopedForm):
    body_scoped_fields = {"committee": Committee}

    class Meta:
        model = SectorGroup
        fields = ["name", "committee", "order"]


class DepartmentForm(BodyScopedForm):
    class Meta:
        model = Department
        fields = [
            "name",
            "kind",
            "is_handling_unit",
            "contact_person",
            "contact_phone",
            "address",
            "is_active",
        ]


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号码"), max_length=20, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    password = forms.CharField(
        label=_("初始密码"), widget=forms.PasswordInput(render_value=False), strip=False
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("该用户名已被使用。"))
        return username

    def clean(self) -> dict:
        data = super().clean()
        if data.get("password"):
            probe = User(username=data.get("username", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(data["password"], probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class PasswordResetByOfficeForm(forms.Form):
    password = forms.CharField(
        label=_("新密码"), widget=forms.PasswordInput(render_value=False), strip=False
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        password_validation.validate_password(password, self.user)
        return password


ASSIGNABLE_ROLES = [(r.value, r.label) for r in Role if r != Role.MEMBER]


class RoleGrantForm(forms.Form):
    # No role is pre-selected: granting one (the office is the most powerful) is a choice.
    role = forms.ChoiceField(
        label=_("角色"),
        choices=[("", _("—— 请选择角色 ——")), *ASSIGNABLE_ROLES],
        error_messages={"required": _("请选择要授予的角色。")},
    )
    committee = forms.ModelChoiceField(
        label=_("专门委员会"), queryset=Committee.objects.none(), required=False
    )
    department = forms.ModelChoiceField(
        label=_("单位"), queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(body_id=body_id)
        self.fields["department"].queryset = Department.objects.filter(
            body_id=body_id, is_active=True
        )

    def clean(self) -> dict:
        data = super().clean()
        role = data.get("role")
        if role in COMMITTEE_ROLES and not data.get("committee"):
            self.add_error("committee", _("该角色须选择专门委员会。"))
        if role in DEPARTMENT_ROLES and not data.get("department"):
            self.add_error("department", _("该角色须选择单位。"))
        if role in BODY_ROLES:
            data["committee"] = data["department"] = None
        return data
