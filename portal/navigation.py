"""The navigation bar: the items every module registered (portal.registry.nav_entries)
offers this user, in the modules' order. Items appear only for roles the user holds; the
views behind them still check permissions themselves. A menu (an item with children)
offered by several modules under one label is shown once with all their children.

The items depend only on the user's roles (portal.access.roles_key) and the language, so a
process keeps them NAV_SECONDS per user rather than asking every module and reversing
forty URLs on each page."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .access import roles_key
from .caching import ProcessMemo
from .registry import NavItem, nav_entries

NAV_SECONDS = 60
# (roles key, language) -> the items
MENUS = ProcessMemo(NAV_SECONDS)


def group(label, icon: str, *children: NavItem) -> NavItem:
    return NavItem(label, "", icon, children)


def link(label, url_name: str, icon: str, *args) -> NavItem:
    return NavItem(label, reverse(url_name, args=args), icon)


def nav_items(request: HttpRequest) -> list[NavItem]:
    key = (roles_key(request.user), get_language())
    return MENUS.get_or_build(key, lambda: _built(request))


def _built(request: HttpRequest) -> list[NavItem]:
    items: list[NavItem] = [NavItem(_("首页"), reverse("portal:home"), "house")]
    seen: set[str] = {items[0].url}
    menus: dict[str, int] = {}
    for entry in nav_entries:
        for item in entry.items(request):
            if item.children:
                children = tuple(c for c in item.children if c.url not in seen)
                seen.update(c.url for c in children)
                key = str(item.label)
                if key in menus:
                    merged = items[menus[key]]
                    items[menus[key]] = NavItem(
                        merged.label, "", merged.icon, merged.children + children
                    )
                elif children:
                    menus[key] = len(items)
                    items.append(NavItem(item.label, "", item.icon, children))
            elif item.url not in seen:
                seen.add(item.url)
                items.append(item)
    return items
