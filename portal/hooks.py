"""The kernel's own entries in its registries: logins and roles in the change history,
imports and the change history in the office's 系统管理 menu."""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import roles_of
from .models import Role, RoleAssignment, User
from .navigation import group, link
from .registry import (
    HistorySource,
    HomeSection,
    NavEntry,
    NavItem,
    history_sources,
    home_sections,
    nav_entries,
)
from .todos import counts_for, open_work, todo_list

HOME_TODOS = 8


def nav(request: HttpRequest) -> list[NavItem]:
    if not roles_of(request.user).has(Role.OFFICE):
        return []
    return [
        group(
            _("系统管理"),
            "gear",
            link(_("导入"), "portal:import_list", "upload"),
            link(_("变更记录"), "portal:history", "clock-history"),
            link(_("后台任务"), "portal:job_list", "hourglass-split"),
        )
    ]


def home_todos(request: HttpRequest) -> dict | None:
    """The oldest of the user's open work, on top of his home page (none: no section)."""
    if not open_work(request.user):
        return None
    found = counts_for(request)
    # The frame's one counting query already says which kinds are empty: rows are asked
    # only of the others (a member has ~10 kinds, mostly empty, each a query of 2–14 ms).
    open_kinds = replace(found, kinds=tuple(found.nonzero))
    listed = todo_list(request.user, open_kinds, per_kind=HOME_TODOS, limit=HOME_TODOS)
    return {"todos": listed.items, "todo_counts": found}


def update_last_login(sender, user: User, **kwargs) -> None:
    """Django's own receiver, without a version in the change history: a login changes
    nothing the history keeps (last_login is excluded), and a version per login buried the
    office's 变更记录 under empty rows."""
    user.last_login = timezone.now()
    user.skip_history_when_saving = True
    try:
        user.save(update_fields=["last_login"])
    finally:
        del user.skip_history_when_saving


def register() -> None:
    user_logged_in.disconnect(dispatch_uid="update_last_login")
    user_logged_in.connect(update_last_login, dispatch_uid="portal_update_last_login")
    nav_entries.register(NavEntry("portal", nav, order=90))
    home_sections.register(HomeSection("todos", "portal/home_todos.html", home_todos, order=1))
    history_sources.register(
        HistorySource("user", _("用户"), User.history.model, "body_id", order=20)
    )
    history_sources.register(
        HistorySource(
            "role",
            _("角色分配"),
            RoleAssignment.history.model,
            "body_id",
            ("user", "committee", "department"),
            order=21,
        )
    )
