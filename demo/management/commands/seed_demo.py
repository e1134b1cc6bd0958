"""`manage.py seed_demo`: demo data for the Ordos CPPCC — 鄂尔多斯市政协 with its nine
banner/district bodies, 288 members, one login per role — or, with `--scale region`, the
benchmark data set of QUALITY.md: 12 bodies, about 6,000 members, two terms (ten years).

Planning lives in `demo.org_plan` (pure, seeded with `random.Random(2021)`: the
same data on every run), writing in `demo.org_build`, fixed data in
`demo.org_data`. Everything runs in one transaction: a failure leaves nothing.
"""

from __future__ import annotations

import random
import unicodedata
from importlib import import_module
from types import ModuleType

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import ProtectedError, Q

from demo import org_data as data
from demo.extensions import EXTENSIONS
from demo.org_build import Stopwatch, build_demo, build_region, create_logins
from members.models import CommitteeMembership, Member, MemberTerm
from organisation.models import Body, Committee, Department, PartyGroup, Sector, SectorGroup, Term
from portal.models import User
from portal.services import emails_suppressed

SEED = 2021
REGION_MEMBERS_PER_BODY = data.REGION_MEMBERS_PER_BODY
# Fewer members leave some demo login without a fitting member to play.
REGION_MIN_MEMBERS_PER_BODY = 40


class Command(BaseCommand):
    help = (
        "生成演示数据：鄂尔多斯市政协（288 名委员，各角色演示账号）。"
        "--scale region 生成性能基准数据集（12 个政协组织、约 6000 名委员、两届十年）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=("demo", "region"),
            default="demo",
            help="demo：演示数据（默认）；region：区域基准数据集",
        )
        parser.add_argument(
            "--reset", action="store_true", help="先删除已有的演示政协组织、其全部数据和演示账号"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="已有演示数据时不报错，只列出演示账号（make run 每次启动都调用）",
        )
        parser.add_argument(
            "--members-per-body",
            type=int,
            default=None,
            help=f"region 规模下每个政协组织的委员人数（默认 {REGION_MEMBERS_PER_BODY}）",
        )

    def handle(
        self,
        *args: str,
        scale: str,
        reset: bool,
        if_empty: bool,
        members_per_body: int | None,
        **options: object,
    ) -> None:
        if members_per_body is not None and scale != "region":
            raise CommandError("--members-per-body 只能与 --scale region 一起使用。")
        per_body = members_per_body or REGION_MEMBERS_PER_BODY
        if per_body < REGION_MIN_MEMBERS_PER_BODY:
            raise CommandError(
                f"--members-per-body 至少为 {REGION_MIN_MEMBERS_PER_BODY}"
                "（每个专委会、每个演示账号都要有合适的委员）。"
            )
        clock = Stopwatch(self.stdout.write)
        rng = random.Random(SEED)
        with transaction.atomic(), emails_suppressed():
            existing = existing_demo_data()
            if existing and if_empty and not reset:
                self.stdout.write(f"数据库中已有演示数据（{existing}），不再生成。")
                self.stdout.write(
                    self.style.SUCCESS(f"演示账号（密码均为 {data.DEMO_PASSWORD}）：")
                )
                for line in table(
                    [
                        ("用户名", "姓名"),
                        *[
                            (u.username, u.full_name)
                            for u in User.objects.filter(username__in=data.FIXED_USERNAMES)
                        ],
                    ]
                ):
                    self.stdout.write(line)
                return
            if existing and not reset:
                raise CommandError(
                    f"数据库中已有演示数据（{existing}）。如需重新生成，请加 --reset 参数："
                    "将先删除演示政协组织及其全部数据和演示账号。"
                )
            if existing:
                with clock.stage("删除原有演示数据"):
                    delete_demo_data()
            admin = User.objects.create_superuser(
                username="admin",
                email=f"admin@{data.DEMO_EMAIL_DOMAIN}",
                password=data.DEMO_PASSWORD,
                full_name="系统管理员",
            )
            if scale == "demo":
                self.stdout.write("正在生成演示数据（鄂尔多斯市政协）……")
                municipal = build_demo(rng, by=admin, clock=clock)
            else:
                self.stdout.write(f"正在生成区域基准数据集（每个政协组织 {per_body} 名委员）……")
                municipal = build_region(rng, per_body=per_body, by=admin, clock=clock)
            with clock.stage("演示账号与角色"):
                extra = data.EXTRA_MEMBER_ACCOUNTS if scale == "demo" else 0
                logins, accounts = create_logins(rng, municipal, extra=extra, by=admin)
            body_ids = demo_body_ids()
            summaries = [
                module.build(
                    scale=scale,
                    body_ids=body_ids,
                    members_per_body=per_body,
                    rng=rng,
                    by=admin,
                    clock=clock,
                )
                for module in extension_modules()
            ]
        if scale == "region" and connection.vendor == "postgresql":
            # Fresh planner statistics for every table, history tables included: the
            # benchmarks run right away, before autovacuum would have caught up.
            with clock.stage("更新统计信息（ANALYZE）"), connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for line in summaries:
            self.stdout.write(line)
        self.report(clock, logins, accounts)

    def report(
        self, clock: Stopwatch, logins: list[tuple[str, ...]], accounts: list[tuple[str, ...]]
    ) -> None:
        write = self.stdout.write
        write("")
        write(
            f"已生成：政协组织 {Body.objects.count()} 个，委员 {Member.objects.count()} 名，"
            f"任期记录 {MemberTerm.objects.count()} 条，专委会任职 "
            f"{CommitteeMembership.objects.count()} 条，单位 {Department.objects.count()} 个。"
        )
        write(f"用时合计 {clock.total:.1f} 秒。")
        write("")
        write(self.style.SUCCESS(f"演示账号（密码均为 {data.DEMO_PASSWORD}）："))
        for line in table([("角色", "用户名", "密码", "姓名", "范围"), *logins]):
            write(line)
        if accounts:
            write("")
            write(f"另有 {len(accounts)} 名委员开通了账号，用户名为手机号，密码同上：")
            for line in table([("姓名", "用户名", "专委会"), *accounts]):
                write(line)


