"""The office's pages for logins and roles (用户与角色): create a login, grant and revoke
roles with their object permissions, deactivate a login, reset a password."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import services
from portal.access import office_required
from portal.feedback import submit_on_page
from portal.models import Role, RoleAssignment, User

from .forms import PasswordResetByOfficeForm, RoleGrantForm, UserCreateForm

# Users and roles (office) ----------------------------------------------------------------


def _get_body_user(request: HttpRequest, pk: int) -> User:
    """A login of the office's own body; anyone else's is 404."""
    return get_object_or_404(User, pk=pk, body_id=request.user.body_id)


@office_required
def user_list(request: HttpRequest) -> HttpResponse:
    users = User.objects.filter(body_id=request.user.body_id).prefetch_related(
        "role_assignments__committee", "role_assignments__department"
    )
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    role = request.GET.get("role", "")
    if role == Role.MEMBER:
        users = users.filter(member__isnull=False)
    elif role in Role.values:
        users = users.filter(role_assignments__role=role).distinct()
    page = Paginator(users.order_by("username"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organisation/user_list.html",
        {"page": page, "query": query, "role": role, "role_choices": Role.choices},
    )


@office_required
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(
                body=request.user.body, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("账号 %(name)s 已创建，请为其分配角色。") % {"name": user})
            return redirect("organisation:user_detail", pk=user.pk)
    return render(request, "organisation/user_form.html", {"form": form})


@office_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _user_page(request, _get_body_user(request, pk))


def _user_page(request: HttpRequest, account, grant_form=None, status: int = 200) -> HttpResponse:
    """The login's page; a refused grant comes back with what was chosen (issue 10)."""
    assignments = account.role_assignments.select_related("committee", "department", "granted_by")
    try:
        member = account.member  # members.Member.user, the login of a member
    except ObjectDoesNotExist:
        member = None
    return render(
        request,
        "organisation/user_detail.html",
        {
            "account": account,
            "assignments": assignments,
            "member": member,
            "grant_form": grant_form or RoleGrantForm(body_id=request.user.body_id),
            "password_form": PasswordResetByOfficeForm(user=account),
        },
        status=status,
    )


@require_POST
@office_required
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    account = _get_body_user(request, pk)
    return submit_on_page(
        request,
        RoleGrantForm(request.POST, body_id=request.user.body_id),
        lambda data: services.role_grant(
            user=account,
            role=data["role"],
            body=request.user.body,
            committee=data["committee"],
            department=data["department"],
            by=request.user,
        ),
        _("角色已授予。"),
        done=lambda: redirect("organisation:user_detail", pk=account.pk),
        again=lambda bound: _user_page(request, account, bound, status=400),
    )


@require_POST
@office_required
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(RoleAssignment, pk=pk, body_id=request.user.body_id)
    services.role_revoke(assignment=assignment, by=request.user)
    messages.success(
        request,
        _("已撤销 %(user)s 的「%(role)s」角色。")
        % {"user": assignment.user, "role": assignment.get_role_display()},
    )
    return redirect("organisation:user_detail", pk=assignment.user_id)


@require_POST
@office_required
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    account = _get_body_user(request, pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(user=account, active=active, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("账号已启用。") if active else _("账号已停用。"))
    return redirect("organisation:user_detail", pk=account.pk)


@require_POST
@office_required
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    account = _get_body_user(request, pk)
    form = PasswordResetByOfficeForm(request.POST, user=account)
    if form.is_valid():
        services.user_set_password(
            user=account, password=form.cleaned_data["password"], by=request.user
        )
        messages.success(request, _("密码已重置。"))
    else:
        messages.error(request, " ".join(form.errors.get("password", [])))
    return redirect("organisation:user_detail", pk=account.pk)
