"""Reminders of committee work (Celery beat): the day before an activity, attendance not
recorded three days after, approvals pending more than seven days. Each delivery is a
Notification with a dedupe key: a task run twice sends nothing new."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from committees import tasks
from committees.models import Activity, ActivityInvitation, WorkPlan
from committees.services import activities as services
from committees.services import plans as plan_services
from portal.models import Notification

from . import committee_work_helpers as h


def _titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_the_schedules_are_rows_editable_in_the_admin(db):
    names = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {
        "committees.tasks.remind_tomorrows_activities_task",
        "committees.tasks.remind_unrecorded_attendance_task",
        "committees.tasks.remind_pending_approvals_task",
        "evaluation.tasks.quota_reminders_task",
    } <= names


def test_the_day_before_invited_members_are_reminded_once(org):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    activity = h.published_activity(
        org, members=[org.member, org.other_member], starts_at=h.at(tomorrow, 15)
    )
    h.published_activity(org, members=[org.member], starts_at=h.at(tomorrow + dt.timedelta(days=1)))
    leave = ActivityInvitation.objects.get(activity=activity, member=org.other_member)
    services.invitation_respond(
        invitation=leave, response="leave", reason="出差", by=org.other_member_user
    )
    Notification.objects.all().delete()
    assert tasks.remind_tomorrows_activities_task() == 1
    assert tasks.remind_tomorrows_activities_task() == 0
    assert _titles(org.member_user) == [f"明天的活动：{activity.topic}"]
    assert _titles(org.other_member_user) == []  # on leave


def test_staff_are_reminded_of_attendance_three_days_after(org):
    ended = timezone.now() - dt.timedelta(days=4)
    late = h.published_activity(org, members=[org.member], starts_at=ended, topic="四天前的调研")
    recent = h.published_activity(
        org,
        members=[org.member],
        starts_at=timezone.now() - dt.timedelta(days=1),
        topic="昨天的座谈",
    )
    recorded = h.published_activity(org, members=[org.member], starts_at=ended)
    services.attendance_record(
        activity=recorded,
        entries={recorded.invitations.get().pk: ("present", "")},
        by=org.staff,
    )
    office_meeting = h.published_activity(
        org,
        by=org.office,
        committee=None,
        members=[org.member],
        starts_at=ended,
        type=Activity.Type.JOINT_MEETING,
    )
    assert tasks.remind_unrecorded_attendance_task() == 2
    assert tasks.remind_unrecorded_attendance_task() == 0
    assert _titles(org.staff) == [f"请登记考勤：{late.topic}"]
    assert _titles(org.office) == [f"请登记考勤：{office_meeting.topic}"]
    assert recent.topic not in " ".join(_titles(org.staff))


def test_the_vice_chair_is_reminded_of_approvals_waiting_seven_days(org):
    plan = plan_services.plan_submit(plan=h.plan(org), by=org.staff)
    activity = h.draft_activity(org, is_major=True)
    services.activity_submit(activity=activity, by=org.staff)
    Notification.objects.all().delete()
    assert tasks.remind_pending_approvals_task() == 0  # not yet seven days
    eight_days_ago = timezone.now() - dt.timedelta(days=8)
    WorkPlan.objects.filter(pk=plan.pk).update(submitted_at=eight_days_ago)
    Activity.objects.filter(pk=activity.pk).update(submitted_at=eight_days_ago)
    assert tasks.remind_pending_approvals_task() == 2
    assert tasks.remind_pending_approvals_task() == 0
    assert len(_titles(org.vice_chair)) == 2
    # Returned and resubmitted (a new submission): reminded again when it waits again.
    plan_services.plan_decide(plan=plan, approve=False, comment="补充", by=org.vice_chair)
    plan_services.plan_submit(plan=plan, by=org.staff)
    WorkPlan.objects.filter(pk=plan.pk).update(submitted_at=eight_days_ago + dt.timedelta(hours=1))
    assert tasks.remind_pending_approvals_task() == 1


def test_the_invitation_task_is_idempotent(org):
    activity = h.published_activity(org, members=[org.member])
    first = tasks.send_activity_invitations_task(activity.pk)
    assert first == 1
    assert tasks.send_activity_invitations_task(activity.pk) == 0
    assert first + 0 == Notification.objects.filter(recipient=org.member_user).count()
    assert tasks.send_activity_invitations_task(999999) == 0
