from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, Department

from .models import BODY_ROLES, COMMITTEE_ROLES, DEPARTMENT_ROLES, Role, User


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
    role = forms.ChoiceField(label=_("角色"), choices=ASSIGNABLE_ROLES)
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
