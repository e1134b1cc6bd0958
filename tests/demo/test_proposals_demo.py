"""The proposals part of `seed_demo`: the Ordos demo shows every state, each demo login
finds his work, the rows obey the rules the services enforce, and the region scale writes
proposals for every body."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, F, Q
from django.urls import reverse

from portal.models import Notification, User
from proposals.deadlines import add_months
from proposals.models import Assignment, Proposal, Reply
from proposals.services import send_due_reminders

from ..seeding import seed


def test_the_demo_has_three_years_in_every_state(municipal):
    proposals = Proposal.objects.filter(body=municipal)
    years = Counter(proposals.values_list("year", flat=True))
    assert len(years) == 3 and all(250 <= n <= 330 for n in years.values()), years
    assert set(proposals.values_list("status", flat=True)) == set(Proposal.Status.values)
    kinds = set(proposals.values_list("kind", flat=True))
    assert kinds == set(Proposal.Kind.values)


def test_the_demo_rows_follow_the_rules(municipal):
    proposals = Proposal.objects.filter(body=municipal)
    numbered = proposals.exclude(serial=None)
    assert numbered.count() == numbered.values("year", "serial").distinct().count()
    assert all(p.number == f"{p.year}-{p.serial:04d}" for p in numbered)
    assert not proposals.filter(status="merged", merged_into=None).exists()
    answered = proposals.filter(status__in=Proposal.ANSWERED_STATES)
    assert not answered.annotate(n=Count("replies")).filter(n=0).exists()
    # Every reply was preceded by a communication with the proposer.
    replies = Reply.objects.filter(proposal__body=municipal)
    assert not replies.filter(assignment__communications=None).exists()
    first_round = Assignment.objects.filter(proposal__body=municipal, round=1)
    for assignment in first_round.filter(deadline=F("original_deadline"))[:200]:
        assert assignment.deadline == add_months(assignment.assigned_on, 3)
    assert not proposals.filter(
        Q(submitted_at__isnull=True) & ~Q(status__in=["draft", "awaiting_signers"])
    ).exists()


def test_each_demo_login_finds_his_work(municipal, client):
    expectations = {
        "member": ("proposals:proposal_list", 8),
        "reviewer": ("proposals:review_queue", 8),
        "unit": ("proposals:unit_inbox", 5),
        "office": ("proposals:handling_progress", 1),
    }
    for username, (name, at_least) in expectations.items():
        client.force_login(User.objects.get(username=username))
        page = client.get(reverse(name))
        assert page.status_code == 200
        assert page.context["page"].paginator.count >= at_least, username
    client.force_login(User.objects.get(username="member"))
    home = client.get(reverse("portal:home")).context["proposals_home"]
    assert home.member["drafts"] >= 2 and home.member["to_rate"] >= 1 and home.invitations


def test_the_reminder_job_finds_the_demos_deadlines(municipal):
    unit = User.objects.get(username="unit")
    before = Notification.objects.filter(recipient=unit).count()
    sent = send_due_reminders()
    assert sent.deadlines >= 2 and sent.reviews >= 1 and sent.ratings >= 1
    titles = Notification.objects.filter(recipient=unit).values_list("title", flat=True)
    assert len(titles) > before and any("逾期" in t for t in titles)
    assert send_due_reminders().deadlines == 0


def test_reset_deletes_and_rebuilds_the_proposals(municipal):
    count = Proposal.objects.count()
    seed("--reset")
    assert Proposal.objects.count() == count
