"""Benchmark of everyday work (issue 10): the 待办 counts, lists and notices, side by side in
one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luzhitong_bench \\
        .venv/bin/python bench/bench_everyday.py [--repeat 7]

On a seeded database (`seed_demo`, demo or region scale) it times, with query counts, as
the municipal body's demo logins:

- the counts of every kind of open work and the unread notifications in one query (what
  every page's top bar costs), beside the same counts taken one COUNT per kind (the
  results are compared);
- the home page and the 待办 page of each role;
- the notices: a member's list and a notice with its reply slip; the office's list with
  read/reply counts, a notice with its numbers, the receipts page, the Excel export;
- baselines measured in the same run: a trivial query and the trivial view /healthz.
Every time is the median of `--repeat` runs after one warm-up; the last column is the
ratio to /healthz.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.inprocess import client_for, measure, page, setup  # noqa: E402

setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from bench.run import aligned  # noqa: E402
from demo import org_data as demo_data  # noqa: E402
from notices.models import Notice, Receipt  # noqa: E402
from organisation.models import Body  # noqa: E402
from portal.models import Notification, User  # noqa: E402
from portal.todos import counts, open_work  # noqa: E402

ROLES = ("office", "staff", "vicechair", "member", "unit", "reviewer")


def separately(user: User) -> dict[str, int]:
    """The same numbers, one COUNT query each (what one query replaces)."""
    numbers = {key: qs.count() for key, (_kind, qs) in open_work(user).items()}
    numbers["_unread"] = Notification.objects.filter(recipient=user, read_at=None).count()
    return numbers


def together(user: User) -> dict[str, int]:
    found = counts(user)
    return {kind.key: n for kind, n in found.kinds} | {"_unread": found.unread}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    body = Body.objects.get(name=demo_data.MUNICIPAL.name)
    users = {name: User.objects.get(username=name) for name in ROLES}
    clients = {name: client_for(name) for name in ROLES}
    anonymous = client_for(None)
    largest = (
        Notice.objects.filter(body=body, status__in=Notice.VISIBLE, wants_reply=True)
        .annotate(n=Count("receipts"))
        .order_by("-n")
        .first()
    )
    member_notice = (
        Receipt.objects.filter(member__user=users["member"], notice__status="published")
        .order_by("-notice__published_at")
        .values_list("notice_id", flat=True)
        .first()
    )
    rows = [
        ("基准：SELECT 1", lambda: connection.cursor().execute("SELECT 1")),
        ("基准：/healthz", page(anonymous, "/healthz")),
    ]
    for name in ("office", "member", "vicechair"):
        user = users[name]
        rows += [
            (f"待办计数 一次查询（{name}）", lambda u=user: together(u)),
            (f"待办计数 逐类查询（{name}）", lambda u=user: separately(u)),
        ]
    for name in ROLES:
        rows += [
            (f"首页（{name}）", page(clients[name], "/")),
            (f"待办页（{name}）", page(clients[name], "/todo/")),
        ]
    rows += [
        ("通知公告列表（member）", page(clients["member"], "/notices/")),
        ("通知公告管理（office）", page(clients["office"], "/notices/manage/")),
    ]
    if member_notice:
        rows.append(
            ("通知与回执单（member）", page(clients["member"], f"/notices/{member_notice}/"))
        )
    if largest is not None:
        rows += [
            ("通知与统计（office）", page(clients["office"], f"/notices/{largest.pk}/")),
            (
                "阅读与回执情况（office）",
                page(clients["office"], f"/notices/{largest.pk}/receipts/"),
            ),
            (
                "回执导出 Excel（office）",
                lambda: b"".join(
                    clients["office"].get(f"/notices/{largest.pk}/receipts.xlsx").streaming_content
                ),
            ),
        ]
    results = {name: measure(fn, args.repeat) for name, fn in rows}
    for name in ("office", "member", "vicechair"):
        one, many = together(users[name]), separately(users[name])
        assert one == many, (name, one, many)
    base = results["基准：/healthz"][0]
    print(
        f"数据库 {connection.settings_dict['NAME']}：通知 {Notice.objects.count()} 条，"
        f"回执 {Receipt.objects.count()} 条，通知消息 {Notification.objects.count()} 条；"
        f"最大的通知送达 {largest.n if largest else 0} 人；重复 {args.repeat} 次取中位数"
    )
    table = [("项目", "毫秒", "查询数", "相对 /healthz")]
    for name, _fn in rows:
        ms, queries, _r = results[name]
        table.append((name, f"{ms:.1f}", str(queries), f"{ms / base:.1f}"))
    for line in aligned(table):
        print(line)
    print()
    print("一次查询与逐类查询的计数相同：", {n: together(users[n]) for n in ("office", "member")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
