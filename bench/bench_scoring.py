"""Benchmark of the annual scoring (issue 15; QUALITY.md speed item 3), side by side in one
run, results checked equal.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luzhitong_bench \\
        .venv/bin/python bench/bench_scoring.py [--year 2025] [--repeat 3]

For the year's published rule set of each body (seed_demo makes them), it times with query
counts:

- the scoring run of the largest body (evaluation.scoring.engine: one INSERT … SELECT per
  rule over the score sources, then one for the totals) and of all bodies;
- one hand-written SQL aggregate of the same rules (priced rows of every rule, capped per
  member and rule, bonus cap, summed per member) — no lines written;
- a naive Python loop: per member and rule, one query for his rows, priced in Python;
- the committees' evaluation (evaluation.committee_scoring.engine, §19) of the largest body
  and of all bodies, under the year's committee rule sets;
- one member's 履职档案 page (year and whole term) and the largest body's ranking page (test
  client); the largest body's annual report PDF (rendered in this process as the background
  job does): seconds and pages.

Everything runs inside a transaction that is rolled back: the database is left as it was.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.inprocess import client_for, measure, page, setup  # noqa: E402

setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.run import aligned  # noqa: E402
from evaluation.models import MemberScore, RuleSet, ScoringRun  # noqa: E402
from evaluation.scoring import engine  # noqa: E402
from members.models import Member  # noqa: E402
from portal.registry import score_sources  # noqa: E402


def _rule_rows(rule, body_id: int, year: int) -> tuple[str, list]:
    """SQL of one rule's priced rows (member_id, points) for the hand-written aggregate."""
    source = score_sources.get(rule.source)
    src, params = engine.source_sql(source, body_id, year)
    roles = [r for r in rule.roles if r != "co" or rule.co_points is None]
    tests, extra = [], []
    if roles:
        tests.append(f"r.role IN ({', '.join(['%s'] * len(roles))})")
        extra += roles
    if rule.co_points is not None:
        tests.append("r.role = 'co'")
    where = ["(" + " OR ".join(tests) + ")"]
    if rule.kinds:
        where.append(f"r.kind IN ({', '.join(['%s'] * len(rule.kinds))})")
        extra += list(rule.kinds)
    seated, seated_params = engine._seated("r.member_id", "r.at", body_id)
    where.append(seated)
    extra += seated_params
    sign = Decimal(rule.sign)
    if rule.co_points is None:
        price, price_params = "%s", [rule.points * sign]
    elif rule.co_share:
        price = "CASE WHEN r.role = 'co' THEN ROUND(%s / r.n_co, 2) ELSE %s END"
        price_params = [rule.co_points * sign, rule.points * sign]
    else:
        price = "CASE WHEN r.role = 'co' THEN %s ELSE %s END"
        price_params = [rule.co_points * sign, rule.points * sign]
    sql = (
        f"SELECT r.member_id, {price} AS points FROM (SELECT s.*, SUM(CASE WHEN s.role = 'co'"
        f" THEN 1 ELSE 0 END) OVER (PARTITION BY s.record_id) AS n_co FROM ({src}) s) r"
        f" WHERE {' AND '.join(where)}"
    )
    return sql, [*price_params, *params, *extra]


