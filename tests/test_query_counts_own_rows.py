"""Query counts that grow each page's own rows (issue 8): the user list grows users with
roles, the committee list grows committees with leaders and sector groups. (Growing only
members left both pages green when they lost their prefetch.)"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import CommitteeMembership, Member
from organisation.models import Committee, SectorGroup
from portal.models import Role
from portal.services import role_grant

from .factories import UserFactory


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _add_users(org, count: int, start: int) -> None:
    """Logins with a committee role and a department role each (what the list names)."""
    for n in range(start, start + count):
        committee = Committee.objects.create(
            body=org.body, name=f"测试委员会{n}", kind=f"t{n}", order=100 + n
        )
        user = UserFactory(username=f"user{n}@{org.body.pk}", full_name=f"用户{n}", body=org.body)
        role_grant(
            user=user, role=Role.COMMITTEE_STAFF, body=org.body, committee=committee, by=None
        )
        role_grant(
            user=user, role=Role.HANDLING_UNIT, body=org.body, department=org.department, by=None
        )


def _add_committees(org, count: int, start: int) -> None:
    """Committees with a director and a sector group each."""
    for n in range(start, start + count):
        committee = Committee.objects.create(
            body=org.body, name=f"专委会{n}", kind=f"c{n}", order=100 + n
        )
        SectorGroup.objects.create(body=org.body, name=f"活动组{n}", committee=committee)
        director = Member.objects.create(
            body=org.body,
            code=f"D{n:05d}",
            name=f"主任{n}",
            gender="male",
            affiliation="non_party",
            sector=org.economy_sector,
        )
        CommitteeMembership.objects.create(
            member=director,
            committee=committee,
            role=CommitteeMembership.Role.DIRECTOR,
            start_date=dt.date(2022, 1, 1),
        )


def test_the_user_list_costs_the_same_for_3_and_23_users_with_roles(org, client):
    client.force_login(org.office)
    url = reverse("organisation:user_list")
    _add_users(org, 3, start=1)
    client.get(url)
    small = _queries(client, url)
    _add_users(org, 20, start=100)
    assert client.get(url).context["page"].paginator.count > 25
    assert _queries(client, url) == small


def test_the_committee_list_costs_the_same_for_3_and_23_committees(org, client):
    client.force_login(org.office)
    url = reverse("members:committee_list")
    _add_committees(org, 3, start=1)
    client.get(url)
    small = _queries(client, url)
    _add_committees(org, 20, start=100)
    page = client.get(url)
    assert "主任110" in page.content.decode() and "活动组110" in page.content.decode()
    assert _queries(client, url) == small
