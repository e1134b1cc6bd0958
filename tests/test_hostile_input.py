"""Issue 11, found from outside: a line break in a one-line field, a NUL in a query
parameter and an out-of-range year each answered 500. Now: one-line fields refuse control
characters in Chinese (portal.inputs), the request is refused with the Chinese 400 page
before any view (portal.middleware), years and ids are checked by one rule
(portal.params), and an e-mail subject is one line whatever was stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from committees.models import Activity, CalendarFeed
from portal.inputs import CONTROL, one_line
from portal.models import Notification
from portal.params import BadParameter, date_param, int_param, year_param
from portal.services import notify
from proposals.models import Proposal

from . import committee_work_helpers as cw
from . import proposals_helpers as h

CRLF_TITLE = "关于加强社区养老服务的建议\r\nBcc: victim@example.com"


def _proposal_form(**overrides) -> dict:
    data = {
        "kind": "individual",
        "title": "关于推进智慧社区建设的建议",
        "category": "society",
        "reasons": "社区信息化平台分散。\r\n第二段。",
        "suggestions": "整合社区服务平台。",
    }
    data.update(overrides)
    return data


def test_a_title_with_a_line_break_is_refused_in_chinese_and_nothing_is_stored(org, client):
    client.force_login(org.member_user)
    before = Proposal.objects.count()
    response = client.post(reverse("proposals:proposal_create"), _proposal_form(title=CRLF_TITLE))
    assert response.status_code in (200, 400)  # the form again, with its error
    assert "不能包含换行符" in response.content.decode()
    assert Proposal.objects.count() == before


def test_line_breaks_stay_allowed_in_a_textarea(org, client):
    client.force_login(org.member_user)
    response = client.post(reverse("proposals:proposal_create"), _proposal_form())
    assert response.status_code == 302
    assert Proposal.objects.get(title="关于推进智慧社区建设的建议").reasons.count("\n") == 1


def test_an_activity_topic_with_a_line_break_is_refused(org, client):
    client.force_login(org.staff)
    start = timezone.localtime() + dt.timedelta(days=5)
    response = client.post(
        reverse("committees:activity_create"),
        {
            "type": "research",
            "committee": org.economy.pk,
            "topic": "生态保护\n专题调研",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "place": "鄂托克前旗",
        },
    )
    assert response.status_code in (200, 400)
    assert "不能包含换行符" in response.content.decode()
    assert not Activity.objects.filter(topic__startswith="生态保护").exists()


def test_a_stored_title_with_a_line_break_still_notifies_with_a_clean_subject(
    org, client, django_capture_on_commit_callbacks, mailoutbox
):
    """A title typed before the check (or written by an import) holds a line break: the
    reviewer's filing succeeds and the author's e-mail goes out with a one-line subject."""
    org.member_user.email = "zhou@example.cn"
    org.member_user.save()
    proposal = h.submitted(org)
    Proposal.objects.filter(pk=proposal.pk).update(title=CRLF_TITLE)
    client.force_login(org.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("proposals:proposal_review", args=[proposal.pk]), {"decision": "file"}
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.FILED
    mine = [m for m in mailoutbox if m.to == ["zhou@example.cn"]]
    assert mine, "the author was not e-mailed"
    for message in mine:
        assert "\n" not in message.subject and "\r" not in message.subject
        message.message()  # the headers can be written (BadHeaderError before)
    stored = Notification.objects.filter(recipient=org.member_user).values_list("title", flat=True)
    assert stored and not any("\n" in title or "\r" in title for title in stored)


def test_a_notification_title_is_stored_as_one_line(org):
    note = notify(recipients=[org.member_user], title="第一行\r\n第二行\t\x00尾", email=False)[0]
    assert note.title == "第一行 第二行 尾"


@pytest.mark.parametrize(
    "name, query",
    [
        ("members:member_list", {"q": "周\x00"}),
        ("proposals:proposal_list", {"q": "\x00"}),
        ("committees:activity_list", {"q": "调研\x00"}),
        ("committees:activity_list", {"status\x00": "1"}),
        ("members:member_list", {"q": "x" * 5000}),
    ],
)
def test_a_nul_or_an_overlong_value_in_a_search_answers_400_in_chinese(org, client, name, query):
    client.force_login(org.office)
    response = client.get(reverse(name), query)
    assert response.status_code == 400
    assert "参数" in response.content.decode()


def test_a_nul_in_the_calendar_feed_and_the_checkin_url_answers_400(org, client):
    client.force_login(org.member_user)
    client.post(reverse("committees:calendar_feed_reset"))
    token = CalendarFeed.objects.get(member=org.member).token
    client.logout()
    feed = reverse("committees:calendar_feed", args=[token])
    assert client.get(feed).status_code == 200
    assert client.get(feed, {"x": "\x00"}).status_code == 400
    assert client.get(feed.replace(".ics", "%00.ics")).status_code == 400
    client.force_login(org.member_user)
    activity = cw.published_activity(org, members=[org.member])
    checkin = reverse("committees:checkin", args=[activity.checkin_token])
    assert client.get(checkin + "?t=%00").status_code == 400
    assert client.get(checkin.rstrip("/") + "%00/").status_code == 400


@pytest.mark.parametrize("year", ["9999", "10000", "0", "-1", "1" * 40, "２０２５", "²", "1e3"])
@pytest.mark.parametrize("name", ["committees:activity_list", "committees:office_plan_list"])
def test_an_out_of_range_year_answers_400_with_the_reason(org, client, name, year):
    client.force_login(org.office)
    response = client.get(reverse(name), {"year": year})
    assert response.status_code == 400
    assert "年度应为" in response.content.decode()


def test_a_year_in_the_path_outside_the_range_is_no_page(org, client):
    """`/committees/office-plans/0/consultation/` was date(0, 1, 1)'s ValueError."""
    client.force_login(org.office)
    for year in ("0000", "0", "9999", "10000"):
        response = client.get(f"/committees/office-plans/{year}/consultation/")
        assert response.status_code == 404, year
    year = timezone.localdate().year
    assert client.get(f"/committees/office-plans/{year}/consultation/").status_code != 404


