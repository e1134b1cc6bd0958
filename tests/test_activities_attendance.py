"""Invitations, answers, QR check-in and attendance (谁组织谁记录). Attendance counts only
members in office on the activity's date: a member who joined in June is neither invited
nor absent in March."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from committees.models import Activity, ActivityInvitation
from committees.services import activities as services

from . import committee_work_helpers as h

I = ActivityInvitation  # noqa: E741
JUNE = dt.date(2024, 6, 1)
MARCH = dt.date(2024, 3, 12)


def _invitation(activity, member) -> ActivityInvitation:
    return ActivityInvitation.objects.get(activity=activity, member=member)


# ---- invitations ------------------------------------------------------------------------------


def test_a_member_who_joined_later_is_not_invited_to_an_earlier_activity(org):
    june = h.new_member(org, name="六月增补", joined_on=JUNE)
    march = h.draft_activity(org, starts_at=h.at(MARCH))
    with pytest.raises(ValidationError, match="不在任"):
        services.invitations_add(activity=march, members=[org.member, june], by=org.staff)
    assert not ActivityInvitation.objects.filter(activity=march).exists()  # all or nothing
    july = h.draft_activity(org, starts_at=h.at(dt.date(2024, 7, 1)))
    assert services.invitations_add(activity=july, members=[org.member, june], by=org.staff) == 2
    # Inviting again adds nobody twice.
    assert services.invitations_add(activity=july, members=[june], by=org.staff) == 0


def test_moving_an_activity_before_an_invitees_seat_is_refused(org):
    june = h.new_member(org, name="六月增补", joined_on=JUNE)
    activity = h.draft_activity(org, starts_at=h.at(dt.date(2024, 7, 1)))
    services.invitations_add(activity=activity, members=[june], by=org.staff)
    activity.starts_at, activity.ends_at = h.at(MARCH), h.at(MARCH, 11)
    with pytest.raises(ValidationError, match="六月增补"):
        services.activity_save(activity=activity, sector_groups=[], by=org.staff)


def test_members_of_other_bodies_are_never_invited(org, other_org):
    activity = h.draft_activity(org)
    assert (
        services.invitations_add(activity=activity, members=[other_org.member], by=org.staff) == 0
    )


def test_only_the_organisers_invite(org):
    activity = h.draft_activity(org)
    for user in (org.office, org.vice_chair, org.member_user):
        with pytest.raises(PermissionDenied):
            services.invitations_add(activity=activity, members=[org.member], by=user)


def test_an_invitation_with_a_check_in_is_not_removed(org):
    activity = h.published_activity(
        org, members=[org.member], starts_at=timezone.now() - dt.timedelta(minutes=5)
    )
    services.activity_checkin(activity=activity, by=org.member_user)
    with pytest.raises(ValidationError, match="已签到"):
        services.invitation_remove(invitation=_invitation(activity, org.member), by=org.staff)


# ---- answers ----------------------------------------------------------------------------------


def test_a_member_confirms_or_asks_for_leave_with_a_reason(org):
    activity = h.published_activity(org, members=[org.member, org.other_member])
    invitation = _invitation(activity, org.member)
    services.invitation_respond(invitation=invitation, response="accepted", by=org.member_user)
    invitation.refresh_from_db()
    assert invitation.response == I.Response.ACCEPTED and invitation.responded_at
    with pytest.raises(ValidationError, match="请假须填写事由"):
        services.invitation_respond(invitation=invitation, response="leave", by=org.member_user)
    services.invitation_respond(
        invitation=invitation, response="leave", reason="出差在外", by=org.member_user
    )
    invitation.refresh_from_db()
    assert (invitation.response, invitation.response_reason) == ("leave", "出差在外")
    # Nobody answers for someone else.
    with pytest.raises(PermissionDenied):
        services.invitation_respond(
            invitation=invitation, response="accepted", by=org.other_member_user
        )


def test_answers_close_when_the_activity_starts(org):
    activity = h.published_activity(
        org, members=[org.member], starts_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="已经开始"):
        services.invitation_respond(
            invitation=_invitation(activity, org.member), response="accepted", by=org.member_user
        )
    draft = h.draft_activity(org)
    services.invitations_add(activity=draft, members=[org.member], by=org.staff)
    with pytest.raises(ValidationError, match="不在报名阶段"):
        services.invitation_respond(
            invitation=_invitation(draft, org.member), response="accepted", by=org.member_user
        )


# ---- check-in ---------------------------------------------------------------------------------


@pytest.fixture
def soon(org) -> Activity:
    """An activity starting in an hour, org.member invited."""
    return h.published_activity(
        org, members=[org.member], starts_at=timezone.now() + dt.timedelta(hours=1)
    )


def test_check_in_opens_30_minutes_before_the_start(org, soon):
    with pytest.raises(ValidationError, match="签到尚未开始"):
        services.activity_checkin(activity=soon, by=org.member_user)
    at = soon.starts_at - dt.timedelta(minutes=29)
    result = services.activity_checkin(activity=soon, by=org.member_user, now=at)
    assert not result.already
    invitation = _invitation(soon, org.member)
    assert invitation.checked_in_at == at
    # A check-in is the evidence of presence: attendance is pre-filled.
    assert invitation.attendance == I.Attendance.PRESENT


def test_the_opening_is_a_setting(org, soon, settings):
    settings.ACTIVITY_CHECKIN_OPENS_MINUTES = 90
    assert not services.activity_checkin(activity=soon, by=org.member_user).already


def test_check_in_closes_at_the_end(org, soon):
    with pytest.raises(ValidationError, match="已结束"):
        services.activity_checkin(
            activity=soon, by=org.member_user, now=soon.ends_at + dt.timedelta(seconds=1)
        )


def test_only_invited_members_check_in(org, soon):
    with pytest.raises(PermissionDenied, match="邀请名单"):
        services.activity_checkin(activity=soon, by=org.other_member_user, now=soon.starts_at)
    assert not ActivityInvitation.objects.filter(member=org.other_member).exists()


def test_checking_in_twice_changes_nothing(org, soon):
    first = services.activity_checkin(activity=soon, by=org.member_user, now=soon.starts_at)
    second = services.activity_checkin(
        activity=soon, by=org.member_user, now=soon.starts_at + dt.timedelta(minutes=10)
    )
    assert second.already
    assert _invitation(soon, org.member).checked_in_at == first.invitation.checked_in_at


def test_no_check_in_for_drafts_or_cancelled_activities(org):
    activity = h.draft_activity(org, starts_at=timezone.now())
    services.invitations_add(activity=activity, members=[org.member], by=org.staff)
    with pytest.raises(ValidationError, match="未发布或已取消"):
        services.activity_checkin(activity=activity, by=org.member_user)


def test_the_check_in_pages(client, org, soon):
    url = reverse("committees:checkin", args=[soon.checkin_token])
    # Logged out: to the login page, then back here.
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(org.member_user)
    assert "确认签到" in client.get(url).text
    response = client.post(url)
    assert "签到尚未开始" in response.text
    soon.starts_at = timezone.now() + dt.timedelta(minutes=10)
    soon.save(update_fields=["starts_at"])
    assert "签到成功" in client.post(url).text
    assert "您已签到" in client.post(url).text
    client.force_login(org.other_member_user)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert client.get(reverse("committees:checkin", args=["no-such-token"])).status_code == 404


def test_the_check_in_code_page_shows_a_qr_of_the_absolute_url(client, org, soon):
    client.force_login(org.staff)
    response = client.get(reverse("committees:activity_checkin_code", args=[soon.pk]))
    assert response.status_code == 200
    assert "<svg" in response.text
    assert f"http://testserver/committees/checkin/{soon.checkin_token}/" in response.text
    client.force_login(org.member_user)
    assert (
        client.get(reverse("committees:activity_checkin_code", args=[soon.pk])).status_code == 403
    )


# ---- attendance ---------------------------------------------------------------------------------


def test_the_organisers_record_attendance(org):
    activity = h.published_activity(
        org,
        members=[org.member, org.other_member],
        starts_at=timezone.now() - dt.timedelta(hours=3),
    )
    mine, other = _invitation(activity, org.member), _invitation(activity, org.other_member)
    with pytest.raises(ValidationError, match="请假须填写事由"):
        services.attendance_record(
            activity=activity, entries={mine.pk: ("excused", "")}, by=org.staff
        )
    services.attendance_record(
        activity=activity, entries={mine.pk: ("excused", "外出开会")}, by=org.staff
    )
    activity.refresh_from_db()
    assert activity.attendance_recorded_at is None  # not everyone yet
    services.attendance_record(
        activity=activity,
        entries={mine.pk: ("excused", "外出开会"), other.pk: ("absent", "")},
        by=org.staff,
    )
    activity.refresh_from_db()
    assert activity.attendance_recorded_at is not None
    other.refresh_from_db()
    assert (other.attendance, other.recorded_by) == ("absent", org.staff)
    for user in (org.office, org.vice_chair, org.member_user):
        with pytest.raises(PermissionDenied):
            services.attendance_record(
                activity=activity, entries={other.pk: ("present", "")}, by=user
            )


def test_attendance_waits_for_the_start(org):
    activity = h.published_activity(org, members=[org.member])
    with pytest.raises(ValidationError, match="尚未开始"):
        services.attendance_record(
            activity=activity,
            entries={_invitation(activity, org.member).pk: ("present", "")},
            by=org.staff,
        )


def test_a_member_not_yet_seated_is_not_marked_absent(org):
    """Even if a seat changes after the invitation (a corrected start date), attendance is
    refused for a member not in office that day."""
    june = h.new_member(org, name="六月增补", joined_on=dt.date(2024, 3, 1))
    activity = h.published_activity(org, members=[june], starts_at=h.at(MARCH))
    seat = june.terms.get()
    seat.start_date = JUNE
    seat.save()
    with pytest.raises(ValidationError, match="不在任"):
        services.attendance_record(
            activity=activity,
            entries={_invitation(activity, june).pk: ("absent", "")},
            by=org.staff,
        )


def test_the_attendance_page_keeps_what_was_typed_on_an_error(client, org):
    activity = h.published_activity(
        org, members=[org.member], starts_at=timezone.now() - dt.timedelta(hours=1)
    )
    invitation = _invitation(activity, org.member)
    client.force_login(org.staff)
    url = reverse("committees:activity_attendance", args=[activity.pk])
    response = client.post(
        url, {f"attendance_{invitation.pk}": "excused", f"reason_{invitation.pk}": ""}
    )
    assert response.status_code == 200
    assert "请假须填写事由" in response.text
    response = client.post(
        url, {f"attendance_{invitation.pk}": "excused", f"reason_{invitation.pk}": "生病"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.attendance, invitation.attendance_reason) == ("excused", "生病")