# ---- existing data --------------------------------------------------------------------


def existing_demo_data() -> str:
    """What of the demo is already in the database, in words; empty if nothing."""
    bodies = list(
        Body.objects.filter(name__in=data.ALL_BODY_NAMES)
        .order_by("pk")
        .values_list("name", flat=True)[:3]
    )
    users = list(
        User.objects.filter(username__in=data.FIXED_USERNAMES).values_list("username", flat=True)
    )
    found = []
    if bodies:
        found.append("政协组织：" + "、".join(bodies))
    if users:
        found.append("账号：" + "、".join(users[:5]))
    return "；".join(found)


def demo_body_ids() -> list[int]:
    return list(Body.objects.filter(name__in=data.ALL_BODY_NAMES).values_list("pk", flat=True))


def extension_modules() -> list[ModuleType]:
    return [import_module(path) for path in EXTENSIONS]


def delete_demo_data() -> None:
    """Delete the demo bodies with everything in them, and the demo logins.

    Rows go in dependency order because committees, sectors, groups and terms are
    PROTECTed by the rows that point at them. Deletion goes through the ORM (signals
    included), so it works the same on PostgreSQL and SQLite and history records it."""
    body_ids = demo_body_ids()
    in_bodies = Q(body_id__in=body_ids)
    try:
        for module in reversed(extension_modules()):
            module.delete(body_ids)
        CommitteeMembership.objects.filter(member__body_id__in=body_ids).delete()
        MemberTerm.objects.filter(member__body_id__in=body_ids).delete()
        PartyGroup.objects.filter(sector_group__body_id__in=body_ids).delete()
        Member.objects.filter(in_bodies).delete()
        User.objects.filter(in_bodies | Q(username__in=data.FIXED_USERNAMES)).delete()
        for model in (Sector, SectorGroup, Committee, Department, Term):
            model.objects.filter(in_bodies).delete()
        Body.objects.filter(pk__in=body_ids, parent__isnull=False).delete()
        Body.objects.filter(pk__in=body_ids).delete()
    except ProtectedError as error:
        kinds = {str(obj._meta.verbose_name) for obj in error.protected_objects}
        blocking = "、".join(sorted(kinds))
        raise CommandError(f"无法删除原有演示数据：仍有「{blocking}」记录引用它们。") from None


def table(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows as aligned text; Chinese characters count two columns."""

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell + " " * (w - width(cell)) for cell, w in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines
