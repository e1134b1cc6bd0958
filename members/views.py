from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisation.models import Committee, Sector
from organisation.selectors import committee_access, get_committee_for
from portal.access import is_office, office_required, roles_of
from portal.feedback import form_errors, submit_on_page
from portal.spreadsheets import Column, export_response

from . import services
from .forms import (
    AccountOpenForm,
    MemberContactForm,
    MemberCreateForm,
    MemberForm,
    MembershipEndForm,
    MembershipStartForm,
    MembershipTransferForm,
)
from .models import CommitteeMembership, Member
from .selectors import Tenure, active_on, departure, get_member_for, member_list

MEMBER_COLUMNS = [
    Column(_("委员编号"), lambda m: m.code),
    Column(_("姓名"), lambda m: m.name),
    Column(_("性别"), lambda m: m.get_gender_display()),
    Column(_("民族"), lambda m: m.ethnicity),
    Column(_("出生日期"), lambda m: m.birth_date),
    Column(_("政治面貌"), lambda m: m.get_affiliation_display()),
    Column(_("所属党派"), lambda m: m.get_democratic_party_display()),
    Column(_("界别"), lambda m: m.sector.name),
    Column(_("工作单位"), lambda m: m.employer),
    Column(_("职务职称"), lambda m: m.position),
    Column(_("常委"), lambda m: m.is_standing),
    Column(_("手机号码"), lambda m: m.phone),
    Column(_("电子邮箱"), lambda m: m.email),
    Column(_("所在专委会"), lambda m: "、".join(s.committee.name for s in m.current_memberships)),
    Column(_("任职状态"), lambda m: tenure_label(m)),
]


def tenure_label(member: Member) -> str:
    """在任, or 离任 with the day he left and why (a row of `member_list`)."""
    if member.is_in_office:
        return _("在任")
    if member.left_on is None:
        return _("未到任")
    label = _("%(day)s 离任") % {"day": member.left_on.isoformat()}
    return f"{label}（{member.left_reason}）" if member.left_reason else label


def _filtered_members(request: HttpRequest):
    """The member list of this user, narrowed by the search box and filters."""
    tenure = Tenure.parse(request.GET.get("tenure"))
    members = member_list(request.user, tenure)
    query = request.GET.get("q", "").strip()
    if query:
        members = members.filter(
            Q(name__icontains=query)
            | Q(code__icontains=query)
            | Q(employer__icontains=query)
            | Q(phone__icontains=query)
        )
    filters = {"q": query, "tenure": tenure}
    sector = request.GET.get("sector", "")
    if sector.isdecimal():
        members = members.filter(sector_id=int(sector))
        filters["sector"] = sector
    committee = request.GET.get("committee", "")
    if committee.isdecimal():
        seated = CommitteeMembership.objects.filter(
            active_on(timezone.localdate()), committee_id=int(committee)
        ).values("member_id")
        members = members.filter(pk__in=seated)
        filters["committee"] = committee
    if request.GET.get("standing") == "1":
        members = members.filter(is_standing=True)
        filters["standing"] = "1"
    return members, filters


