"""Activities: who organises (a committee and/or sector groups; 谁组织谁记录), the
approval of major activities by the vice-chair in charge before they are announced (§12),
publishing with invitations sent on commit, holding and cancelling."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from committees.models import Activity
from committees.services import activities as services
from portal.models import Notification, Role
from portal.services import role_grant

from . import committee_work_helpers as h
from .factories import UserFactory

S = Activity.Status


def test_staff_create_activities_of_their_committee_only(org):
    activity = h.draft_activity(org)
    assert activity.status == S.DRAFT
    assert activity.owner_committee == org.economy
    assert activity.created_by == org.staff
    with pytest.raises(PermissionDenied):
        h.draft_activity(org, committee=org.education)
    with pytest.raises(PermissionDenied):
        h.draft_activity(org, by=org.member_user)


def test_a_sector_group_activity_is_run_by_the_groups_committee(org):
    activity = h.draft_activity(
        org, committee=None, groups=[org.economy_group], type=Activity.Type.SECTOR_ACTIVITY
    )
    assert activity.committee is None
    assert activity.owner_committee == org.economy
    assert list(activity.sector_groups.all()) == [org.economy_group]
    # Groups of two committees need the organising committee to be named.
    with pytest.raises(ValidationError, match="联系不同的专委会"):
        h.draft_activity(org, committee=None, groups=[org.economy_group, org.education_group])
    # A committee may organise with another committee's group (a joint activity).
    joint = h.draft_activity(org, committee=org.economy, groups=[org.education_group])
    assert joint.owner_committee == org.economy


def test_the_office_organises_body_wide_meetings(org):
    activity = h.draft_activity(
        org, by=org.office, committee=None, type=Activity.Type.JOINT_MEETING
    )
    assert activity.owner_committee is None
    # A 界别协商 across sector groups of several committees, organised by the office.
    consultation = h.draft_activity(
        org,
        by=org.office,
        committee=None,
        groups=[org.economy_group, org.education_group],
        type=Activity.Type.SECTOR_CONSULTATION,
    )
    assert consultation.owner_committee is None
    assert consultation.sector_groups.count() == 2
    with pytest.raises(PermissionDenied):
        h.draft_activity(org, by=org.office, committee=org.economy)
    with pytest.raises(ValidationError, match="至少一项"):
        h.draft_activity(org, by=org.staff, committee=None)
    with pytest.raises(ValidationError, match="不走专委会重大活动审批"):
        h.draft_activity(org, by=org.office, committee=None, is_major=True)
    # The office does not run a committee's activities (谁组织谁记录).
    committee_activity = h.draft_activity(org)
    with pytest.raises(ValidationError, match="无权"):
        services.activity_publish(activity=committee_activity, by=org.office)


def test_ends_after_it_starts(org):
    with pytest.raises(ValidationError, match="晚于开始时间"):
        h.draft_activity(org, hours=0)


def test_an_activity_carries_out_an_item_of_its_own_committees_plan(org):
    plan = h.approved_plan(org)
    item = plan.items.get()
    activity = h.draft_activity(org, plan_item=item)
    assert activity.plan_item == item
    other_staff = UserFactory(body=org.body)
    role_grant(
        user=other_staff, role=Role.COMMITTEE_STAFF, body=org.body, committee=org.education, by=None
    )
    with pytest.raises(ValidationError, match="本专委会计划"):
        h.draft_activity(org, by=other_staff, committee=org.education, plan_item=item)


def test_a_major_activity_is_approved_before_it_is_announced(
    org, django_capture_on_commit_callbacks
):
    activity = h.draft_activity(org, is_major=True)
    services.invitations_add(activity=activity, members=[org.member], by=org.staff)
    with pytest.raises(ValidationError, match="无权"):
        services.activity_publish(activity=activity, by=org.staff)
    services.activity_submit(activity=activity, by=org.staff)
    assert Notification.objects.filter(recipient=org.vice_chair, title__contains="重大活动")
    with pytest.raises(ValidationError, match="需要填写意见"):
        services.activity_decide(activity=activity, approve=False, by=org.vice_chair)
    services.activity_decide(
        activity=activity, approve=False, comment="请补充安全预案", by=org.vice_chair
    )
    activity.refresh_from_db()
    assert activity.status == S.RETURNED
    # Returned: editable again, then resubmitted; a returned major activity is not published.
    activity.place = "市政协一楼报告厅"
    services.activity_save(activity=activity, sector_groups=[], by=org.staff)
    with pytest.raises(ValidationError, match="无权"):
        services.activity_publish(activity=activity, by=org.staff)
    services.activity_submit(activity=activity, by=org.staff)
    with pytest.raises(ValidationError, match="无权"):
        services.activity_decide(activity=activity, approve=True, by=org.office)
    services.activity_decide(activity=activity, approve=True, by=org.vice_chair)
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_publish(activity=activity, by=org.staff)
    activity.refresh_from_db()
    assert activity.status == S.PUBLISHED and activity.announced_at is not None
    assert (
        Notification.objects.filter(
            recipient=org.member_user, dedupe_key=f"activity:{activity.pk}:invite"
        ).count()
        == 1
    )


def test_the_vice_chair_does_not_approve_what_he_submitted(org):
    role_grant(
        user=org.vice_chair,
        role=Role.COMMITTEE_STAFF,
        body=org.body,
        committee=org.economy,
        by=None,
    )
    activity = h.draft_activity(org, by=org.vice_chair, is_major=True)
    services.activity_submit(activity=activity, by=org.vice_chair)
    with pytest.raises(ValidationError, match="无权"):
        services.activity_decide(activity=activity, approve=True, by=org.vice_chair)


def test_invitations_go_out_on_commit_and_only_once(org, django_capture_on_commit_callbacks):
    activity = h.draft_activity(org)
    services.invitations_add(activity=activity, members=[org.member], by=org.staff)
    # Drafts notify nobody.
    assert not Notification.objects.filter(recipient=org.member_user).exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.activity_publish(activity=activity, by=org.staff)
    assert not Notification.objects.filter(recipient=org.member_user).exists()
    for callback in callbacks:
        callback()
    for callback in callbacks:  # a redelivered task
        callback()
    assert Notification.objects.filter(recipient=org.member_user).count() == 1
    # A member invited after publishing is told too; the first one is not told again.
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_add(activity=activity, members=[org.other_member], by=org.staff)
    assert Notification.objects.filter(recipient=org.other_member_user).count() == 1
    assert Notification.objects.filter(recipient=org.member_user).count() == 1


def test_an_activity_is_marked_held_once_it_has_started(org):
    future = h.published_activity(org)
    with pytest.raises(ValidationError, match="尚未开始"):
        services.activity_mark_held(activity=future, by=org.staff)
    past = h.published_activity(org, starts_at=timezone.now() - dt.timedelta(hours=3))
    services.activity_mark_held(activity=past, by=org.staff)
    past.refresh_from_db()
    assert past.status == S.HELD and past.held_at is not None
    with pytest.raises(ValidationError, match="无需重复"):
        services.activity_mark_held(activity=past, by=org.staff)


def test_cancelling_needs_a_reason_and_tells_the_invited(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        activity = h.published_activity(org, members=[org.member])
    with pytest.raises(ValidationError, match="需要填写意见"):
        services.activity_cancel(activity=activity, reason="", by=org.staff)
    services.activity_cancel(activity=activity, reason="因天气原因取消", by=org.staff)
    activity.refresh_from_db()
    assert activity.status == S.CANCELLED
    assert Notification.objects.filter(recipient=org.member_user, title__contains="活动取消")
    with pytest.raises(ValidationError):
        services.activity_cancel(activity=activity, reason="again", by=org.staff)


def test_only_drafts_and_returned_activities_are_edited(org):
    activity = h.published_activity(org)
    activity.topic = "改"
    with pytest.raises(ValidationError, match="不能修改"):
        services.activity_save(activity=activity, sector_groups=[], by=org.staff)


def test_a_stale_activity_form_is_refused(org):
    activity = h.draft_activity(org)
    stale = activity.version
    activity.topic = "甲"
    services.activity_save(activity=activity, sector_groups=[], version=stale, by=org.staff)
    activity.topic = "乙"
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.activity_save(activity=activity, sector_groups=[], version=stale, by=org.staff)
    assert Activity.objects.get(pk=activity.pk).topic == "甲"


def test_a_revoked_staff_role_takes_effect_at_once(org):
    from portal.models import RoleAssignment
    from portal.services import role_revoke

    activity = h.draft_activity(org)
    role_revoke(
        assignment=RoleAssignment.objects.get(user=org.staff, role=Role.COMMITTEE_STAFF), by=None
    )
    org.staff = type(org.staff).objects.get(pk=org.staff.pk)  # a new request
    with pytest.raises(ValidationError, match="无权"):
        services.activity_publish(activity=activity, by=org.staff)
