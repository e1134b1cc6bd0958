"""portal.paging.CountedPaginator: the total of a list kept between requests."""

from __future__ import annotations

import pytest

from committees.models import Activity
from committees.selectors.activities import ACTIVITY_COUNTS
from portal.paging import CountedPaginator

pytestmark = pytest.mark.django_db


def test_an_empty_list_counts_nothing_without_asking(org, django_assert_num_queries):
    with django_assert_num_queries(0):
        for empty in (Activity.objects.none(), Activity.objects.filter(pk__in=[])):
            paginator = CountedPaginator(empty, 30, counts=ACTIVITY_COUNTS, body_id=org.body.pk)
            assert paginator.count == 0
            assert paginator.num_pages == 1


def test_each_filter_has_its_own_total(org):
    from . import committee_work_helpers as h

    h.published_activity(org, members=[org.member])
    h.draft_activity(org, topic="草稿活动")
    every = Activity.objects.filter(body=org.body)
    drafts = every.filter(status=Activity.Status.DRAFT)

    def total(qs) -> int:
        return CountedPaginator(qs, 30, counts=ACTIVITY_COUNTS, body_id=org.body.pk).count

    assert (total(every), total(drafts)) == (2, 1)
    assert (total(every), total(drafts)) == (2, 1)  # kept, each under its own query
