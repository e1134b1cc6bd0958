"""Issue 10, defect 11: the iCalendar feed carries a VTIMEZONE for Asia/Shanghai; an activity
the member is excused from (请假) is not CONFIRMED for him; a summary does not repeat the
type ("委员讲堂：委员讲堂：…"); the subscription page has a copy button (static JS)."""

from __future__ import annotations

import datetime as dt

from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from committees.models import Activity, ActivityInvitation, CalendarFeed
from committees.services import activities as services

from . import committee_work_helpers as h


def _feed(client, org) -> Calendar:
    client.force_login(org.member_user)
    client.post(reverse("committees:calendar_feed_reset"))
    client.logout()
    feed = CalendarFeed.objects.get(member=org.member)
    response = client.get(reverse("committees:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def test_the_feed_has_a_vtimezone_for_shanghai(client, org):
    h.published_activity(org, members=[org.member])
    calendar = _feed(client, org)
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["Asia/Shanghai"]
    event = calendar.walk("VEVENT")[0]
    assert event["dtstart"].params["TZID"] == "Asia/Shanghai"


def test_an_activity_he_is_excused_from_is_not_confirmed_for_him(client, org):
    start = timezone.now() + dt.timedelta(days=2)
    going = h.published_activity(org, members=[org.member], starts_at=start, topic="参加的调研")
    leave = h.published_activity(org, members=[org.member], starts_at=start, topic="请假的调研")
    invitation = ActivityInvitation.objects.get(activity=leave, member=org.member)
    services.invitation_respond(
        invitation=invitation, response="leave", reason="出差", by=org.member_user
    )
    events = {e["uid"]: e for e in _feed(client, org).walk("VEVENT")}
    by_pk = {int(uid.split("-")[1].split("@")[0]): e for uid, e in events.items()}
    assert str(by_pk[going.pk]["status"]) == "CONFIRMED"
    assert str(by_pk[leave.pk]["status"]) in ("CANCELLED", "TENTATIVE")
    assert "请假" in str(by_pk[leave.pk]["summary"])


def test_excused_in_the_attendance_record_counts_too(client, org):
    activity = h.held_activity(org, day=timezone.localdate() - dt.timedelta(days=2))
    services.invitations_add(activity=activity, members=[org.member], by=org.staff)
    invitation = ActivityInvitation.objects.get(activity=activity, member=org.member)
    services.attendance_record(
        activity=activity, entries={invitation.pk: ("excused", "病假")}, by=org.staff
    )
    (event,) = _feed(client, org).walk("VEVENT")
    assert str(event["status"]) != "CONFIRMED"


def test_a_summary_does_not_repeat_the_type(client, org):
    h.published_activity(
        org, members=[org.member], type=Activity.Type.MEMBER_LECTURE, topic="委员讲堂：草原生态"
    )
    h.published_activity(
        org, members=[org.member], type=Activity.Type.THEORY_STUDY, topic="全会精神"
    )
    summaries = {str(e["summary"]) for e in _feed(client, org).walk("VEVENT")}
    assert summaries == {"理论学习：全会精神", "委员讲堂：草原生态"}


def test_the_subscription_page_has_a_copy_button_without_inline_script(client, org):
    client.force_login(org.member_user)
    client.post(reverse("committees:calendar_feed_reset"))
    html = client.get(reverse("committees:calendar_feed_settings")).content.decode()
    assert 'data-copy-target="#feed-url"' in html
    assert "js/copy.js" in html
    assert "<script>" not in html  # only <script src=...>
    assert finders.find("js/copy.js")
