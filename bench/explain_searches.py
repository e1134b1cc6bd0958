"""The plans of the search pages on the region data set (issue 12: show the EXPLAIN).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luzhitong_bench \\
        .venv/bin/python bench/explain_searches.py

For each search of `bench/pages.py` (proposals, members, activities; two characters, which
no trigram serves, and three or more) it opens the page as its role, takes the page's
slowest query that filters on the search words, and prints `EXPLAIN (ANALYZE, BUFFERS)` of
it: the index the query uses (the trigram GIN indexes on `upper(column)`, body first) and
its time. Read-only.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.inprocess import setup  # noqa: E402

setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.pages import SEARCHES, _client, role_logins  # noqa: E402
from portal.models import Role  # noqa: E402


def searched_query(captured: list[dict], words: str) -> str | None:
    """The slowest captured query that mentions the search words (upper-cased, as the
    trigram indexes are on upper(column))."""
    hits = [q for q in captured if words.upper() in q["sql"] or words in q["sql"]]
    if not hits:
        return None
    return max(hits, key=lambda q: float(q["time"]))["sql"]


def main() -> int:
    logins = dict(role_logins())
    labels = dict(Role.choices)
    for what, role, url in SEARCHES:
        username = logins.get(str(labels[role]))
        if username is None:
            continue
        words = parse_qs(urlsplit(url).query)["q"][0]
        client = _client(username)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        sql = searched_query(captured.captured_queries, words)
        print(f"\n## {what}（{labels[role]}） {url} → {status}, {len(captured)} 条查询")
        if sql is None:
            print("（没有含搜索词的查询）")
            continue
        print(sql[:600] + (" …" if len(sql) > 600 else ""))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
            for (line,) in cursor.fetchall():
                print("    " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
