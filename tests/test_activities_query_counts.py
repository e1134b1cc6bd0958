"""QUALITY.md speed item 1 for committee work: every list page of plans, activities,
calendars and the quota board makes the same number of queries with few rows as with many."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import Activity
from committees.services import activities as activity_services
from committees.services import plans as plan_services

from . import committee_work_helpers as h

T = Activity.Type
NEXT_YEAR = timezone.localdate().year + 1


def _queries(client, url: str) -> int:
    cache.clear()  # count the work of the page, not a cached quota board
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _grow(org, n: int, offset: int) -> None:
    """n more of everything the pages list: plans, items, activities with invitations and
    answers, pending approvals, clashes."""
    for i in range(n):
        year = NEXT_YEAR - offset - i
        plan = h.plan(org, year=year, items=2) if year >= org.term.start_date.year else None
        if plan is not None:
            plan_services.plan_submit(plan=plan, by=org.staff)
        start = h.at(dt.date(NEXT_YEAR, 3, 1 + (offset + i) % 27), 9)
        activity = h.published_activity(
            org,
            members=[org.member, org.other_member, h.new_member(org, name=f"委员{offset}{i}")],
            starts_at=start,
            type=T.INSPECTION,
            topic=f"视察{offset}-{i}",
            groups=[org.economy_group],
        )
        invitation = activity.invitations.get(member=org.member)
        activity_services.invitation_respond(
            invitation=invitation, response="leave", reason="出差", by=org.member_user
        )
        major = h.draft_activity(org, is_major=True, starts_at=start, topic=f"重大{offset}-{i}")
        activity_services.activity_submit(activity=major, by=org.staff)


PAGES = [
    ("staff", lambda o: reverse("committees:plan_list", args=[o.economy.pk])),
    ("vice_chair", lambda o: reverse("committees:approval_inbox")),
    ("member", lambda o: reverse("committees:my_activities")),
    ("member", lambda o: reverse("committees:calendar") + f"?month={NEXT_YEAR}-03&mine=1"),
    ("office", lambda o: reverse("committees:calendar") + f"?month={NEXT_YEAR}-03"),
    ("staff", lambda o: reverse("committees:activity_list")),
    ("office", lambda o: reverse("committees:office_plan_detail", args=[NEXT_YEAR, "inspection"])),
    ("office", lambda o: reverse("evaluation:board")),
    ("office", lambda o: reverse("evaluation:board_members")),
    ("staff", lambda o: reverse("evaluation:board_committee", args=[o.economy.pk])),
    ("member", lambda o: reverse("portal:home")),
    ("staff", lambda o: reverse("portal:home")),
    ("vice_chair", lambda o: reverse("portal:home")),
]


@pytest.mark.parametrize("role,url", PAGES)
def test_list_pages_do_not_grow_with_the_rows(org, client, role, url):
    client.force_login(org.login_of(role))
    _grow(org, 2, 0)
    target = url(org)
    client.get(target)  # warm the content-type cache, as any running server has
    few = _queries(client, target)
    _grow(org, 8, 2)
    assert _queries(client, target) == few
    assert few <= 30  # the home page: a section and a to-do kind per module


def test_the_activity_page_does_not_grow_with_its_invitations(org, client):
    activity = h.published_activity(org, members=[org.member], type=T.RESEARCH)
    client.force_login(org.staff)
    url = reverse("committees:activity_detail", args=[activity.pk])
    client.get(url)
    few = _queries(client, url)
    members = [h.new_member(org, name=f"受邀{n}") for n in range(20)]
    activity_services.invitations_add(activity=activity, members=members, by=org.staff)
    assert _queries(client, url) == few


def test_the_invite_picker_lists_the_seated_members_at_a_fixed_cost(org, client):
    """Each member in office that day and not invited yet is an option, with the committee
    he sits in; more of them cost no more queries."""
    activity = h.draft_activity(org, type=T.RESEARCH)
    activity_services.invitations_add(activity=activity, members=[org.member], by=org.staff)
    client.force_login(org.staff)
    url = reverse("committees:activity_detail", args=[activity.pk])
    client.get(url)
    few = _queries(client, url)
    seated = [h.new_member(org, name=f"候选{n}", committee=org.economy) for n in range(15)]
    assert _queries(client, url) == few
    picker = client.get(url).text.split('id="id_members"')[1].split("</select>")[0]
    for member in seated:
        assert (
            f'<option value="{member.pk}">{member.code} {member.name} · 经济委员会</option>'
            in picker
        )
    assert f'value="{org.member.pk}"' not in picker  # already invited