def hand_sql(rule_set: RuleSet) -> dict[int, Decimal]:
    """The same scores as one SQL statement (PostgreSQL): rules' rows, per-rule caps with
    LEAST/GREATEST, the bonus cap, the base score."""
    body_id, year = rule_set.body_id, rule_set.year
    parts, params = [], []
    for rule in rule_set.rules.all():
        sql, p = _rule_rows(rule, body_id, year)
        cap = "NULL" if rule.cap is None else "%s"
        if rule.cap is not None:
            p = [rule.cap * rule.sign, *p]  # the cap comes first in the statement
        clamp = "LEAST" if rule.sign > 0 else "GREATEST"
        parts.append(
            f"SELECT x.member_id, {rule.sign} AS sign, {clamp}(SUM(x.points), COALESCE({cap},"
            f" SUM(x.points))) AS points FROM ({sql}) x GROUP BY x.member_id"
        )
        params += p
    members, member_params = engine.scored_members_sql(body_id, year)
    bonus_cap = "NULL" if rule_set.bonus_cap is None else "%s"
    final = [rule_set.base_score]
    if rule_set.bonus_cap is not None:
        final.append(rule_set.bonus_cap)
    sql = (
        f"SELECT m.id, %s + LEAST(COALESCE(b.bonus, 0), COALESCE({bonus_cap}, b.bonus, 0))"
        f" + COALESCE(b.malus, 0) FROM ({members}) m LEFT JOIN ("
        f"SELECT p.member_id, SUM(CASE WHEN p.sign > 0 THEN p.points END) AS bonus,"
        f" SUM(CASE WHEN p.sign < 0 THEN p.points END) AS malus"
        f" FROM ({' UNION ALL '.join(parts)}) p GROUP BY p.member_id) b ON b.member_id = m.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*final, *member_params, *params])
        return {pk: Decimal(total).quantize(Decimal("0.01")) for pk, total in cursor.fetchall()}


def naive_loop(rule_set: RuleSet) -> dict[int, Decimal]:
    """Per member and rule, one query for his rows; priced and capped in Python."""
    body_id, year = rule_set.body_id, rule_set.year
    members, params = engine.scored_members_sql(body_id, year)
    with connection.cursor() as cursor:
        cursor.execute(members, params)
        ids = [row[0] for row in cursor.fetchall()]
    rules = list(rule_set.rules.all())
    LOOP_QUERIES[0] = 2 + len(ids) * len(rules)  # Django's query log keeps only the last 9000
    totals = {}
    for member_id in ids:
        bonus = malus = Decimal(0)
        for rule in rules:
            sql, p = _rule_rows(rule, body_id, year)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT x.points FROM ({sql}) x WHERE x.member_id = %s",
                               [*p, member_id])  # fmt: skip
                earned = sum((Decimal(v) for (v,) in cursor.fetchall()), Decimal(0))
            if rule.cap is not None:
                earned = min(earned, rule.cap) if rule.sign > 0 else max(earned, -rule.cap)
            if rule.sign > 0:
                bonus += earned
            else:
                malus += earned
        if rule_set.bonus_cap is not None:
            bonus = min(bonus, rule_set.bonus_cap)
        totals[member_id] = (rule_set.base_score + bonus + malus).quantize(Decimal("0.01"))
    return totals


def engine_run(rule_set: RuleSet) -> dict[int, Decimal]:
    run = ScoringRun.objects.filter(body_id=rule_set.body_id, year=rule_set.year).first()
    if run is None:
        run = ScoringRun.objects.create(
            body_id=rule_set.body_id, year=rule_set.year, rule_set=rule_set
        )
    run.rule_set = rule_set
    engine.compute(run)
    return dict(MemberScore.objects.filter(run=run).values_list("member_id", "total"))


def committee_run(rule_set: RuleSet) -> int:
    from evaluation.committee_scoring import engine as committee_engine
    from evaluation.models import CommitteeRun, CommitteeScore

    run = CommitteeRun.objects.filter(body_id=rule_set.body_id, year=rule_set.year).first()
    if run is None:
        run = CommitteeRun.objects.create(
            body_id=rule_set.body_id, year=rule_set.year, rule_set=rule_set
        )
    run.rule_set = rule_set
    committee_engine.compute(run)
    return CommitteeScore.objects.filter(run=run).count()


def report_pdf(rule_set: RuleSet) -> None:
    """The body's annual report PDF as the job makes it: parts rendered, then merged."""
    import time

    from evaluation.scoring.report import marks, report_html, report_title
    from portal.pdf import render_long_pdf

    run = ScoringRun.objects.filter(body_id=rule_set.body_id, year=rule_set.year).first()
    if run is None:
        print("（该年度没有考评结果，跳过年度报告 PDF。）")
        return
    start = time.perf_counter()
    parts = report_html(run)
    result = render_long_pdf(parts, marks=marks(report_title(run)), timeout=1800)
    seconds = time.perf_counter() - start
    scored = MemberScore.objects.filter(run=run).count()
    print(
        f"年度考评报告 PDF（{run.body.name}，{scored} 名委员）："
        f"{seconds:.1f} 秒，{result.pages} 页，{len(result.pdf) / 1024:.0f} KB。"
    )


def all_dossiers_pdf(rule_set: RuleSet) -> None:
    """Every scored member's 履职档案 in one PDF, as the background job makes it."""
    import time
    from types import SimpleNamespace

    from evaluation.scoring.report import all_dossiers_job

    run = ScoringRun.objects.filter(body_id=rule_set.body_id, year=rule_set.year).first()
    if run is None:
        print("（该年度没有考评结果，跳过全体委员履职档案 PDF。）")
        return
    start = time.perf_counter()
    job = SimpleNamespace(params={"run_id": run.pk}, body_id=run.body_id)
    output = all_dossiers_job(job, lambda *args: None)
    seconds = time.perf_counter() - start
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(output.content)).pages)
    scored = MemberScore.objects.filter(run=run).count()
    print(
        f"全体委员履职档案 PDF（{run.body.name}，{scored} 名委员）："
        f"{seconds:.1f} 秒，{pages} 页，{len(output.content) / 1024:.0f} KB。"
    )


