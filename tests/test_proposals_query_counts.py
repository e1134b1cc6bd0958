"""The lists of the proposals app cost the same number of queries for 10 proposals as for
hundreds (QUALITY.md speed item 1); the counts are pinned."""

from __future__ import annotations

import random

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from demo.proposals import bulk as proposals_demo
from organisation.models import Department
from portal.models import User
from proposals import services

from . import proposals_helpers as h
from .test_query_counts import _queries as queries


def add_proposals(org, count: int, seed: int) -> None:
    """`count` proposals of this year in every state, written in bulk from demo plans."""
    Department.objects.filter(body=org.body).update(is_handling_unit=True)
    ctx = proposals_demo.context_for(org.body)
    now = timezone.now()
    year = timezone.localdate(now).year
    lives = proposals_demo.plan_body(random.Random(seed), ctx, range(year, year + 1), count, now)
    proposals_demo.write_lives(
        org.body, lives, proposals_demo.Actors(), User.objects.get(pk=org.office.pk)
    )


PAGES = [
    ("member", "proposals:proposal_list", ""),
    ("office", "proposals:proposal_list", ""),
    ("office", "proposals:proposal_list", "?q=建议&status=closed"),
    ("unit", "proposals:proposal_list", ""),
    ("reviewer", "proposals:review_queue", ""),
    ("unit", "proposals:unit_inbox", ""),
    ("unit", "proposals:unit_inbox", "?show=done"),
    ("office", "proposals:handling_progress", "?show=all"),
    ("office", "proposals:statistics", ""),
    ("office", "proposals:category_list", ""),
    ("office", "portal:home", ""),
    ("member", "portal:home", ""),
    ("unit", "portal:home", ""),
    ("reviewer", "portal:home", ""),
]


@pytest.mark.parametrize("role,name,query", PAGES)
def test_the_same_queries_for_few_and_many(org, client, role, name, query):
    # Rows on every list from the start (an empty page costs one query less), the home
    # page's to-do lists too (it asks rows only of the kinds with open work).
    h.replied(org)
    h.assigned(org, title="在办")
    h.submitted(org, title="待审查")
    h.filed(org, title="待交办")
    handling = h.lead_assignment(h.assigned(org, title="办理中"))
    services.assignment_accept(assignment=handling, by=org.login_of("unit"))
    client.force_login(org.login_of(role))
    url = reverse(name) + query
    add_proposals(org, 8, seed=1)
    client.get(url)  # warm the content-type cache, as any running server has
    few = queries(client, url)
    add_proposals(org, 250, seed=2)
    many = queries(client, url)
    assert few == many
    assert many <= 30  # the home page: a section and a to-do kind per module


def test_the_proposal_list_query_count_is_pinned(org, client):
    add_proposals(org, 200, seed=3)
    client.force_login(org.office)
    url = reverse("proposals:proposal_list")
    client.get(url)
    cache.clear()  # the list's total counted too, not kept from the first request
    # session, user; the proposal powers: his object permissions (one query, then kept:
    # portal.backends; no staff committees or units to ask for), roles and member link
    # (2); the page's count and rows; the navigation's unread count
    assert queries(client, url) == 8
    # the total (portal.paging) and his permissions kept: no count, no permission query
    assert queries(client, url) == 6


def test_the_statistics_query_count_is_pinned(org, client):
    add_proposals(org, 200, seed=4)
    client.force_login(org.office)
    url = reverse("proposals:statistics")
    client.get(url)
    cache.clear()  # count the computation, not the cached statistics
    # session, user, powers and roles (3 as above), unread; totals, statuses, reply
    # categories, the year's ids, units, final replies, ratings, kinds, categories,
    # sectors, committees, years
    assert queries(client, url) == 18
