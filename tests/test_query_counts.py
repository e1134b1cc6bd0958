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


@pytest.mark.parametrize(
    "role,url_name",
    [
        ("office", "members:member_list"),
        ("staff", "members:member_list"),
        ("office", "members:committee_list"),
        ("office", "portal:home"),
        ("staff", "portal:home"),
        ("member", "portal:home"),
        ("office", "organisation:sector_list"),
        ("office", "organisation:department_list"),
        ("office", "organisation:user_list"),
    ],
)
def test_list_pages_use_the_same_number_of_queries_for_10_and_300_rows(org, client, role, url_name):
    client.force_login(org.login_of(role))
    url = reverse(url_name)
    _add_members(org, 8)
    client.get(url)  # warm the content-type cache, as any running server has
    small = _queries(client, url)
    _add_members(org, 292, start=5000)
    large = _queries(client, url)
    assert small == large
    # The home page: the frame, each module's section and each to-do kind of the role.
    assert large <= 30


def test_member_list_query_count_is_pinned(org, client):
    client.force_login(org.office)
    _add_members(org, 300)
    url = reverse("members:member_list")
    client.get(url)
    # session, user, roles and member link (2), body + office permission (3), count,
    # unread count, sector and committee filter choices (2), page, its current seats
    assert _queries(client, url) == 13


def test_the_history_of_one_kind_of_record_uses_constant_queries(org, client):
    client.force_login(org.office)
    url = reverse("portal:history") + "?source=member"
    _add_members(org, 8)
    client.get(url)
    small = _queries(client, url)
    _add_members(org, 292, start=5000)
    # One query per kind of related record named on the page (the first page also shows
    # the fixture's members, linked to their logins), never one per row.
    assert _queries(client, url) <= small <= 15


def test_the_history_of_everything_costs_a_few_queries_per_kind_shown(org, client):
    """All kinds merged in one UNION ALL query (PostgreSQL), plus two queries for each kind
    of record shown on the page (its rows, the versions before) and one for each kind of
    related record named, whatever the rows."""
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
