"""The lists of 社情民意 cost the same number of queries for a few items as for many
(QUALITY.md speed item 1); the counts are pinned."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from public_opinion.models import Issue

from .public_opinion_helpers import accepted_report, bulk_reports, info_editor, submitted_report
from .test_query_counts import _queries as queries

pytestmark = pytest.mark.django_db

PAGES = [
    ("member", "public_opinion:my_list", "", 10),  # his items' ids, then the page
    ("editor", "public_opinion:queue", "", 10),
    ("editor", "public_opinion:report_list", "?q=批量&status=submitted", 9),
    ("editor", "public_opinion:statistics", "", 15),
    ("editor", "public_opinion:issue_list", "", 8),
    ("editor", "public_opinion:forwarding_list", "", 7),
    ("editor", "public_opinion:similar", "?title=批量信息", 8),
]


@pytest.mark.parametrize("role,name,query,pinned", PAGES)
def test_the_same_queries_for_few_and_many(org, client, role, name, query, pinned):
    submitted_report(org)
    accepted_report(org, title="已受理")
    Issue.objects.create(
        body=org.body, year=2026, number=1, signer="s", recipients="r", created_by=org.office
    )
    user = info_editor(org) if role == "editor" else org.member_user
    client.force_login(user)
    url = reverse(name) + query
    bulk_reports(org, 5)
    client.get(url)  # warm the content-type cache, as any running server has
    cache.clear()  # the results computed, not the cached ones (bulk rows send no signal)
    few = queries(client, url)
    bulk_reports(org, 120)
    cache.clear()
    many = queries(client, url)
    assert few == many
    assert many == pinned


def test_the_item_page_is_pinned(org, client):
    report = accepted_report(org)
    client.force_login(info_editor(org))
    url = reverse("public_opinion:report_detail", args=[report.pk])
    client.get(url)
    assert queries(client, url) <= 30
