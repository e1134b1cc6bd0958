"""What notices bring to the kernel's shared pages (portal.registry): the menu, the
member's to-do (notices to read, reply slips to fill in) and notices in the change
history."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.access import roles_of
from portal.navigation import link
from portal.registry import (
    HistorySource,
    NavEntry,
    NavItem,
    history_sources,
    nav_entries,
    todo_kinds,
)

from . import todos
from .access import may_publish
from .models import Notice


def nav(request: HttpRequest) -> list[NavItem]:
    items = []
    if roles_of(request.user).member is not None:
        items.append(link(_("通知公告"), "notices:notice_list", "megaphone"))
    if may_publish(request.user):
        items.append(link(_("通知公告管理"), "notices:notice_manage", "megaphone-fill"))
    return items


def register() -> None:
    nav_entries.register(NavEntry("notices", nav, order=35))
    for kind in todos.KINDS:
        todo_kinds.register(kind)
    history_sources.register(
        HistorySource("notice", _("通知公告"), Notice.history.model, "body_id", order=70)
    )
