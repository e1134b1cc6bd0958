from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.forms import (
    BodyForm,
    CommitteeForm,
    CommitteeProfileForm,
    DepartmentForm,
    PartyGroupForm,
    SectorForm,
    SectorGroupForm,
    TermForm,
)
from committees.models import Body, Committee, Department, PartyGroup, Sector, SectorGroup, Term
from committees.selectors import (
    committee_access,
    committee_list,
    get_committee_for,
    get_department_for,
)
from committees.services import org as services
from members.forms import MembershipStartForm
from members.selectors import committee_roster
from portal.access import office_required
from portal.models import Role, RoleAssignment
from portal.spreadsheets import Column, export_response

# Committees --------------------------------------------------------------------------------


@login_required
def committee_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "committees/committee_list.html", {"committees": committee_list(request.user)}
    )


@login_required
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_committee_for(request.user, pk)
    access = committee_access(request.user, committee)
    today = timezone.localdate()
    roster = list(committee_roster(committee, today))
    leaders = [seat for seat in roster if seat.role != "member"]
    context = {
        "committee": committee,
        "access": access,
        "leaders": leaders,
        "seat_count": len(roster),
        "sector_groups": committee.sector_groups.prefetch_related("sectors"),
        "counterpart_departments": committee.counterpart_departments.all(),
        "vice_chair": RoleAssignment.objects.filter(role=Role.VICE_CHAIR, committee=committee)
        .select_related("user")
        .first(),
    }
    if access.see_roster:
        context["roster"] = roster
    if access.manage_memberships:
        context["membership_form"] = MembershipStartForm(committee=committee)
    return render(request, "committees/committee_detail.html", context)


@office_required
def committee_create(request: HttpRequest) -> HttpResponse:
    return _committee_form(request, Committee())


@login_required
def committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_committee_for(request.user, pk)
    access = committee_access(request.user, committee)
    if access.office:
        return _committee_form(request, committee)
    if not access.edit_profile:
        raise PermissionDenied
    form = CommitteeProfileForm(request.POST or None, instance=committee)
    if request.method == "POST" and form.is_valid():
        services.org_record_save(instance=form.instance, by=request.user)
        messages.success(request, _("专委会信息已保存。"))
        return redirect("committees:committee_detail", pk=committee.pk)
    return render(request, "committees/committee_form.html", {"form": form, "committee": committee})


