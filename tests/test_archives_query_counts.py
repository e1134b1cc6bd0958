"""The pages of 文史资料 cost the same number of queries for a few records as for hundreds
(QUALITY.md speed item 1); the counts are pinned, and django-zeal (the test settings'
N+1 guard) fails any page that loads related rows one by one."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from archives.models import ArchiveItem, CollectionPlan, Manuscript, Volume, VolumeEntry

from . import archives_helpers as h
from .test_query_counts import _queries as queries

S = Manuscript.Status


def add_rows(org, n: int, start: int) -> None:
    """n manuscripts in every state (half in a plan, some in a volume), n archive items and
    a few plans and volumes, in bulk."""
    plan = CollectionPlan.objects.create(
        body=org.body,
        committee=org.culture,
        kind="annual",
        year=timezone.localdate().year,
        title=f"计划{start}",
        themes="煤炭工业发展",
        closes_on=timezone.localdate(),
        status=CollectionPlan.Status.OPEN,
        created_by=org.office,
    )
    states = [s for s, _label in S.choices]
    rows = Manuscript.objects.bulk_create(
        Manuscript(
            body=org.body,
            plan=plan if i % 2 else None,
            title=f"勘探往事{start + i}",
            author_name="周委员",
            contributor=org.member if i % 3 else None,
            witness="lived",
            text=h.TEXT,
            word_count=80,
            status=states[i % len(states)],
            registered_by=org.member_user,
            submitted_at=timezone.now(),
        )
        for i in range(n)
    )
    volume = Volume.objects.create(
        body=org.body,
        series="鄂尔多斯文史资料",
        number=start,
        title=f"第{start}辑",
        status=Volume.Status.PUBLISHED,
        created_by=org.editor,
    )
    VolumeEntry.objects.bulk_create(
        VolumeEntry(volume=volume, manuscript=m, position=i)
        for i, m in enumerate(r for r in rows if r.status == S.PUBLISHED)
    )
    ArchiveItem.objects.bulk_create(
        ArchiveItem(
            body=org.body, kind="photo", title=f"勘探老照片{start + i}", created_by=org.editor
        )
        for i in range(n)
    )


PAGES = [
    ("member", "archives:home", ""),
    ("member", "archives:home", "?q=勘探"),
    ("editor", "archives:home", "?q=勘探&witness=lived"),
    ("member", "archives:my_manuscripts", ""),
    ("editor", "archives:manuscript_list", ""),
    ("office", "archives:manuscript_list", "?status=published"),
    ("editor", "archives:review_queue", ""),
    ("member", "archives:plan_list", ""),
    ("office", "archives:plan_list", ""),
    ("member", "archives:volume_list", ""),
    ("member", "archives:item_list", "?kind=photo"),
    ("editor", "archives:statistics", ""),
    ("editor", "archives:item_create", ""),
    ("editor", "portal:home", ""),
]


@pytest.mark.parametrize("role,name,query", PAGES)
def test_the_same_queries_for_few_and_many(org, client, role, name, query):
    client.force_login(org.login_of(role))
    url = reverse(name) + query
    add_rows(org, 14, start=1)
    client.get(url)  # warm the content-type cache, as any running server has
    cache.clear()
    few = queries(client, url)
    add_rows(org, 200, start=2)
    cache.clear()
    many = queries(client, url)
    assert few == many
    if name.startswith("archives:"):
        assert many <= 15


def test_the_volume_page_does_not_grow_with_its_contents(org, client):
    add_rows(org, 14, start=1)
    client.force_login(org.editor)
    url = reverse("archives:volume_detail", args=[Volume.objects.get().pk])
    client.get(url)
    few = queries(client, url)
    add_rows(org, 200, start=2)
    url2 = reverse("archives:volume_detail", args=[Volume.objects.get(number=2).pk])
    assert queries(client, url2) == few


def test_the_search_query_count_is_pinned(org, client):
    add_rows(org, 50, start=1)
    client.force_login(org.member_user)
    url = reverse("archives:home") + "?q=勘探"
    client.get(url)
    # session, user; his object permissions (one query, then kept: portal.backends; he
    # staffs no committee, so none is asked for), roles and member link (2); the
    # manuscripts' count and rows, the archive items; open calls and volumes; the
    # navigation's to-do and unread counts
    assert queries(client, url) == 10


def test_the_manuscript_page_query_count_is_pinned(org, client):
    m = h.advance(org, h.draft(org), S.EDITING)
    client.force_login(org.editor)
    url = reverse("archives:manuscript_detail", args=[m.pk])
    client.get(url)
    before = queries(client, url)
    for i in range(5):
        h.attach(m, org.editor, "scan", f"扫描{i}.pdf")
    assert queries(client, url) == before
    assert before <= 20
