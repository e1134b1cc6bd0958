"""Calendars: a month list of the activities a user may see (a member's own, a committee's,
the whole body's for the office), and a member's iCalendar feed for his phone."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from committees.models import Activity, ActivityInvitation, CalendarFeed
from committees.selectors.activities import followed_committees
from committees.selectors.calendar import Month, calendar_month, feed_activities, feed_for_token
from committees.services import activities as services
from portal.access import (
    roles_of,
)
from portal.params import id_param


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    month = Month.parse(request.GET.get("month"), timezone.localdate())
    committee_id = id_param(request.GET, "committee")
    roles = roles_of(request.user)
    mine = request.GET.get("mine") == "1" and roles.member is not None
    committees = followed_committees(request.user)
    return render(
        request,
        "committees/calendar.html",
        {
            "month": month,
            "days": calendar_month(request.user, month, committee_id=committee_id, mine=mine),
            "committees": committees,
            "committee_id": committee_id,
            "mine": mine,
            "is_member": roles.member is not None,
            "today": timezone.localdate(),
        },
    )


@login_required
def calendar_feed_settings(request: HttpRequest) -> HttpResponse:
    """The member's subscription URL, with how to add it to a phone's calendar."""
    member = roles_of(request.user).member
    if member is None:
        raise PermissionDenied
    feed = CalendarFeed.objects.filter(member_id=member.pk).first()
    url = (
        request.build_absolute_uri(reverse("committees:calendar_feed", args=[feed.token]))
        if feed
        else ""
    )
    return render(request, "committees/calendar_feed.html", {"feed": feed, "url": url})


@require_POST
@login_required
def calendar_feed_reset(request: HttpRequest) -> HttpResponse:
    member = roles_of(request.user).member
    if member is None:
        raise PermissionDenied
    existed = CalendarFeed.objects.filter(member_id=member.pk).exists()
    services.calendar_feed_reset(member=member, by=request.user)
    messages.success(
        request,
        _("已生成新的订阅地址，旧地址已失效。") if existed else _("已生成订阅地址。"),
    )
    return redirect("committees:calendar_feed_settings")


def _excused(activity: Activity) -> bool:
    """The member asked for leave, or was recorded on leave (请假)."""
    return (
        activity.my_response == ActivityInvitation.Response.LEAVE
        or activity.my_attendance == ActivityInvitation.Attendance.EXCUSED
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed: no login (calendar apps cannot log in); the secret token in the
    URL is the key, and only that member's activities are in it."""
    feed = feed_for_token(token)
    if feed is None:
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//履职通//committee work//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("履职通 · %(name)s的活动") % {"name": feed.member.name})
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    host = request.get_host().split(":")[0]
    for activity in feed_activities(feed.member):
        event = Event()
        event.add("uid", f"activity-{activity.pk}@{host}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", timezone.localtime(activity.starts_at))
        event.add("dtend", timezone.localtime(activity.ends_at))
        excused = _excused(activity)
        summary = activity.display_title
        event.add("summary", _("【已请假】%(title)s") % {"title": summary} if excused else summary)
        event.add("location", activity.place)
        organiser = activity.owner_committee.name if activity.owner_committee else _("政协办公室")
        event.add("description", f"{organiser}\n{activity.description}".strip())
        event.add(
            "url",
            request.build_absolute_uri(reverse("committees:activity_detail", args=[activity.pk])),
        )
        # Cancelled for everyone, or for him alone when he is excused (请假): his phone
        # does not keep it as a meeting he goes to.
        cancelled = activity.status == Activity.Status.CANCELLED or excused
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()  # VTIMEZONE for Asia/Shanghai, as calendar apps expect
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lzt.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