def _committee_form(request: HttpRequest, committee: Committee) -> HttpResponse:
    current = (
        RoleAssignment.objects.filter(role=Role.VICE_CHAIR, committee=committee).first()
        if committee.pk
        else None
    )
    form = CommitteeForm(
        request.POST or None,
        instance=committee,
        body_id=request.user.body_id,
        vice_chair=current.user if current else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.org_record_save(
                instance=form.instance,
                by=request.user,
                m2m={
                    "counterpart_departments": form.cleaned_data["counterpart_departments"],
                    "counterparts": form.cleaned_data["counterparts"],
                },
            )
            services.committee_set_vice_chair(
                committee=saved, user=form.cleaned_data["vice_chair"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("专委会「%(name)s」已保存。") % {"name": saved.name})
            return redirect("committees:committee_detail", pk=saved.pk)
    return render(
        request,
        "committees/committee_form.html",
        {"form": form, "committee": committee if committee.pk else None},
    )


# Bodies --------------------------------------------------------------------------------------


@office_required
def body_list(request: HttpRequest) -> HttpResponse:
    """The office's own body and its banner/district bodies."""
    body = request.user.body
    children = body.children.annotate(
        committee_count=Count("committees", distinct=True),
        member_count=Count("members", distinct=True),
    )
    return render(request, "committees/body_list.html", {"body": body, "children": children})


def _get_managed_body(request: HttpRequest, pk: int) -> Body:
    """The office's own body or one of its banner/district bodies; anything else is 404."""
    return get_object_or_404(
        Body.objects.filter(Q(pk=request.user.body_id) | Q(parent_id=request.user.body_id)),
        pk=pk,
    )


@office_required
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = _get_managed_body(request, pk)
    return _body_form(request, body)


@office_required
def body_create(request: HttpRequest) -> HttpResponse:
    """A banner/district CPPCC under the office's municipal body."""
    parent = request.user.body
    if parent.level != Body.Level.MUNICIPAL:
        raise PermissionDenied
    return _body_form(request, Body(parent=parent, level=Body.Level.DISTRICT))


def _body_form(request: HttpRequest, body: Body) -> HttpResponse:
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.org_record_save(instance=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("政协组织「%(name)s」已保存。") % {"name": body.name})
            return redirect("committees:body_list")
    return render(
        request,
        "committees/simple_form.html",
        {
            "form": form,
            "title": body.name if body.pk else _("新建旗区政协"),
            "back": "committees:body_list",
        },
    )


# Terms, sectors, sector groups, party groups -----------------------------------------------


def _simple_form(
    request,
    *,
    form_class,
    instance,
    template_title,
    success,
    redirect_to,
    extra: dict | None = None,
) -> HttpResponse:
    """The create/edit page of a plain organisation record, office only (callers check)."""
    form = form_class(request.POST or None, instance=instance, body_id=request.user.body_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.org_record_save(instance=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(redirect_to)
    return render(
        request,
        "committees/simple_form.html",
        {"form": form, "title": template_title, "back": redirect_to, **(extra or {})},
    )


@office_required
def term_list(request: HttpRequest) -> HttpResponse:
    terms = Term.objects.filter(body_id=request.user.body_id).annotate(seat_count=Count("seats"))
    return render(request, "committees/term_list.html", {"terms": terms})


@office_required
def term_create(request: HttpRequest) -> HttpResponse:
    return _simple_form(
        request,
        form_class=TermForm,
        instance=Term(),
        template_title=_("新建届次"),
        success=_("届次已保存。"),
        redirect_to="committees:term_list",
    )


@office_required
def term_edit(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(Term, pk=pk, body_id=request.user.body_id)
    return _simple_form(
        request,
        form_class=TermForm,
        instance=term,
        template_title=_("编辑届次"),
        success=_("届次已保存。"),
        redirect_to="committees:term_list",
    )


@office_required
def sector_list(request: HttpRequest) -> HttpResponse:
    body_id = request.user.body_id
    groups = (
        SectorGroup.objects.filter(body_id=body_id)
        .select_related("committee", "party_group__leader")
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.annotate(member_count=Count("members")))
        )
    )
    ungrouped = Sector.objects.filter(body_id=body_id, group__isnull=True).annotate(
        member_count=Count("members")
    )
    return render(
        request, "committees/sector_list.html", {"groups": groups, "ungrouped": ungrouped}
    )


@office_required
def sector_create(request: HttpRequest) -> HttpResponse:
    return _simple_form(
        request,
        form_class=SectorForm,
        instance=Sector(),
        template_title=_("新建界别"),
        success=_("界别已保存。"),
        redirect_to="committees:sector_list",
    )


@office_required
def sector_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sector = get_object_or_404(Sector, pk=pk, body_id=request.user.body_id)
    return _simple_form(
        request,
        form_class=SectorForm,
        instance=sector,
        template_title=_("编辑界别"),
        success=_("界别已保存。"),
        redirect_to="committees:sector_list",
    )


@office_required
def sector_group_create(request: HttpRequest) -> HttpResponse:
    return _simple_form(
        request,
        form_class=SectorGroupForm,
        instance=SectorGroup(),
        template_title=_("新建界别活动组"),
        success=_("界别活动组已保存。"),
        redirect_to="committees:sector_list",
    )


@office_required
def sector_group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(SectorGroup, pk=pk, body_id=request.user.body_id)
    return _simple_form(
        request,
        form_class=SectorGroupForm,
        instance=group,
        template_title=_("编辑界别活动组"),
        success=_("界别活动组已保存。"),
        redirect_to="committees:sector_list",
    )


@office_required
def party_group_edit(request: HttpRequest, group_pk: int) -> HttpResponse:
    """The functional party group of a sector group (§17), created on first save."""
    group = get_object_or_404(SectorGroup, pk=group_pk, body_id=request.user.body_id)
    party_group = PartyGroup.objects.filter(sector_group=group).first() or PartyGroup(
        sector_group=group, name=_("%(group)s功能型党小组") % {"group": group.name}
    )
    form = PartyGroupForm(request.POST or None, instance=party_group, body_id=request.user.body_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.party_group_save(party_group=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("功能型党小组已保存。"))
            return redirect("committees:sector_list")
    return render(
        request,
        "committees/simple_form.html",
        {
            "form": form,
            "title": _("功能型党小组 · %(group)s") % {"group": group.name},
            "back": "committees:sector_list",
        },
    )


# Departments --------------------------------------------------------------------------------

DEPARTMENT_COLUMNS = [
    Column(_("单位名称"), lambda d: d.name),
    Column(_("类型"), lambda d: d.get_kind_display()),
    Column(_("提案承办单位"), lambda d: d.is_handling_unit),
    Column(_("联系人"), lambda d: d.contact_person),
    Column(_("联系电话"), lambda d: d.contact_phone),
    Column(_("地址"), lambda d: d.address),
    Column(_("在用"), lambda d: d.is_active),
]


def _department_queryset(request: HttpRequest):
    departments = Department.objects.filter(body_id=request.user.body_id)
    query = request.GET.get("q", "").strip()
    if query:
        departments = departments.filter(name__icontains=query)
    kind = request.GET.get("kind", "")
    if kind in Department.Kind.values:
        departments = departments.filter(kind=kind)
    return departments, query, kind


@office_required
def department_list(request: HttpRequest) -> HttpResponse:
    departments, query, kind = _department_queryset(request)
    return render(
        request,
        "committees/department_list.html",
        {
            "departments": departments.prefetch_related("counterpart_committees"),
            "query": query,
            "kind": kind,
            "kinds": Department.Kind.choices,
        },
    )


@office_required
def department_export(request: HttpRequest, fmt: str) -> HttpResponse:
    departments, _query, _kind = _department_queryset(request)
    return export_response(fmt, _("单位名单"), DEPARTMENT_COLUMNS, departments)


@login_required
def department_detail(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_department_for(request.user, pk)
    return render(
        request,
        "committees/department_detail.html",
        {
            "department": department,
            "committees": department.counterpart_committees.all(),
            "users": department.roleassignment_set.filter(role=Role.HANDLING_UNIT).select_related(
                "user"
            ),
        },
    )


@office_required
def department_create(request: HttpRequest) -> HttpResponse:
    return _simple_form(
        request,
        form_class=DepartmentForm,
        instance=Department(),
        template_title=_("新建单位"),
        success=_("单位已保存。"),
        redirect_to="committees:department_list",
    )


@office_required
def department_edit(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_object_or_404(Department, pk=pk, body_id=request.user.body_id)
    return _simple_form(
        request,
        form_class=DepartmentForm,
        instance=department,
        template_title=_("编辑单位"),
        success=_("单位已保存。"),
        redirect_to="committees:department_list",
    )


@login_required
def committee_roster_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee's roster (名册) as a PDF, for those who may see the roster."""
    # Imported here: WeasyPrint is loaded by the processes that render PDFs only.
    from portal.pdf import PdfTimeout, pdf_response

    committee = get_committee_for(request.user, pk)
    if not committee_access(request.user, committee).see_roster:
        raise PermissionDenied
    today = timezone.localdate()
    try:
        return pdf_response(
            "committees/roster_pdf.html",
            {"committee": committee, "roster": committee_roster(committee, today), "today": today},
            filename=_("%(name)s名册.pdf") % {"name": committee.name},
        )
    except PdfTimeout:
        messages.error(request, _("生成名册 PDF 超时，请稍后重试；如果反复出现，请联系管理员。"))
        return redirect("committees:committee_detail", pk=committee.pk)
