"""The 协商 part of `seed_demo`: the Ordos consultation year in every stage, the to-dos
of the demo logins, and every consultation page answers for them."""

from __future__ import annotations

from django.urls import reverse

from consultations.models import Consultation, Outcome, Plan, Post, Recommendation, Thread
from portal.models import User


def test_the_demo_has_a_consultation_year(municipal):
    plans = Plan.objects.filter(body=municipal)
    assert set(plans.values_list("status", flat=True)) == {"issued", "draft"}
    stages = set(Consultation.objects.filter(body=municipal).values_list("status", flat=True))
    assert stages == {"researching", "held"}
    outcomes = Outcome.objects.filter(consultation__body=municipal)
    assert set(outcomes.values_list("status", flat=True)) == {"sent", "reviewing"}
    assert Recommendation.objects.filter(outcome__status="sent", status="pending").exists()
    assert Post.objects.filter(thread__body=municipal, status="hidden").exists()
    assert set(Thread.objects.filter(body=municipal).values_list("status", flat=True)) == {
        "open",
        "closed",
    }


def test_the_demo_logins_find_their_consultation_work(municipal, client):
    expectations = {
        "unit": "反馈协商建议",
        "vicechair": "审核协商成果",
    }
    for username, text in expectations.items():
        client.force_login(User.objects.get(username=username))
        assert text in client.get(reverse("portal:todo_list")).content.decode(), username


def test_every_consultation_page_answers_for_the_demo_logins(municipal, client):
    consultations = list(Consultation.objects.filter(body=municipal))
    threads = list(Thread.objects.filter(body=municipal))
    plans = list(Plan.objects.filter(body=municipal))
    for username in ("office", "staff", "vicechair", "chair", "member", "unit"):
        client.force_login(User.objects.get(username=username))
        assert client.get(reverse("consultations:index")).status_code == 200, username
        for c in consultations:
            status = client.get(reverse("consultations:consultation_detail", args=[c.pk]))
            assert status.status_code in (200, 404), (username, c.title)
        for t in threads:
            status = client.get(reverse("consultations:thread_detail", args=[t.pk]))
            assert status.status_code in (200, 404), (username, t.title)
        for p in plans:
            status = client.get(reverse("consultations:plan_detail", args=[p.pk]))
            assert status.status_code in (200, 404), (username, p.title)
    client.force_login(User.objects.get(username="office"))
    assert client.get(reverse("consultations:statistics")).status_code == 200
