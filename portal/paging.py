"""Lists whose total is kept between requests.

A list page shows "共 N 项" and its page links from `Paginator.count`: on a region's data
that count reads every row the user may see (a committee's staff may see 2,700 of his
body's 25,000 activities, filtered row by row by his committees and invitations), while
the page itself stops after 30 rows of an index. `CountedPaginator` keeps the count in a
`VersionedCache` under the list query's own SQL (so per user, per filter): a change to any
record the cache watches makes it stale, as for the boards."""

from __future__ import annotations

import hashlib

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

from .caching import VersionedCache


class CountedPaginator(Paginator):
    def __init__(
        self, object_list: QuerySet, per_page: int, *, counts: VersionedCache, body_id: int
    ) -> None:
        super().__init__(object_list, per_page)
        self.counts = counts
        self.body_id = body_id

    @cached_property
    def count(self) -> int:
        try:
            sql, params = self.object_list.query.sql_with_params()
        except EmptyResultSet:  # .none(), or a filter on an empty list: nothing to count
            return 0
        key = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
        return self.counts.get_or_compute(
            key, lambda: self.object_list.count(), body_id=self.body_id
        )


def counted_page(
    request: HttpRequest, object_list: QuerySet, per_page: int, *, counts: VersionedCache
) -> Page:
    """The page the request asks for (`?page=`), its total kept in `counts` under the
    request's user's body."""
    paginator = CountedPaginator(object_list, per_page, counts=counts, body_id=request.user.body_id)
    return paginator.get_page(request.GET.get("page"))
