"""What committee work brings to the kernel's shared pages (portal.registry): its menu
entries, its home-page sections and its records in the change history."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.access import roles_of
from portal.models import Role
from portal.navigation import link
from portal.registry import (
    HomeSection,
    NavEntry,
    NavItem,
    history_sources,
    home_sections,
    nav_entries,
    score_sources,
    todo_kinds,
)

from . import scores, todos
from .selectors.history import history_sources as work_history_sources
from .selectors.home import home_context


def nav(request: HttpRequest) -> list[NavItem]:
    roles = roles_of(request.user)
    items = []
    if roles.member is not None:
        items.append(link(_("我的活动"), "committees:my_activities", "calendar-check"))
    if roles.has(Role.OFFICE) or roles.has(Role.COMMITTEE_STAFF) or roles.has(Role.VICE_CHAIR):
        items.append(link(_("履职活动"), "committees:activity_list", "calendar-event"))
    if roles.has(Role.VICE_CHAIR):
        items.append(link(_("待我审批"), "committees:approval_inbox", "inbox"))
    return items


def home(request: HttpRequest) -> dict | None:
    return home_context(request.user, roles_of(request.user)) or None


def register() -> None:
    from portal.caching import register_body_of

    # Whose cached boards and statistics a change of these records makes stale.
    register_body_of("committees.ActivityInvitation", "activity__body")
    register_body_of("committees.ActivityOutput", "activity__body")
    register_body_of("committees.PlanItem", "plan__committee__body")
    register_body_of("committees.WorkPlan", "committee__body")
    nav_entries.register(NavEntry("committees", nav, order=30))
    home_sections.register(
        HomeSection("committees_work", "committees/home_sections.html", home, 60)
    )
    for entry in work_history_sources():
        history_sources.register(entry)
    for kind in todos.KINDS:
        todo_kinds.register(kind)
    score_sources.register(scores.SOURCE)
