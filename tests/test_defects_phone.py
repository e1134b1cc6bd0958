"""Issue 10, defect 12 (server side): 我的活动's past list is split by attendance (缺席 is not
under 已参加) and paged, 20 a page. The sideways scroll on phones is checked in a real
browser in tests/test_defects_phone_browser.py."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from committees.models import Activity, ActivityInvitation

from . import committee_work_helpers as h


def _past(client, **params) -> list[str]:
    response = client.get(reverse("committees:my_activities"), params)
    assert response.status_code == 200
    past = response.content.decode().split('id="past"', 1)[1].split("<footer", 1)[0]
    return re.findall(r'<span class="text-break">([^<]+)</span>', past)


def test_the_past_list_is_split_by_attendance_and_paged(client, org):
    today = timezone.localdate()
    for n in range(23):
        h.held_activity(
            org, day=today - dt.timedelta(days=n + 1), present=[org.member], topic=f"出席{n:02d}"
        )
    for n in range(2):
        h.held_activity(
            org, day=today - dt.timedelta(days=n + 40), absent=[org.member], topic=f"缺席{n}"
        )
    client.force_login(org.member_user)

    first = _past(client)
    assert len(first) == 20
    assert first[0] == "出席00"  # newest first
    assert not any(t.startswith("缺席") for t in first)
    second = _past(client, page=2)
    assert len(second) == 3 and not set(first) & set(second)

    absent = _past(client, past="absent")
    assert sorted(absent) == ["缺席0", "缺席1"]
    html = client.get(reverse("committees:my_activities")).content.decode()
    assert "已参加的活动" not in html
    tabs = html.split('id="past-tabs"', 1)[1].split("</ul>", 1)[0]
    assert re.search(r"已参加\s*<span[^>]*>23<", tabs)
    assert re.search(r"缺席\s*<span[^>]*>2<", tabs)


def test_excused_and_unrecorded_have_their_own_tabs(client, org):
    today = timezone.localdate()
    excused = h.held_activity(org, day=today - dt.timedelta(days=3), topic="请假的活动")
    from committees.services import activities as services

    services.invitations_add(activity=excused, members=[org.member], by=org.staff)
    invitation = ActivityInvitation.objects.get(activity=excused, member=org.member)
    services.attendance_record(
        activity=excused, entries={invitation.pk: ("excused", "出差")}, by=org.staff
    )
    unrecorded = h.published_activity(
        org, members=[org.member], starts_at=h.at(today - dt.timedelta(days=2)), topic="未登记"
    )
    assert unrecorded.status == Activity.Status.PUBLISHED
    client.force_login(org.member_user)
    assert _past(client) == []
    assert _past(client, past="excused") == ["请假的活动"]
    assert _past(client, past="unrecorded") == ["未登记"]
    assert _past(client, past="nonsense") == []  # falls back to 已参加
