"""portal.sql.joins_as_written: the joins of one statement taken in the written order,
for that transaction only."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from portal.sql import joins_as_written

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _limit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW join_collapse_limit")
        return cursor.fetchone()[0]


def test_the_written_join_order_holds_inside_only():
    default = _limit()
    assert default == "8"
    with joins_as_written():
        assert _limit() == "1"
    assert _limit() == default  # the connection is shared by later requests


def test_it_ends_with_a_failed_read_too():
    with pytest.raises(LookupError), joins_as_written():
        raise LookupError("记录不存在")
    assert _limit() == "8"
    assert not transaction.get_connection().in_atomic_block
