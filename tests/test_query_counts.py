"""QUALITY.md speed item 1: list pages use a constant number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from members.models import CommitteeMembership, Member, MemberTerm


def _add_members(org, count: int, start: int = 1000) -> None:
    # With history rows, as the services would write them: the history pages grow too.
    members = bulk_create_with_history(
        [
            Member(
                body=org.body,
                code=f"Q{start + i:05d}",
                name=f"委员{i}",
                gender="female",
                affiliation="non_party",
                sector=org.economy_sector,
            )
            for i in range(count)
        ],
        Member,
    )
    MemberTerm.objects.bulk_create(
        MemberTerm(member=m, term=org.term, start_date=dt.date(2022, 1, 1)) for m in members
    )
    CommitteeMembership.objects.bulk_create(
        CommitteeMembership(member=m, committee=org.economy, start_date=dt.date(2022, 1, 1))
        for m in members
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _add_committees(org, count: int, start: int = 1000) -> str:
    """Committees as the list shows them: each with a director and a deputy in office,
    seated members and a sector group."""
    from organisation.models import Committee, SectorGroup

    day = dt.date(2022, 1, 1)
    _add_members(org, 2 * count, start=start)
    members = list(Member.objects.filter(code__gte=f"Q{start:05d}").order_by("code"))
    for i in range(count):
        committee = Committee.objects.create(
            body=org.body, name=f"第{start + i}专委会", kind="other", order=100 + i
        )
        SectorGroup.objects.create(body=org.body, name=f"第{start + i}活动组", committee=committee)
        CommitteeMembership.objects.filter(member__in=members[2 * i : 2 * i + 2]).delete()
        Member.objects.filter(pk=members[2 * i].pk).update(name=f"主任{start + i}")
        CommitteeMembership.objects.bulk_create(
            [
                CommitteeMembership(
                    member=members[2 * i], committee=committee, role="director", start_date=day
                ),
                CommitteeMembership(
                    member=members[2 * i + 1], committee=committee, role="deputy", start_date=day
                ),
            ]
        )
    return f"主任：主任{start + count - 1}"


def _add_sectors(org, count: int, start: int = 1000) -> str:
    """Sector groups with their committee and sector, and sectors in no group."""
    from organisation.models import Sector, SectorGroup

    for i in range(count):
        group = SectorGroup.objects.create(
            body=org.body, name=f"第{start + i}活动组", committee=org.economy
        )
        Sector.objects.create(body=org.body, name=f"第{start + i}界", group=group)
        Sector.objects.create(body=org.body, name=f"第{start + i}散界")
    return f"第{start + count - 1}散界"


def _add_departments(org, count: int, start: int = 1000) -> str:
    """Departments, each the counterpart of a committee (the list names them)."""
    from organisation.models import Department

    for i in range(count):
        department = Department.objects.create(body=org.body, name=f"第{start + i}局")
        department.counterpart_committees.add(org.economy)
    return f"第{start}局"


def _add_users(org, count: int, start: int = 1000) -> str:
    """Accounts with roles scoped to a committee or a department (the list names them)."""
    from portal.models import Role, RoleAssignment, User

    for i in range(count):
        user = User.objects.create_user(
            username=f"u{start + i}@{org.body.pk}", full_name=f"用户{i}", body=org.body
        )
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(
                    user=user, role=Role.COMMITTEE_STAFF, body=org.body, committee=org.economy
                ),
                RoleAssignment(
                    user=user, role=Role.HANDLING_UNIT, body=org.body, department=org.department
                ),
            ]
        )
    return f"u{start}@{org.body.pk}"


@pytest.mark.parametrize(
    "role,url_name,grow",
    [
        ("office", "members:member_list", _add_members),
        ("staff", "members:member_list", _add_members),
        ("office", "members:committee_list", _add_committees),
        ("office", "portal:home", _add_members),
        ("staff", "portal:home", _add_members),
        ("member", "portal:home", _add_members),
        ("office", "organisation:sector_list", _add_sectors),
        ("office", "organisation:department_list", _add_departments),
        ("office", "organisation:user_list", _add_users),
    ],
)
def test_list_pages_use_the_same_number_of_queries_for_few_and_many_rows(
    org, client, role, url_name, grow
):
    """Each page grows by its own rows (committees on the committee list, accounts on the
    user list…), with what each row shows: a prefetch lost fails here."""
    client.force_login(org.login_of(role))
    url = reverse(url_name)
    grow(org, 3)
    client.get(url)  # warm the content-type cache, as any running server has
    small = _queries(client, url)
    shown = grow(org, 60, start=5000)
    large = _queries(client, url)
    assert small == large
    if shown:  # the rows grown are on the page, with what the page says of them
        assert shown in client.get(url).content.decode()
    # The home page: the frame, each module's section and each to-do kind of the role.
    assert large <= 30


def test_member_list_query_count_is_pinned(org, client):
    client.force_login(org.office)
    _add_members(org, 300)
    url = reverse("members:member_list")
    client.get(url)
    # session, user, roles and member link (2), body, his object permissions (one query,
    # then kept: portal.backends), count, unread count, sector and committee filter
    # choices (2), page, its current seats
    assert _queries(client, url) == 11


def test_the_history_of_one_kind_of_record_uses_constant_queries(org, client, settings):
    settings.HISTORY_CACHE_SECONDS = 0  # each request reads the history (no cached page)
    client.force_login(org.office)
    url = reverse("portal:history") + "?source=member"
    _add_members(org, 8)
    client.get(url)
    small = _queries(client, url)
    _add_members(org, 292, start=5000)
    # One query per kind of related record named on the page (the first page also shows
    # the fixture's members, linked to their logins), never one per row.
    assert _queries(client, url) <= small <= 15


def test_the_history_of_everything_costs_a_few_queries_per_kind_shown(org, client, settings):
    """All kinds merged in one UNION ALL query (PostgreSQL), plus two queries for each kind
    of record shown on the page (its rows, the versions before) and one for each kind of
    related record named, whatever the rows."""
    settings.HISTORY_CACHE_SECONDS = 0  # each request reads the history (no cached page)
    client.force_login(org.office)
    url = reverse("portal:history")
    _add_members(org, 300)
    response = client.get(url)
    shown = {change.source for change in response.context["page"].changes}
    # Two per kind shown, and one per kind of related record named (a member: its body
    # and sector).
    assert _queries(client, url) <= 10 + 2 * len(shown) + 2
    assert len(shown) < 5


def test_the_office_home_counts_what_the_separate_queries_count(org, client):
    from django.utils import timezone

    from members.models import CommitteeMembership
    from members.selectors import active_on, members_in_office_on
    from organisation.models import Department, Sector

    _add_members(org, 5)  # not seated in any term: neither in office nor unseated
    client.force_login(org.office)
    office = client.get(reverse("portal:home")).context["office"]
    today = timezone.localdate()
    in_office = members_in_office_on(org.body.pk, today)
    assert office == {
        "members": in_office.count(),
        "committees": org.body.committees.filter(is_active=True).count(),
        "sectors": Sector.objects.filter(body=org.body).count(),
        "departments": Department.objects.filter(body=org.body, is_active=True).count(),
        "users": org.body.users.filter(is_active=True).count(),
        "unseated": in_office.exclude(
            memberships__in=CommitteeMembership.objects.filter(active_on(today))
        ).count(),
    }
    assert office["members"] > 0 and office["sectors"] > 0 and office["users"] > 0