@login_required
def member_list_view(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    office = is_office(request.user)
    if not office and not roles.of("committee_staff") and not roles.of("vice_chair"):
        # A member has no list to browse: his own record is his page.
        raise PermissionDenied
    members, filters = _filtered_members(request)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    body_id = request.user.body_id
    return render(
        request,
        "members/member_list.html",
        {
            "page": page,
            "filters": filters,
            "office": office,
            "sectors": Sector.objects.filter(body_id=body_id),
            "committees": Committee.objects.filter(body_id=body_id),
            "tenures": Tenure.CHOICES,
            "querystring": request.GET.urlencode(),
        },
    )


@login_required
def member_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if not is_office(request.user) and not (
        roles_of(request.user).of("committee_staff") or roles_of(request.user).of("vice_chair")
    ):
        raise PermissionDenied
    members, _filters = _filtered_members(request)
    return export_response(fmt, _("委员名单"), MEMBER_COLUMNS, members)


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return member_page(request, get_member_for(request.user, pk))


def member_page(
    request: HttpRequest, member: Member, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    """The member's page; `bound` replaces its empty forms by forms a refusal sent back,
    shown with what was typed and the errors (issue 10: nothing typed is lost)."""
    office = is_office(request.user)
    own = member.user_id == request.user.pk
    memberships = member.memberships.select_related("committee").order_by("-start_date")
    left = departure(member)
    context = {
        "member": member,
        "office": office,
        "own": own,
        "terms": member.terms.select_related("term"),
        "memberships": memberships,
        "departed": left,
    }
    if office:
        context["history"] = member.history.select_related("history_user")[:20]
    if office and left is None:  # a member who left is not moved nor given a login
        context["transfer_form"] = MembershipTransferForm(body_id=member.body_id)
        context["account_form"] = AccountOpenForm(initial={"username": member.phone or member.code})
    for name, form in (bound or {}).items():
        if name in context:  # only a form the page shows to this user
            context[name] = form
    return render(request, "members/member_detail.html", context, status=status)


def _on_member_page(
    request: HttpRequest, member: Member, form, name: str, action, success: str
) -> HttpResponse:
    """A form posted from the member's page (portal.feedback.submit_on_page)."""
    return submit_on_page(
        request,
        form,
        action,
        success,
        done=lambda: redirect("members:member_detail", pk=member.pk),
        again=lambda bound: member_page(request, member, {name: bound}, status=400),
    )


@office_required
def member_create(request: HttpRequest) -> HttpResponse:
    form = MemberCreateForm(request.POST or None, body_id=request.user.body_id)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in MemberForm.Meta.fields}
        try:
            member = services.member_create(
                body_id=request.user.body_id,
                data=data,
                term=form.cleaned_data["term"],
                joined_on=form.cleaned_data["joined_on"],
                committee=form.cleaned_data["committee"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("委员 %(name)s 已添加。") % {"name": member.name})
            return redirect("members:member_detail", pk=member.pk)
    return render(request, "members/member_form.html", {"form": form, "member": None})


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The office edits everything; a member edits his own contact data."""
    member = get_member_for(request.user, pk)
    if is_office(request.user):
        form = MemberForm(request.POST or None, instance=member, body_id=member.body_id)
        fields = MemberForm.Meta.fields
    elif member.user_id == request.user.pk and request.user.has_perm(
        "members.change_member", member
    ):
        form = MemberContactForm(request.POST or None, instance=member)
        fields = MemberContactForm.Meta.fields
    else:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(
                member=member,
                data={field: form.cleaned_data[field] for field in fields},
                expected_version=form.cleaned_data.get("version") or 0,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("members:member_detail", pk=member.pk)
    return render(request, "members/member_form.html", {"form": form, "member": member})


@require_POST
@office_required
def member_open_account(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Member, pk=pk, body_id=request.user.body_id)
    return _on_member_page(
        request,
        member,
        AccountOpenForm(request.POST),
        "account_form",
        lambda data: services.member_open_account(member=member, by=request.user, **data),
        _("已为 %(name)s 开通账号。") % {"name": member.name},
    )


# Committee memberships ---------------------------------------------------------------------


@require_POST
@login_required
def membership_start(request: HttpRequest, committee_pk: int) -> HttpResponse:
    committee = get_committee_for(request.user, committee_pk)
    if not committee_access(request.user, committee).manage_memberships:
        raise PermissionDenied
    form = MembershipStartForm(request.POST, committee=committee)
    if form.is_valid():
        try:
            services.membership_start(committee=committee, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("已编入本专委会。"))
    else:
        messages.error(request, form_errors(form))
    return redirect("members:committee_detail", pk=committee.pk)


def _get_membership_for_change(request: HttpRequest, pk: int) -> CommitteeMembership:
    membership = get_object_or_404(
        CommitteeMembership.objects.select_related("committee", "member"),
        pk=pk,
        committee__body_id=request.user.body_id,
    )
    if not committee_access(request.user, membership.committee).manage_memberships:
        raise Http404
    return membership


@login_required
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _get_membership_for_change(request, pk)
    form = MembershipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(
                membership=membership,
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已办理调出专委会。"))
            return redirect("members:committee_detail", pk=membership.committee_id)
    return render(request, "members/membership_end.html", {"form": form, "membership": membership})


@require_POST
@office_required
def membership_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Member, pk=pk, body_id=request.user.body_id)
    return _on_member_page(
        request,
        member,
        MembershipTransferForm(request.POST, body_id=request.user.body_id),
        "transfer_form",
        lambda data: services.membership_transfer(member=member, by=request.user, **data),
        _("专委会已调整。"),
    )


@require_POST
@office_required
def body_roster_start(request: HttpRequest) -> HttpResponse:
    """The office asks for the roster of all members in office (a long PDF): it is made in
    the background and downloaded from the job's page."""
    from organisation.models import Body
    from portal.jobs import job_start

    from .reports import roster_title

    body = Body.objects.get(pk=request.user.body_id)
    job = job_start(
        kind="member_roster",
        title=_("%(title)s（PDF）") % {"title": roster_title(body)},
        params={"body_id": body.pk, "day": timezone.localdate().isoformat()},
        by=request.user,
    )
    return redirect("portal:job_detail", pk=job.pk)
