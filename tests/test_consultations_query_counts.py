"""The pages of 协商 cost the same number of queries with few rows as with more (no N+1;
QUALITY.md speed item 1); the counts are pinned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import Plan

from .consultations_helpers import (
    chair_of,
    consultation,
    plan,
    research_done,
    schedule,
    sent_outcome,
    thread,
)
from .test_query_counts import _queries as queries

pytestmark = pytest.mark.django_db


def _grow_plan(org, n: int, start: int) -> None:
    """n more items in this year's approved plan, each with a consultation, some held."""
    the_plan = plan(org)
    for i in range(n):
        c = consultation(org, key=False, title=f"课题{start + i}")
        if i % 2 == 0:
            research_done(org, c)
            schedule(org, c)
            services.consultation_move(consultation=c, target="held", by=org.staff)
    assert Plan.objects.get(pk=the_plan.pk).status == Plan.Status.APPROVED


def test_the_plan_page_and_the_hub_do_not_grow_with_items(org, client):
    sent_outcome(org)
    the_plan = plan(org)
    client.force_login(org.office)
    urls = [
        reverse("consultations:plan_detail", args=[the_plan.pk]),
        reverse("consultations:index"),
        reverse("consultations:statistics"),
        reverse("consultations:plan_list"),
    ]
    for url in urls:
        client.get(url)
    few = [queries(client, url) for url in urls]
    _grow_plan(org, 3, 1)
    many = [queries(client, url) for url in urls]
    assert few == many
    # The plan page: session, user, object permissions (one query, then kept:
    # portal.backends), roles (2), plan, items, co-committees,
    # departments, consultations, outcomes, comments, staff committees, the log, the
    # navigation's counts; the hub and the plan list: a handful; statistics: one grouped
    # query per measure.
    assert many == [14, 7, 11, 7]


def test_a_thread_page_does_not_grow_with_posts(org, client):
    t = thread(org)
    services.post_add(thread=t, text="第一条", by=org.member_user)
    url = reverse("consultations:thread_detail", args=[t.pk])
    for user in (org.staff, org.member_user):
        client.force_login(user)
        client.get(url)
        few = queries(client, url)
        for i in range(12):
            services.post_add(thread=t, text=f"意见{i}", by=org.member_user)
        many = queries(client, url)
        assert few == many <= 15


def test_the_departments_list_does_not_grow(org, client):
    sent_outcome(org)
    client.force_login(org.unit)
    url = reverse("consultations:recommendation_list")
    client.get(url)
    few = queries(client, url)
    c = consultation(org, key=False, title="第二个课题")
    research_done(org, c)
    schedule(org, c)
    services.consultation_move(consultation=c, target="held", by=org.staff)
    outcome = services.outcome_save(
        consultation=c, kind="proposal", title="建议案二", text="正文", sent_to="市政府",
        by=org.staff,
    )  # fmt: skip
    for i in range(4):
        services.recommendation_add(
            outcome=outcome, text=f"建议{i}", department=org.department,
            deadline=timezone.localdate() + dt.timedelta(days=30), by=org.staff,
        )  # fmt: skip
    services.outcome_move(outcome=outcome, target="reviewing", by=org.staff)
    services.outcome_move(outcome=outcome, target="signing", by=org.vice_chair)
    services.outcome_move(outcome=outcome, target="sent", by=chair_of(org))
    assert queries(client, url) == few <= 12


def test_a_consultation_page_does_not_grow_with_participants(org, client):
    outcome = sent_outcome(org)
    c = outcome.consultation
    url = reverse("consultations:consultation_detail", args=[c.pk])
    client.force_login(org.staff)
    client.get(url)
    few = queries(client, url)
    for i in range(3):
        services.instruction_add(
            outcome=outcome, leader=f"领导{i}", level="gov", on=timezone.localdate(),
            text="阅", by=org.staff,
        )  # fmt: skip
    assert queries(client, url) == few
