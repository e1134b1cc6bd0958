"""What the members module brings to the kernel's shared pages (portal.registry): the
office's counts and a member's own card on the home page, its menu entries, its records in
the change history and the members import."""

from __future__ import annotations

from django.db.models import F, Func, Prefetch, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Body, Committee, Department, Sector
from portal.access import roles_of
from portal.models import Role, User
from portal.navigation import link
from portal.registry import (
    HistorySource,
    HomeSection,
    ImportKind,
    JobKind,
    NavEntry,
    NavItem,
    history_sources,
    home_sections,
    import_kinds,
    job_kinds,
    nav_entries,
    todo_kinds,
)

from . import todos
from .models import CommitteeMembership, Member, MemberTerm
from .selectors import active_on, members_in_office_on


def count_all(body_id: int, querysets: dict[str, QuerySet]) -> dict[str, int]:
    """The row counts of several querysets in one query: a COUNT subquery each."""
    counts = {
        f"count_{name}": Subquery(
            qs.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        )
        for name, qs in querysets.items()
    }
    row = Body.objects.filter(pk=body_id).annotate(**counts).values(*counts).get()
    return {name: row[f"count_{name}"] for name in querysets}


def of_members_in(body_id: int) -> Q:
    """History rows of the body's members' records: the body's member ids as one set the
    database checks each row against (a join per row walked the whole history when the
    body's latest changes were far back; issue 12)."""
    return Q(member_id__in=Member.objects.filter(body_id=body_id).values("pk"))


def home_office(request: HttpRequest) -> dict | None:
    user = request.user
    if not roles_of(user).has(Role.OFFICE):
        return None
    body_id, today = user.body_id, timezone.localdate()
    in_office = members_in_office_on(body_id, today)
    counts = {
        "members": in_office,
        "committees": Committee.objects.filter(body_id=body_id, is_active=True),
        "sectors": Sector.objects.filter(body_id=body_id),
        "departments": Department.objects.filter(body_id=body_id, is_active=True),
        "users": User.objects.filter(body_id=body_id, is_active=True),
        "unseated": in_office.exclude(
            memberships__in=CommitteeMembership.objects.filter(active_on(today))
        ),
    }
    return {"office": count_all(body_id, counts)}


def home_me(request: HttpRequest) -> dict | None:
    member = roles_of(request.user).member
    if member is None:
        return None
    # The section names only his current committees: those seats, with their committee,
    # in one query.
    current = CommitteeMembership.objects.filter(end_date__isnull=True).select_related("committee")
    me = (
        Member.objects.select_related("sector")
        .prefetch_related(Prefetch("memberships", queryset=current))
        .get(pk=member.pk)
    )
    return {"me": me}


def nav(request: HttpRequest) -> list[NavItem]:
    roles = roles_of(request.user)
    items = []
    if roles.member is not None:
        items.append(link(_("我的信息"), "members:member_detail", "person-vcard", roles.member.pk))
    if roles.has(Role.OFFICE) or roles.has(Role.COMMITTEE_STAFF) or roles.has(Role.VICE_CHAIR):
        items.append(link(_("委员"), "members:member_list", "people"))
    return items


def member_resource() -> type:
    from .resources import MemberResource

    return MemberResource


def register() -> None:
    from portal.caching import register_body_of

    # Whose cached boards and statistics a change of these records makes stale.
    register_body_of("members.CommitteeMembership", "committee__body")
    register_body_of("members.MemberTerm", "term__body")
    for kind in todos.KINDS:
        todo_kinds.register(kind)
    from .reports import body_roster_job

    job_kinds.register(JobKind("member_roster", _("委员名册（PDF）"), body_roster_job))
    nav_entries.register(NavEntry("members", nav, order=10))
    home_sections.register(HomeSection("office", "members/home_office.html", home_office, 10))
    home_sections.register(HomeSection("me", "members/home_me.html", home_me, order=40))
    import_kinds.register(
        ImportKind(
            "members",
            _("委员"),
            member_resource,
            file_label=_("委员名单"),
            note=_("已有委员只更新个人信息；其届次、任职开始日期和所在专委会请在委员页面调整。"),
            order=10,
        )
    )
    history_sources.register(
        HistorySource("member", _("委员"), Member.history.model, "body_id", order=10)
    )
    history_sources.register(
        HistorySource(
            "member_term",
            _("委员任期"),
            MemberTerm.history.model,
            of_members_in,
            ("member", "term"),
            order=11,
        )
    )
    history_sources.register(
        HistorySource(
            "membership",
            _("专委会委员"),
            CommitteeMembership.history.model,
            of_members_in,
            ("member", "committee"),
            order=12,
        )
    )
