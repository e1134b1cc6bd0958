"""The navigation bar of each role. Items appear only for roles the user holds; the
views behind them still check permissions themselves."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import Roles
from .models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str
    children: tuple[NavItem, ...] = ()  # a menu: its own url is empty


def group(label, icon: str, *children: NavItem) -> NavItem:
    return NavItem(label, "", icon, children)


def link(label, url_name: str, icon: str, *args) -> NavItem:
    return NavItem(label, reverse(url_name, args=args), icon)


def nav_items(roles: Roles) -> list[NavItem]:
    items: list[NavItem] = [NavItem(_("首页"), reverse("portal:home"), "house")]
    seen: set[str] = {items[0].url}

    def add(label, url_name: str, icon: str, *args) -> None:
        url = reverse(url_name, args=args)
        if url not in seen:
            seen.add(url)
            items.append(NavItem(label, url, icon))

    if roles.member is not None:
        add(_("我的信息"), "members:member_detail", "person-vcard", roles.member.pk)
        add(_("我的提案"), "proposals:proposal_list", "journal-text")
        add(_("我的活动"), "committees:my_activities", "calendar-check")
    if roles.has(Role.OFFICE):
        add(_("委员"), "members:member_list", "people")
        add(_("提案"), "proposals:proposal_list", "journal-text")
        add(_("履职活动"), "committees:activity_list", "calendar-event")
        add(_("考评看板"), "evaluation:board", "speedometer2")
        items.append(
            group(
                _("组织机构"),
                "diagram-3",
                link(_("专委会"), "committees:committee_list", "diagram-3"),
                link(_("界别"), "committees:sector_list", "grid-3x3-gap"),
                link(_("单位"), "committees:department_list", "building"),
                link(_("届次"), "committees:term_list", "calendar3"),
                link(_("政协组织"), "committees:body_list", "bank"),
            )
        )
        items.append(
            group(
                _("系统管理"),
                "gear",
                link(_("用户与角色"), "portal:user_list", "person-gear"),
                link(_("导入"), "portal:import_list", "upload"),
                link(_("变更记录"), "portal:history", "clock-history"),
            )
        )
        seen.update(child.url for item in items for child in item.children)
    for assignment in roles.of(Role.COMMITTEE_STAFF) + roles.of(Role.VICE_CHAIR):
        add(
            assignment.committee.name,
            "committees:committee_detail",
            "diagram-3",
            assignment.committee_id,
        )
    if roles.has(Role.COMMITTEE_STAFF) or roles.has(Role.VICE_CHAIR):
        add(_("委员"), "members:member_list", "people")
        add(_("履职活动"), "committees:activity_list", "calendar-event")
    if roles.has(Role.VICE_CHAIR):
        add(_("待我审批"), "committees:approval_inbox", "inbox")
    if roles.has(Role.COMMITTEE_STAFF) or roles.has(Role.VICE_CHAIR):
        add(_("考评看板"), "evaluation:board", "speedometer2")
    if roles.has(Role.COMMITTEE_STAFF):
        add(_("提案"), "proposals:proposal_list", "journal-text")
    if roles.has(Role.REVIEWER):
        add(_("提案审查"), "proposals:review_queue", "clipboard-check")
    for assignment in roles.of(Role.HANDLING_UNIT):
        add(
            assignment.department.name,
            "committees:department_detail",
            "building",
            assignment.department_id,
        )
    if roles.has(Role.HANDLING_UNIT):
        add(_("提案办理"), "proposals:unit_inbox", "inbox")
    if not roles.has(Role.OFFICE):
        add(_("专委会"), "committees:committee_list", "diagram-3")
    return items
