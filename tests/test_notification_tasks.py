"""Notifications about a task close when the task is done, by whoever did it (issue 10,
defect 6): the vice-chair's 待审批 leaves his unread count once the plan is decided; every
notification links to its record, on the home page too."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from committees import tasks as committee_tasks
from committees.models import ActivityInvitation, WorkPlan
from committees.services import activities as activity_services
from committees.services import plans as plan_services
from notices import services as notice_services
from portal.models import Notification
from portal.services import notifications_close, notify
from proposals import services as proposal_services
from proposals.models import Proposal

from . import proposals_helpers as p
from .committee_work_helpers import draft_activity, new_member, plan, published_activity
from .notices_helpers import answer, published_notice, receipt_of

pytestmark = pytest.mark.django_db


def open_tasks(user, task: str = "") -> list[Notification]:
    qs = Notification.objects.filter(recipient=user, done_at__isnull=True).exclude(task="")
    return list(qs.filter(task=task) if task else qs)


def unread(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# ---- the kernel ---------------------------------------------------------------------------


def test_a_task_needs_the_record_it_is_about(org):
    with pytest.raises(ValueError):
        notify(recipients=[org.member_user], title="请处理", task="x.y")


def test_closing_by_record_task_and_recipient(org):
    plan_a, plan_b = plan(org), plan(org, year=timezone.localdate().year - 1)
    users = [org.vice_chair, org.office]
    notify(recipients=users, title="审批A", target=plan_a, task="a", email=False)
    notify(recipients=users, title="退回A", target=plan_a, task="b", email=False)
    notify(recipients=users, title="审批B", target=plan_b, task="a", email=False)
    info = notify(recipients=users, title="消息A", target=plan_a, email=False)
    assert notifications_close(target=plan_a, task="a", recipients=[org.office]) == 1
    assert notifications_close(target=plan_a, task="a") == 1
    assert notifications_close(target=plan_a) == 2  # task "b" for both
    assert notifications_close(target=plan_a) == 0
    assert [n.title for n in open_tasks(org.vice_chair)] == ["审批B"]
    closed = Notification.objects.get(recipient=org.office, title="审批A")
    assert closed.done_at is not None and closed.read_at == closed.done_at
    # Plain information is not a task: it stays unread until read.
    assert all(n.read_at is None for n in Notification.objects.filter(pk__in=[i.pk for i in info]))


def test_closing_keeps_the_first_reading_time(org):
    draft = plan(org)
    [n] = notify(recipients=[org.vice_chair], title="审批", target=draft, task="a", email=False)
    read_at = timezone.now() - dt.timedelta(days=1)
    Notification.objects.filter(pk=n.pk).update(read_at=read_at)
    notifications_close(target=draft)
    n.refresh_from_db()
    assert n.read_at == read_at and n.done_at > read_at


def test_a_rolled_back_task_stays_open(org):
    draft = plan(org)
    notify(recipients=[org.vice_chair], title="审批", target=draft, task="a", email=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        notifications_close(target=draft)
        raise RuntimeError("the service failed after closing")
    assert len(open_tasks(org.vice_chair)) == 1


# ---- the vice-chair's 待审批 (defect 6) ------------------------------------------------------


@pytest.mark.parametrize("approve", [True, False])
def test_the_vice_chairs_pending_approval_clears_when_decided(client, org, approve):
    draft = plan(org)
    plan_services.plan_submit(plan=draft, by=org.staff)
    [pending] = open_tasks(org.vice_chair, "committees.plan_approval")
    assert pending.url == f"/committees/plans/{draft.pk}/" and pending.target == draft
    client.force_login(org.vice_chair)
    assert re.search(r'id="unread-count"[^>]*>\s*1\s*<', client.get("/").content.decode())
    plan_services.plan_decide(plan=draft, approve=approve, comment="请补充", by=org.vice_chair)
    assert open_tasks(org.vice_chair) == [] and unread(org.vice_chair) == 0
    assert 'id="unread-count"' not in client.get("/").content.decode()


def test_the_overdue_reminder_clears_with_the_decision(org):
    draft = plan(org)
    plan_services.plan_submit(plan=draft, by=org.staff)
    WorkPlan.objects.filter(pk=draft.pk).update(submitted_at=timezone.now() - dt.timedelta(days=8))
    assert committee_tasks.remind_pending_approvals_task() == 1
    assert len(open_tasks(org.vice_chair, "committees.plan_approval")) == 2
    plan_services.plan_decide(plan=draft, approve=True, by=org.vice_chair)
    assert open_tasks(org.vice_chair) == []


def test_a_returned_plan_is_the_staffs_task_until_resubmitted(org):
    draft = plan(org)
    plan_services.plan_submit(plan=draft, by=org.staff)
    plan_services.plan_decide(plan=draft, approve=False, comment="补充预算", by=org.vice_chair)
    [returned] = open_tasks(org.staff, "committees.plan_returned")
    assert returned.body == "补充预算"
    plan_services.plan_submit(plan=draft, by=org.staff)
    assert open_tasks(org.staff) == []
    assert len(open_tasks(org.vice_chair, "committees.plan_approval")) == 1


def test_an_approved_major_activity_is_published_then_done(org):
    activity = draft_activity(org, is_major=True)
    activity_services.activity_submit(activity=activity, by=org.staff)
    assert len(open_tasks(org.vice_chair, "committees.activity_approval")) == 1
    activity_services.activity_decide(activity=activity, approve=True, by=org.vice_chair)
    assert open_tasks(org.vice_chair) == []
    assert len(open_tasks(org.staff, "committees.publish")) == 1
    activity_services.activity_publish(activity=activity, by=org.staff)
    assert open_tasks(org.staff) == []


# ---- members and staff --------------------------------------------------------------------


def test_an_invitation_closes_when_answered_or_cancelled(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = published_activity(org, members=[org.member, org.other_member], topic="甲")
        second = published_activity(org, members=[org.member], topic="乙")
    assert len(open_tasks(org.member_user, "committees.invitation")) == 2
    mine = ActivityInvitation.objects.get(activity=first, member=org.member)
    activity_services.invitation_respond(invitation=mine, response="accepted", by=org.member_user)
    assert [n.target for n in open_tasks(org.member_user)] == [second]
    assert len(open_tasks(org.other_member_user)) == 1  # his own is still open
    activity_services.activity_cancel(activity=second, reason="天气原因", by=org.staff)
    assert open_tasks(org.member_user) == []


def test_the_attendance_reminder_closes_once_recorded(org):
    activity = published_activity(
        org, members=[org.member], starts_at=timezone.now() - dt.timedelta(days=5)
    )
    assert committee_tasks.remind_unrecorded_attendance_task() == 1
    [task] = open_tasks(org.staff, "committees.attendance")
    assert task.url == f"/committees/activities/{activity.pk}/attendance/"
    invitation = ActivityInvitation.objects.get(activity=activity)
    activity_services.attendance_record(
        activity=activity, entries={invitation.pk: ("absent", "")}, by=org.staff
    )
    assert open_tasks(org.staff) == []


def test_co_signers_close_their_own_invitation(org):
    from members.services import member_open_account

    third = new_member(org, name="郑委员")
    third_user = member_open_account(
        member=third, username=f"zheng@{org.body.pk}", password="Lz-zheng-2026", by=None
    )
    proposal = p.submitted(org, kind=Proposal.Kind.JOINT, signers=[org.other_member, third])
    [task] = open_tasks(org.other_member_user, "proposals.cosign")
    assert task.target == proposal
    proposal_services.signer_answer(proposal=proposal, by=org.other_member_user, accept=True)
    assert open_tasks(org.other_member_user) == []
    assert len(open_tasks(third_user, "proposals.cosign")) == 1
    proposal_services.proposal_recall(proposal=proposal, by=org.member_user)
    assert open_tasks(third_user) == []


def test_a_withdrawn_proposal_ends_its_invitations(org):
    proposal = p.joint_awaiting(org)
    proposal_services.proposal_withdraw(proposal=proposal, by=org.member_user)
    assert open_tasks(org.other_member_user) == []


def test_the_recommendation_closes_when_decided(org):
    proposal = p.submitted(org)
    proposal_services.proposal_recommend(
        proposal=proposal, by=org.reviewer, review=proposal_services.Review(decision="file")
    )
    assert len(open_tasks(org.office, "proposals.confirm")) == 1
    proposal_services.proposal_confirm_recommendation(proposal=proposal, by=org.office)
    assert open_tasks(org.office) == []


def test_handling_tasks_close_step_by_step(org):
    proposal = p.assigned(org)
    assignment = p.lead_assignment(proposal)
    [accept] = open_tasks(org.unit, "proposals.accept")
    assert accept.target == assignment and accept.url == f"/proposals/{proposal.pk}/"
    proposal_services.assignment_accept(assignment=assignment, by=org.unit)
    assert open_tasks(org.unit) == []
    communication = p.contact(org, assignment)
    [confirm] = open_tasks(org.member_user, "proposals.communication")
    assert confirm.target == communication
    proposal_services.communication_answer(
        communication=communication, by=org.member_user, confirmed=True
    )
    assert open_tasks(org.member_user) == []
    p.reply(org, assignment)
    assert len(open_tasks(org.member_user, "proposals.rate")) == 1
    proposal_services.proposal_evaluate(proposal=proposal, by=org.member_user, result="satisfied")
    assert open_tasks(org.member_user) == []


def test_a_returned_assignment_becomes_the_offices_task(org):
    proposal = p.assigned(org)
    proposal_services.assignment_return(
        assignment=p.lead_assignment(proposal), by=org.unit, reason="不属于本单位职责"
    )
    assert open_tasks(org.unit) == []
    assert len(open_tasks(org.office, "proposals.assign")) == 1
    proposal_services.proposal_assign(
        proposal=proposal, by=org.office, plan=proposal_services.Plan(lead=org.other_department)
    )
    assert open_tasks(org.office) == []


def test_notices_close_when_read_or_answered(org, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        slip = published_notice(org)
        plain = published_notice(org, title="学习资料", kind="announcement", wants_reply=False)
    assert len(open_tasks(org.member_user, "notices.receipt")) == 2
    client.force_login(org.member_user)
    client.get(reverse("notices:notice_detail", args=[plain.pk]))
    client.get(reverse("notices:notice_detail", args=[slip.pk]))
    # Reading the one without a reply slip is its task done; the other is only read.
    assert [n.target for n in open_tasks(org.member_user)] == [slip]
    assert unread(org.member_user) == 0
    answer(slip, org.member, org.member_user)
    assert open_tasks(org.member_user) == []
    # The publisher recording an answer closes the member's task too.
    answer(slip, org.other_member, org.office, response="leave", leave_reason="电话请假")
    assert [n.target for n in open_tasks(org.other_member_user)] == [plain]  # still unread
    assert receipt_of(slip, org.other_member).answered_by == org.office


def test_withdrawing_a_notice_ends_its_tasks(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice = published_notice(org)
    notice_services.notice_withdraw(notice=notice, reason="会议取消", by=org.office)
    assert open_tasks(org.member_user) == [] and open_tasks(org.other_member_user) == []


# ---- every notification links to its record ----------------------------------------------


def test_every_notification_links_to_its_record(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        p.evaluated(org)
        p.joint_awaiting(org, title="关于加强黄河流域生态保护的建议")
        draft = plan(org)
        plan_services.plan_submit(plan=draft, by=org.staff)
        plan_services.plan_decide(plan=draft, approve=False, comment="补充", by=org.vice_chair)
        published_activity(org, members=[org.member])
        notice = published_notice(org)
        notice_services.notice_withdraw(notice=notice, reason="延期", by=org.office)
    notifications = Notification.objects.all()
    assert notifications.count() >= 10
    assert not notifications.filter(url="").exists()
    assert not notifications.filter(target_type__isnull=True).exists()


def test_home_page_notifications_are_links(client, org):
    draft = plan(org)
    plan_services.plan_submit(plan=draft, by=org.staff)
    [pending] = Notification.objects.filter(recipient=org.vice_chair)
    client.force_login(org.vice_chair)
    page = client.get(reverse("portal:home")).content.decode()
    assert f'form="open-notification-{pending.pk}"' in page
    assert f'action="/notifications/{pending.pk}/open/"' in page
    response = client.post(reverse("portal:notification_open", args=[pending.pk]))
    assert response.url == f"/committees/plans/{draft.pk}/"
