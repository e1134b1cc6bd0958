"""Calendars: the month page shows what the user may see; a member's iCalendar feed parses,
holds his own activities only, marks cancelled ones, and dies when he regenerates it."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from committees.models import Activity, CalendarFeed
from committees.services import activities as services

from . import committee_work_helpers as h


def _feed_url(client, org) -> str:
    client.force_login(org.member_user)
    client.post(reverse("committees:calendar_feed_reset"))
    feed = CalendarFeed.objects.get(member=org.member)
    client.logout()
    return reverse("committees:calendar_feed", args=[feed.token])


def test_the_feed_parses_and_holds_the_members_activities_only(client, org, other_org):
    start = timezone.now() + dt.timedelta(days=2)
    mine = h.published_activity(org, members=[org.member], starts_at=start, topic="我的调研")
    h.published_activity(org, members=[org.other_member], starts_at=start, topic="别人的调研")
    h.published_activity(org, starts_at=start, topic="公开讲座", is_public=True)
    draft = h.draft_activity(org, starts_at=start, topic="草稿活动")
    services.invitations_add(activity=draft, members=[org.member], by=org.staff)
    cancelled = h.published_activity(org, members=[org.member], starts_at=start, topic="取消的")
    services.activity_cancel(activity=cancelled, reason="改期", by=org.staff)
    h.published_activity(other_org, members=[other_org.member], starts_at=start, topic="外地")

    response = client.get(_feed_url(client, org))  # no login: the token is the key
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"理论学习：我的调研", "理论学习：取消的"}
    event = events["理论学习：我的调研"]
    assert event["uid"] == f"activity-{mine.pk}@testserver"
    assert event.decoded("dtstart") == timezone.localtime(mine.starts_at).replace(microsecond=0)
    assert str(event["location"]) == mine.place
    assert str(events["理论学习：取消的"]["status"]) == "CANCELLED"


def test_a_regenerated_feed_revokes_the_old_url(client, org):
    old = _feed_url(client, org)
    assert client.get(old).status_code == 200
    new = _feed_url(client, org)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get(reverse("committees:calendar_feed", args=["guess"])).status_code == 404


def test_only_members_have_a_feed(client, org):
    client.force_login(org.staff)
    assert client.get(reverse("committees:calendar_feed_settings")).status_code == 403
    assert client.post(reverse("committees:calendar_feed_reset")).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_the_feed_page_shows_the_url_to_its_owner(client, org):
    client.force_login(org.member_user)
    assert "您还没有订阅地址" in client.get(reverse("committees:calendar_feed_settings")).text
    client.post(reverse("committees:calendar_feed_reset"))
    token = CalendarFeed.objects.get(member=org.member).token
    assert token in client.get(reverse("committees:calendar_feed_settings")).text


def test_the_month_page_shows_what_each_user_may_see(client, org):
    day = timezone.localdate() + dt.timedelta(days=1)
    start = h.at(day, 9)
    h.published_activity(org, members=[org.member], starts_at=start, topic="受邀的活动")
    h.published_activity(org, members=[org.other_member], starts_at=start, topic="未受邀的活动")
    h.draft_activity(org, starts_at=start, topic="草稿中的活动")
    month = f"?month={day:%Y-%m}"
    client.force_login(org.member_user)
    page = client.get(reverse("committees:calendar") + month).text
    assert "受邀的活动" in page and "未受邀的活动" not in page and "草稿中的活动" not in page
    client.force_login(org.staff)
    page = client.get(reverse("committees:calendar") + month).text
    assert "受邀的活动" in page and "未受邀的活动" in page and "草稿中的活动" in page
    client.force_login(org.office)
    page = client.get(
        reverse("committees:calendar") + month + f"&committee={org.education.pk}"
    ).text
    assert "受邀的活动" not in page
    page = client.get(reverse("committees:calendar") + "?month=garbage").text
    assert "活动日历" in page


def test_the_list_and_the_calendar_name_each_activitys_type_and_status(client, org):
    """Labels are translated once per page (selectors.activities.with_labels): each row
    still shows its own type and status."""
    start = h.at(timezone.localdate() + dt.timedelta(days=3), 9)
    published = h.published_activity(
        org, starts_at=start, type=Activity.Type.RESEARCH, topic="标签甲"
    )
    draft = h.draft_activity(org, starts_at=start, type=Activity.Type.INSPECTION, topic="标签乙")
    client.force_login(org.office)
    rows = client.get(reverse("committees:activity_list")).text.split("<tr>")
    for activity in (published, draft):
        row = next(r for r in rows if activity.topic in r)
        assert str(Activity.Type(activity.type).label) in row
    month = f"?month={start:%Y-%m}"
    items = client.get(reverse("committees:calendar") + month).text.split("<li")
    row = next(r for r in items if published.topic in r)
    assert str(Activity.Status.PUBLISHED.label) in row
