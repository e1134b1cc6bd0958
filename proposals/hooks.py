"""What the proposals module brings to the kernel's shared pages (portal.registry): its
menu entries, its home-page sections and its records in the change history."""

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
from .selectors import home_context
from .selectors.history import history_sources as proposal_history_sources


def nav(request: HttpRequest) -> list[NavItem]:
    roles = roles_of(request.user)
    items = []
    if roles.member is not None:
        items.append(link(_("我的提案"), "proposals:proposal_list", "journal-text"))
    if roles.has(Role.OFFICE) or roles.has(Role.COMMITTEE_STAFF):
        items.append(link(_("提案"), "proposals:proposal_list", "journal-text"))
    if roles.has(Role.REVIEWER):
        items.append(link(_("提案审查"), "proposals:review_queue", "clipboard-check"))
    if roles.has(Role.HANDLING_UNIT):
        items.append(link(_("提案办理"), "proposals:unit_inbox", "inbox"))
    return items


def home(request: HttpRequest) -> dict | None:
    return home_context(request.user, roles_of(request.user)) or None


def register() -> None:
    nav_entries.register(NavEntry("proposals", nav, order=20))
    home_sections.register(HomeSection("proposals", "proposals/home_sections.html", home, 50))
    for entry in proposal_history_sources():
        history_sources.register(entry)
    for kind in todos.KINDS:
        todo_kinds.register(kind)
    score_sources.register(scores.SOURCE)
