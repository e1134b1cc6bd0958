from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Func, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees import selectors as committee_work_selectors
from committees.models import Body, Committee, Department, Sector
from members.models import CommitteeMembership, Member
from members.selectors import active_on, members_in_office_on
from proposals import selectors as proposal_selectors

from . import services
from .access import (
    OVERSEE_COMMITTEE,
    WORK_IN_COMMITTEE,
    committees_where,
    departments_where,
    office_required,
    roles_of,
)
from .feedback import form_errors
from .forms import PasswordResetByOfficeForm, RoleGrantForm, UserCreateForm
from .history import history_sources, recent_changes
from .models import Notification, Role, RoleAssignment, User


def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and the benchmarks' baseline: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


def count_all(body_id: int, querysets: dict[str, QuerySet]) -> dict[str, int]:
    """The row counts of several querysets in one query: a COUNT subquery each."""
    counts = {
        f"count_{name}": Subquery(
            qs.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        )
        for name, qs in querysets.items()
    }
    row = Body.objects.filter(pk=body_id).annotate(**counts).values(*counts).get()
    return {name: row[f"count_{name}"] for name in querysets}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One page per person: a section for each role he holds."""
    user = request.user
    roles = roles_of(user)
    today = timezone.localdate()
    context: dict = {"today": today}
    if roles.has(Role.OFFICE):
        body_id = user.body_id
        in_office = members_in_office_on(body_id, today)
        counts = {
            "members": in_office,
            "committees": Committee.objects.filter(body_id=body_id, is_active=True),
            "sectors": Sector.objects.filter(body_id=body_id),
            "departments": Department.objects.filter(body_id=body_id, is_active=True),
            "users": User.objects.filter(body_id=body_id, is_active=True),
            "unseated": in_office.exclude(
                memberships__in=CommitteeMembership.objects.filter(active_on(today))
            ),
        }
        context["office"] = count_all(body_id, counts)
    if roles.has(Role.COMMITTEE_STAFF) or roles.has(Role.VICE_CHAIR):
        context["my_committees"] = (
            committees_where(user, WORK_IN_COMMITTEE, OVERSEE_COMMITTEE)
            .annotate(
                seated=Count(
                    "memberships",
                    filter=Q(memberships__start_date__lte=today)
                    & (Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)),
                )
            )
            .order_by("order", "id")
        )
    if roles.has(Role.HANDLING_UNIT):
        context["my_departments"] = departments_where(user)
    if roles.member is not None:
        context["me"] = (
            Member.objects.select_related("sector")
            .prefetch_related("memberships__committee")
            .get(pk=roles.member.pk)
        )
    context.update(proposal_selectors.home_context(user, roles))
    context.update(committee_work_selectors.home_context(user, roles))
    context["notifications"] = Notification.objects.filter(recipient=user, read_at__isnull=True)[:5]
    return render(request, "portal/home.html", context)


# Notifications --------------------------------------------------------------------------


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Notification.objects.filter(recipient=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read and follow its link."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("portal:notification_list")


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_read(user=request.user)
    messages.success(request, _("已将 %(count)d 条通知标为已读。") % {"count": count})
    return redirect("portal:notification_list")


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
        "portal/user_list.html",
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
            return redirect("portal:user_detail", pk=user.pk)
    return render(request, "portal/user_form.html", {"form": form})


@office_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _get_body_user(request, pk)
    assignments = account.role_assignments.select_related("committee", "department", "granted_by")
    member = Member.objects.filter(user=account).first()
    return render(
        request,
        "portal/user_detail.html",
        {
            "account": account,
            "assignments": assignments,
            "member": member,
            "grant_form": RoleGrantForm(body_id=request.user.body_id),
            "password_form": PasswordResetByOfficeForm(user=account),
        },
    )


@require_POST
@office_required
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    account = _get_body_user(request, pk)
    form = RoleGrantForm(request.POST, body_id=request.user.body_id)
    if form.is_valid():
        try:
            services.role_grant(
                user=account,
                role=form.cleaned_data["role"],
                body=request.user.body,
                committee=form.cleaned_data["committee"],
                department=form.cleaned_data["department"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("角色已授予。"))
    else:
        messages.error(request, form_errors(form))
    return redirect("portal:user_detail", pk=account.pk)


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
    return redirect("portal:user_detail", pk=assignment.user_id)


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
    return redirect("portal:user_detail", pk=account.pk)


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
    return redirect("portal:user_detail", pk=account.pk)


# History -----------------------------------------------------------------------------------


@office_required
def history(request: HttpRequest) -> HttpResponse:
    """Who changed which organisation record, when, and what changed."""
    source = request.GET.get("source", "")
    sources = history_sources()
    if source not in sources:
        source = ""
    changes = recent_changes(body_id=request.user.body_id, source=source or None, limit=100)
    return render(
        request,
        "portal/history.html",
        {"changes": changes, "source": source, "sources": {k: v[0] for k, v in sources.items()}},
    )
