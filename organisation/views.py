from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from organisation import services
from organisation.forms import (
    BodyForm,
    CommitteeForm,
    CommitteeProfileForm,
    DepartmentForm,
    PlenarySessionForm,
    SectorForm,
    SectorGroupForm,
    TermForm,
)
from organisation.models import (
    Body,
    Committee,
    Department,
    PlenarySession,
    Sector,
    SectorGroup,
    Term,
)
from organisation.selectors import (
    committee_access,
    get_committee_for,
    get_department_for,
    vice_chair_assignment,
)
from portal.access import office_required
from portal.models import Role
from portal.spreadsheets import Column, export_response

# Committees --------------------------------------------------------------------------------


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
        return redirect("members:committee_detail", pk=committee.pk)
    return render(
        request, "organisation/committee_form.html", {"form": form, "committee": committee}
    )


def _committee_form(request: HttpRequest, committee: Committee) -> HttpResponse:
    current = vice_chair_assignment(committee)
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
            return redirect("members:committee_detail", pk=saved.pk)
    return render(
        request,
        "organisation/committee_form.html",
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
    return render(request, "organisation/body_list.html", {"body": body, "children": children})


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
            return redirect("organisation:body_list")
    return render(
        request,
        "organisation/simple_form.html",
        {
            "form": form,
            "title": body.name if body.pk else _("新建旗区政协"),
            "back": "organisation:body_list",
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
        "organisation/simple_form.html",
        {"form": form, "title": template_title, "back": redirect_to, **(extra or {})},
    )


@office_required
def term_list(request: HttpRequest) -> HttpResponse:
    terms = (
        Term.objects.filter(body_id=request.user.body_id)
        .annotate(seat_count=Count("seats"))
        .prefetch_related("sessions")
    )
    return render(request, "organisation/term_list.html", {"terms": terms})


@office_required
def session_create(request: HttpRequest, term_pk: int) -> HttpResponse:
    """A plenary session of the term; the next number is proposed."""
    term = get_object_or_404(Term, pk=term_pk, body_id=request.user.body_id)
    last = term.sessions.order_by("-number").first()
    number = last.number + 1 if last else 1
    session = PlenarySession(term=term, number=number)
    if number == 1:
        session.start_date = term.start_date
    return _simple_form(
        request,
        form_class=PlenarySessionForm,
        instance=session,
        template_title=_("%(term)s · 新建全体会议") % {"term": term.name},
        success=_("全体会议已保存。"),
        redirect_to="organisation:term_list",
    )


@office_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(
        PlenarySession.objects.select_related("term"), pk=pk, term__body_id=request.user.body_id
    )
    return _simple_form(
        request,
        form_class=PlenarySessionForm,
        instance=session,
        template_title=_("编辑%(session)s") % {"session": session},
        success=_("全体会议已保存。"),
        redirect_to="organisation:term_list",
    )


@office_required
def term_create(request: HttpRequest) -> HttpResponse:
    return _simple_form(
        request,
        form_class=TermForm,
        instance=Term(),
        template_title=_("新建届次"),
        success=_("届次已保存。"),
        redirect_to="organisation:term_list",
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
        redirect_to="organisation:term_list",
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
        request, "organisation/sector_list.html", {"groups": groups, "ungrouped": ungrouped}
    )


@office_required
def sector_create(request: HttpRequest) -> HttpResponse:
    return _simple_form(
        request,
        form_class=SectorForm,
        instance=Sector(),
        template_title=_("新建界别"),
        success=_("界别已保存。"),
        redirect_to="organisation:sector_list",
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
        redirect_to="organisation:sector_list",
    )


@office_required
def sector_group_create(request: HttpRequest) -> HttpResponse:
    return _simple_form(
        request,
        form_class=SectorGroupForm,
        instance=SectorGroup(),
        template_title=_("新建界别活动组"),
        success=_("界别活动组已保存。"),
        redirect_to="organisation:sector_list",
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
        redirect_to="organisation:sector_list",
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
        "organisation/department_list.html",
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
        "organisation/department_detail.html",
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
        redirect_to="organisation:department_list",
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
        redirect_to="organisation:department_list",
    )