LOOP_QUERIES = [0]


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=timezone.localdate().year - 1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rule_sets = list(
        RuleSet.objects.filter(year=args.year, body__isnull=False, target="member")
        .exclude(status=RuleSet.Status.DRAFT)
        .select_related("body")
    )
    if not rule_sets:
        sys.exit(f"{args.year} 年没有发布的考评规则：请先运行 seed_demo。")
    sizes = dict(
        Member.objects.filter(body__in=[r.body_id for r in rule_sets])
        .values_list("body_id")
        .annotate(n=Count("pk"))
    )
    from portal.models import User

    # The pages are opened by the demo office: on equal sizes, its body is "the largest".
    office_body = User.objects.filter(username="office").values_list("body_id", flat=True).first()
    largest = max(rule_sets, key=lambda r: (sizes.get(r.body_id, 0), r.body_id == office_body))
    print(
        f"数据：政协组织 {len(rule_sets)} 个，委员 {sum(sizes.values()):,} 名（最大 "
        f"{largest.body.name} {sizes.get(largest.body_id, 0)} 名）；{args.year} 年度，"
        f"规则 {largest.rules.count()} 条；每项取 {args.repeat} 次中位数。"
    )
    rows: list[tuple[str, float, int]] = []
    results = {}

    def run(name: str, fn) -> object:
        ms, queries, result = measure(fn, args.repeat)
        rows.append((name, ms, queries))
        return result

    try:
        with transaction.atomic():
            results["sql"] = run("手写 SQL：一条聚合（不写明细）", lambda: hand_sql(largest))
            results["engine"] = run(
                "考评计算：最大政协组织（逐条写明细）", lambda: engine_run(largest)
            )
            run(
                f"考评计算：全部 {len(rule_sets)} 个政协组织",
                lambda: [engine_run(r) for r in rule_sets],
            )
            results["loop"] = run(
                "朴素 Python 循环：每委员每细则一次查询", lambda: naive_loop(largest)
            )
            name, ms, _queries = rows[-1]
            rows[-1] = (name, ms, LOOP_QUERIES[0])
            committee_sets = list(
                RuleSet.objects.filter(
                    year=args.year, body__isnull=False, target="committee"
                ).exclude(status=RuleSet.Status.DRAFT)
            )
            largest_committees = [r for r in committee_sets if r.body_id == largest.body_id]
            if largest_committees:
                run(
                    "专委会考评：最大政协组织（含指标快照）",
                    lambda: committee_run(largest_committees[0]),
                )
                run(
                    f"专委会考评：全部 {len(committee_sets)} 个政协组织",
                    lambda: [committee_run(r) for r in committee_sets],
                )
            raise Rollback
    except Rollback:
        pass
    member = Member.objects.filter(body_id=largest.body_id).order_by("pk").first()
    office = client_for("office")
    run(
        "页面：一名委员的履职档案（办公室）",
        page(office, f"/evaluation/dossier/{member.pk}/{args.year}/"),
    )
    run("页面：年度考评排名（办公室）", page(office, f"/evaluation/scoring/{args.year}/"))
    term = member.terms.select_related("term").order_by("-start_date").first()
    if term is not None:
        run(
            "页面：一名委员的全届履职档案（办公室）",
            page(office, f"/evaluation/dossier/{member.pk}/term/{term.term_id}/"),
        )
    report_pdf(largest)
    all_dossiers_pdf(largest)
    engine_scores = {k: Decimal(v).quantize(Decimal("0.01")) for k, v in results["engine"].items()}
    for name in ("sql", "loop"):
        diff = {
            k: (engine_scores.get(k), results[name].get(k))
            for k in engine_scores.keys() | results[name].keys()
            if engine_scores.get(k) != results[name].get(k)
        }
        assert not diff, f"考评计算与 {name} 的结果不一致：{sorted(diff.items())[:5]}"
    base = rows[0][1]
    print()
    table = [("项目", "中位数(ms)", "查询数", "÷手写SQL")]
    table += [(n, f"{ms:.1f}", str(q), f"{ms / base:.2f}") for n, ms, q in rows]
    for line in aligned(table):
        print(line)
    print()
    print(
        f"结果核对：{len(engine_scores)} 名委员的得分，考评计算、手写 SQL 与 Python 循环完全一致。"
    )


if __name__ == "__main__":
    main()
