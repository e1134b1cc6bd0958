"""The daily reminders (Celery beat): the right people, on the right day, once — a run
repeated the same day (or a redelivered task) sends nothing new."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from portal.models import Notification
from proposals import services
from proposals.models import Assignment, Proposal, ProposalSigner, Reply
from proposals.services.reminders import deadline_step
from proposals.tasks import proposal_reminders_task

from . import proposals_helpers as h


def titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def run() -> dict[str, int]:
    return proposal_reminders_task.delay().get()


@pytest.fixture
def quiet(org):
    """Drop the notifications the set-up itself sent."""

    def clear() -> None:
        Notification.objects.all().delete()

    return clear


@pytest.mark.parametrize(
    "days,step",
    [
        (45, None),
        (31, None),
        (30, "30"),
        (8, "30"),
        (7, "7"),
        (2, "7"),
        (1, "1"),
        (0, "1"),
        (-1, "overdue"),
        (-40, "overdue"),
    ],
)
def test_the_step_due_for_each_day(days, step):
    assert deadline_step(days) == step


def test_units_are_reminded_30_7_and_1_days_before_and_once_when_overdue(org, quiet):
    proposal = h.assigned(org)
    lead = h.lead_assignment(proposal)
    quiet()
    today = timezone.localdate()
    sent = []
    for days_left, expected in [
        (31, 0),
        (30, 1),
        (29, 0),
        (7, 1),
        (6, 0),
        (1, 1),
        (0, 0),
        (-1, 1),
        (-5, 0),
    ]:
        Assignment.objects.filter(pk=lead.pk).update(
            deadline=today + dt.timedelta(days=days_left),
            original_deadline=today + dt.timedelta(days=days_left),
        )
        first, again = run()["deadlines"], run()["deadlines"]
        assert (first, again) == (expected, 0), days_left
        sent.append(first)
    assert len(titles(org.unit)) == 4
    assert any("逾期" in t for t in titles(org.unit))
    assert titles(org.member_user) == [] and titles(org.office) == []


def test_units_that_replied_are_not_reminded(org, quiet):
    proposal = h.replied(org)
    day = timezone.localdate() + dt.timedelta(days=1)
    Assignment.objects.filter(proposal=proposal).update(deadline=day, original_deadline=day)
    quiet()
    assert run()["deadlines"] == 0


def test_co_signers_who_have_not_answered_are_reminded_once(org, quiet):
    proposal = h.joint_awaiting(org)
    quiet()
    row = proposal.signers.get()
    ProposalSigner.objects.filter(pk=row.pk).update(invited_at=h.days_ago(2))
    assert run()["signers"] == 0
    ProposalSigner.objects.filter(pk=row.pk).update(invited_at=h.days_ago(4))
    assert run()["signers"] == 1 and run()["signers"] == 0
    assert len(titles(org.other_member_user)) == 1 and titles(org.member_user) == []
    services.signer_answer(proposal=proposal, by=org.other_member_user, accept=True)
    quiet()
    assert run()["signers"] == 0


def test_proposers_who_have_not_rated_in_15_days_are_reminded_once(org, quiet):
    proposal = h.replied(org)
    quiet()
    Reply.objects.filter(proposal=proposal).update(replied_at=h.days_ago(14))
    assert run()["ratings"] == 0
    Reply.objects.filter(proposal=proposal).update(replied_at=h.days_ago(16))
    assert run()["ratings"] == 1 and run()["ratings"] == 0
    assert titles(org.member_user) == [f"请评价提案《{proposal.title}》的办理答复"]
    services.proposal_evaluate(proposal=proposal, by=org.member_user, result="satisfied")
    quiet()
    assert run()["ratings"] == 0


def test_the_office_is_told_of_proposals_waiting_a_week_for_review(org, quiet):
    from portal.models import Role
    from portal.services import role_grant

    from .factories import UserFactory

    proposals_staff = UserFactory(body=org.body)
    role_grant(
        user=proposals_staff,
        role=Role.COMMITTEE_STAFF,
        body=org.body,
        committee=org.proposals,
        by=None,
    )
    proposal = h.submitted(org)
    quiet()
    Proposal.objects.filter(pk=proposal.pk).update(submitted_at=h.days_ago(6))
    assert run()["reviews"] == 0
    Proposal.objects.filter(pk=proposal.pk).update(submitted_at=h.days_ago(8))
    assert run()["reviews"] == 2 and run()["reviews"] == 0
    assert len(titles(org.office)) == 1 and len(titles(proposals_staff)) == 1
    assert titles(org.reviewer) == [] and titles(org.staff) == []


def test_the_schedule_is_a_row_in_django_celery_beat(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="proposals.tasks.proposal_reminders_task")
    assert task.enabled and task.crontab.hour == "8"
    assert str(task.crontab.timezone) == "Asia/Shanghai"


def test_the_job_costs_the_same_queries_whatever_is_due(org, quiet):
    """The candidates' dedupe keys are read at once: a run that has nothing new to send
    costs the same however many reminders are due, and one that sends costs a fixed number
    more per notification (the inserts), never a query per due row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def grow(n: int) -> None:
        day = timezone.localdate() + dt.timedelta(days=1)
        for _i in range(n):
            Proposal.objects.filter(pk=h.submitted(org).pk).update(submitted_at=h.days_ago(8))
            Reply.objects.filter(proposal=h.replied(org)).update(replied_at=h.days_ago(16))
            signer = h.joint_awaiting(org).signers.get()
            ProposalSigner.objects.filter(pk=signer.pk).update(invited_at=h.days_ago(4))
            Assignment.objects.filter(proposal=h.assigned(org)).update(
                deadline=day, original_deadline=day
            )
        quiet()  # the set-up's notifications, and the reminders sent before: all due again

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            sent = sum(run().values())
        return len(captured), sent

    grow(1)
    (send_1, sent_1), (idle_1, none_1) = measure(), measure()
    grow(2)
    (send_3, sent_3), (idle_3, none_3) = measure(), measure()
    assert none_1 == none_3 == 0 and sent_1 >= 4 and sent_3 == 3 * sent_1
    assert idle_3 == idle_1
    assert (send_3 - idle_3) == 3 * (send_1 - idle_1)
