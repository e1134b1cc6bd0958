"""What the organisation brings to the kernel's shared pages (portal.registry): its menu,
its home-page sections, its records in the change history and the departments import."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.access import roles_of
from portal.models import Role
from portal.navigation import group, link
from portal.registry import (
    HistorySource,
    HomeSection,
    ImportKind,
    NavEntry,
    NavItem,
    history_sources,
    home_sections,
    import_kinds,
    nav_entries,
    todo_kinds,
)

from . import todos
from .access import OVERSEE_COMMITTEE, WORK_IN_COMMITTEE, committees_where, departments_where
from .models import Body, Committee, Department, PartyGroup, Sector, SectorGroup, Term


def nav(request: HttpRequest) -> list[NavItem]:
    roles = roles_of(request.user)
    items: list[NavItem] = []
    if roles.has(Role.OFFICE):
        items.append(
            group(
                _("组织机构"),
                "diagram-3",
                link(_("专委会"), "members:committee_list", "diagram-3"),
                link(_("界别"), "organisation:sector_list", "grid-3x3-gap"),
                link(_("单位"), "organisation:department_list", "building"),
                link(_("届次"), "organisation:term_list", "calendar3"),
                link(_("政协组织"), "organisation:body_list", "bank"),
            )
        )
        items.append(
            group(
                _("系统管理"),
                "gear",
                link(_("用户与角色"), "organisation:user_list", "person-gear"),
            )
        )
    for assignment in roles.of(Role.COMMITTEE_STAFF) + roles.of(Role.VICE_CHAIR):
        items.append(
            link(
                assignment.committee.name,
                "members:committee_detail",
                "diagram-3",
                assignment.committee_id,
            )
        )
    for assignment in roles.of(Role.HANDLING_UNIT):
        items.append(
            link(
                assignment.department.name,
                "organisation:department_detail",
                "building",
                assignment.department_id,
            )
        )
    return items


def nav_public(request: HttpRequest) -> list[NavItem]:
    """Everyone but the office (who has the 组织机构 menu) sees the committees' list."""
    if roles_of(request.user).has(Role.OFFICE):
        return []
    return [link(_("专委会"), "members:committee_list", "diagram-3")]


def home_committees(request: HttpRequest) -> dict | None:
    roles = roles_of(request.user)
    if not (roles.has(Role.COMMITTEE_STAFF) or roles.has(Role.VICE_CHAIR)):
        return None
    today = timezone.localdate()
    seated_today = Q(memberships__start_date__lte=today) & (
        Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)
    )
    committees = (
        committees_where(request.user, WORK_IN_COMMITTEE, OVERSEE_COMMITTEE)
        .annotate(seated=Count("memberships", filter=seated_today))
        .order_by("order", "id")
    )
    return {"my_committees": committees}


def home_departments(request: HttpRequest) -> dict | None:
    if not roles_of(request.user).has(Role.HANDLING_UNIT):
        return None
    return {"my_departments": departments_where(request.user)}


def department_resource() -> type:
    from .resources import DepartmentResource

    return DepartmentResource


def register() -> None:
    for kind in todos.KINDS:
        todo_kinds.register(kind)
    nav_entries.register(NavEntry("organisation", nav, order=50))
    nav_entries.register(NavEntry("organisation_public", nav_public, order=95))
    home_sections.register(
        HomeSection("committees", "organisation/home_committees.html", home_committees, order=20)
    )
    home_sections.register(
        HomeSection("departments", "organisation/home_departments.html", home_departments, 30)
    )
    import_kinds.register(
        ImportKind(
            "departments", _("单位"), department_resource, file_label=_("单位名单"), order=20
        )
    )
    for order, entry in enumerate(
        [
            HistorySource("body", _("政协组织"), Body.history.model, "id"),
            HistorySource("term", _("届次"), Term.history.model, "body_id"),
            HistorySource("committee", _("专门委员会"), Committee.history.model, "body_id"),
            HistorySource("sector", _("界别"), Sector.history.model, "body_id"),
            HistorySource("sector_group", _("界别活动组"), SectorGroup.history.model, "body_id"),
            HistorySource(
                "party_group",
                _("功能型党小组"),
                PartyGroup.history.model,
                "sector_group__body_id",
            ),
            HistorySource("department", _("单位"), Department.history.model, "body_id"),
        ]
    ):
        history_sources.register(
            HistorySource(entry.key, entry.label, entry.historical, entry.body_filter, order=order)
        )