def test_an_odd_digit_in_a_posted_list_is_skipped(org, client):
    """`report=²` passed str.isdigit() and failed int() (public_opinion issue_entries)."""
    from portal.params import as_id

    assert [as_id(v) for v in ("3", "²", "٣", "9" * 4400, "-1", "0", " 4")] == [
        3,
        None,
        None,
        None,
        None,
        None,
        None,
    ]


def test_a_year_in_range_and_a_blank_year_are_served(org, client):
    client.force_login(org.office)
    for year in ("", "2025", "1949", "2100"):
        assert client.get(reverse("committees:activity_list"), {"year": year}).status_code == 200


def test_a_malformed_id_parameter_answers_400(org, client):
    client.force_login(org.office)
    for value in ("²", "1" * 30, "-3", "abc"):
        response = client.get(reverse("members:member_list"), {"sector": value})
        assert response.status_code == 400, value
    assert client.get(reverse("members:member_list"), {"sector": ""}).status_code == 200


def test_an_overlong_username_is_a_failed_login_not_a_crash(org, client):
    response = client.post(reverse("login"), {"username": "x" * 5000, "password": "x"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


# ---- the pieces, on any text ---------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_one_line_never_leaves_a_line_break(text):
    line = one_line(text)
    assert not any(c in line for c in "\r\n\x00\x0b\x0c\x85\u2028\u2029")
    assert line == line.strip()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_query_helpers_give_a_value_or_a_bad_parameter(text):
    """Whatever is typed into the URL: a number in range, the default, or BadParameter —
    never ValueError or OverflowError."""
    for read in (
        lambda: int_param({"n": text}, "n", min_value=-5, max_value=10**12),
        lambda: year_param({"year": text}),
        lambda: date_param({"d": text}, "d"),
    ):
        try:
            value = read()
        except BadParameter:
            continue
        assert value is None or isinstance(value, int | dt.date)
    try:
        year = year_param({"year": text}, default=2025)
    except BadParameter:
        return
    assert 1949 <= year <= 2100


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1))
def test_a_one_line_field_accepts_or_refuses_in_chinese(text):
    field = forms.CharField(max_length=200)
    area = forms.CharField(widget=forms.Textarea)
    try:
        value = field.clean(text)
    except ValidationError:
        pass
    else:
        assert not CONTROL.search(value)
    try:
        area.clean(text)
    except ValidationError as error:
        assert error.messages and all(m.isascii() is False for m in error.messages)
