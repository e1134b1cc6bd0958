"""The scoring run, computed by the database for a whole body and year.

Every score source (portal.registry.score_sources) gives a queryset of rows
(member_id, record_id, role, at, title[, kind]). For each rule, one INSERT … SELECT turns the
source's rows into score lines: the source's SQL is wrapped as a subquery, filtered by the
rule's roles and kinds and by the member's seat on the record's day (a member who joined in
June earns nothing for March, one who left earns nothing after), and priced in SQL (co-authors
sharing a record's points through a window count). Caps are lines too: one INSERT … SELECT
per capped rule adds, per member over the cap, the line that brings him back to it, so that
a member's score is always the plain sum of his lines. The totals, grades and ranks are one
more INSERT … SELECT with a window RANK. The number of queries depends on the number of
rules, never on the number of members.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.registry import ScoreSource, score_sources
from portal.sql import sql_param, sql_params

from ..models import Grade, MemberScore, Rule, RuleSet, ScoreLine, ScoringRun

LINE_COLUMNS = (
    "run_id, member_id, kind, rule_id, indicator, source, record_id, role, at, title, points,"
    " reason, created_by_id, created_at"
)
LINE = ScoreLine._meta.db_table
SCORE = MemberScore._meta.db_table


_SQL_MEMO: dict[tuple, tuple[object, str, tuple]] = {}
_SQL_MEMO_SIZE = 2048


def source_sql(source: ScoreSource, body_id: int, year: int) -> tuple[str, list]:
    """The SQL of a source's rows for a body and year, with parameters adapted as the ORM
    would (portal.sql).

    Compiling a source's queryset costs up to 10 ms (the proposals' and 社情民意's unions),
    and a whole-term 档案 needs every source for every year; the SQL is a pure function of
    the source, the body, the year, the database and the time zone (`rows` builds a lazy
    queryset from its arguments), so each process keeps what it compiled."""
    key = (
        connection.alias,
        connection.vendor,
        timezone.get_current_timezone_name(),
        source.key,
        id(source),
        id(source.rows),
        body_id,
        year,
    )
    memo = _SQL_MEMO.get(key)
    if memo is None or memo[0] is not source.rows:
        sql, params = _unordered(source.rows(body_id, year)).query.sql_with_params()
        memo = (source.rows, sql, tuple(sql_params(connection, params)))
        if len(_SQL_MEMO) >= _SQL_MEMO_SIZE:
            _SQL_MEMO.clear()
        _SQL_MEMO[key] = memo
    return memo[1], list(memo[2])


def _unordered(rows: QuerySet) -> QuerySet:
    """A source's rows without the models' default ordering, in a union's parts too: the
    readers order what they read, and a sort inside each part of a union (joins for the
    ordering columns included) is work and planning time for nothing."""
    rows = rows.order_by()
    for part in rows.query.combined_queries:
        part.clear_ordering()  # not when the part is sliced (then it picks rows)
    return rows


def _placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def _p(value) -> object:
    return sql_param(connection, value)


def _seated(member_column: str, at_column: str, body_id: int) -> tuple[str, list]:
    """SQL: the member sat in the body on the local day of `at_column`."""
    from members.models import Member, MemberTerm

    day, day_params = connection.ops.datetime_cast_date_sql(
        at_column, (), timezone.get_current_timezone_name()
    )
    sql = (
        f"EXISTS (SELECT 1 FROM {MemberTerm._meta.db_table} t"
        f" JOIN {Member._meta.db_table} mm ON mm.id = t.member_id"
        f" WHERE t.member_id = {member_column} AND mm.body_id = %s"
        f" AND t.start_date <= {day} AND (t.end_date IS NULL OR t.end_date >= {day}))"
    )
    return sql, [body_id, *day_params, *day_params]


def scored_members_sql(body_id: int, year: int) -> tuple[str, list]:
    """SQL selecting the ids of the members scored for the year: those of the body with a
    seat that overlaps the year."""
    from members.models import Member, MemberTerm

    sql = (
        f"SELECT m.id FROM {Member._meta.db_table} m WHERE m.body_id = %s AND EXISTS ("
        f"SELECT 1 FROM {MemberTerm._meta.db_table} t WHERE t.member_id = m.id"
        f" AND t.start_date <= %s AND (t.end_date IS NULL OR t.end_date >= %s))"
    )
    return sql, [body_id, _p(dt.date(year, 12, 31)), _p(dt.date(year, 1, 1))]


def _insert_base(run: ScoringRun, rule_set: RuleSet, now) -> None:
    members, params = scored_members_sql(run.body_id, run.year)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {LINE} ({LINE_COLUMNS})"
            f" SELECT %s, s.id, %s, NULL, %s, '', NULL, '', NULL, '', %s, '', NULL, %s"
            f" FROM ({members}) s",
            [
                run.pk,
                ScoreLine.Kind.BASE.value,
                _("基础分"),
                _p(rule_set.base_score),
                _p(now),
                *params,
            ],
        )


def _insert_rule(run: ScoringRun, rule: Rule, now) -> None:
    """The lines of one rule: one INSERT … SELECT over the source's rows."""
    try:
        source = score_sources.get(rule.source)
    except LookupError:
        return  # a module no longer installed: its rule earns nothing (shown on the page)
    src, src_params = source_sql(source, run.body_id, run.year)
    roles = [str(r) for r in rule.roles if r != "co" or rule.co_points is None]
    sign = Decimal(rule.sign)
    points = rule.points * sign
    where: list[str] = []
    params: list = []
    role_tests = []
    if roles:
        role_tests.append(f"r.role IN ({_placeholders(roles)})")
        params.extend(roles)
    if rule.co_points is not None:
        role_tests.append("r.role = 'co'")
    if not role_tests:
        return
    where.append("(" + " OR ".join(role_tests) + ")")
    if rule.kinds:
        where.append(f"r.kind IN ({_placeholders(rule.kinds)})")
        params.extend(str(k) for k in rule.kinds)
    seated, seated_params = _seated("r.member_id", "r.at", run.body_id)
    where.append(seated)
    params.extend(seated_params)
    if rule.co_points is None:
        price, price_params = "%s", [_p(points)]
    elif rule.co_share:
        price = "CASE WHEN r.role = 'co' THEN ROUND(%s / r.n_co, 2) ELSE %s END"
        price_params = [_p(rule.co_points * sign), _p(points)]
    else:
        price = "CASE WHEN r.role = 'co' THEN %s ELSE %s END"
        price_params = [_p(rule.co_points * sign), _p(points)]
    sql = (
        f"INSERT INTO {LINE} ({LINE_COLUMNS})"
        f" SELECT %s, r.member_id, %s, %s, %s, %s, r.record_id, r.role, r.at,"
        f" SUBSTR(r.title, 1, 300), {price}, '', NULL, %s"
        f" FROM (SELECT s.*, SUM(CASE WHEN s.role = 'co' THEN 1 ELSE 0 END)"
        f" OVER (PARTITION BY s.record_id) AS n_co FROM ({src}) s) r"
        f" WHERE {' AND '.join(where)}"
    )
    all_params = [
        run.pk,
        ScoreLine.Kind.RECORD.value,
        rule.pk,
        rule.indicator,
        rule.source,
        *price_params,
        _p(now),
        *src_params,
        *params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)


def _insert_cap(run: ScoringRun, rule: Rule, now) -> None:
    """Per member over the rule's cap, the line that brings him back to it."""
    if rule.cap is None:
        return
    limit = rule.cap * rule.sign
    test = "SUM(l.points) > %s" if rule.sign > 0 else "SUM(l.points) < %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {LINE} ({LINE_COLUMNS})"
            f" SELECT %s, l.member_id, %s, %s, %s, %s, NULL, '', NULL, '', %s - SUM(l.points),"
            f" '', NULL, %s FROM {LINE} l WHERE l.run_id = %s AND l.rule_id = %s AND l.kind = %s"
            f" GROUP BY l.member_id HAVING {test}",
            [
                run.pk,
                ScoreLine.Kind.CAP.value,
                rule.pk,
                rule.indicator,
                rule.source,
                _p(limit),
                _p(now),
                run.pk,
                rule.pk,
                ScoreLine.Kind.RECORD.value,
                _p(limit),
            ],
        )


def _insert_bonus_cap(run: ScoringRun, rule_set: RuleSet, bonus_rules: list[int], now) -> None:
    if rule_set.bonus_cap is None or not bonus_rules:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {LINE} ({LINE_COLUMNS})"
            f" SELECT %s, l.member_id, %s, NULL, %s, '', NULL, '', NULL, '', %s - SUM(l.points),"
            f" '', NULL, %s FROM {LINE} l WHERE l.run_id = %s"
            f" AND l.rule_id IN ({_placeholders(bonus_rules)}) AND l.kind IN (%s, %s)"
            f" GROUP BY l.member_id HAVING SUM(l.points) > %s",
            [
                run.pk,
                ScoreLine.Kind.BONUS_CAP.value,
                _("加分合计超出上限"),
                _p(rule_set.bonus_cap),
                _p(now),
                run.pk,
                *bonus_rules,
                ScoreLine.Kind.RECORD.value,
                ScoreLine.Kind.CAP.value,
                _p(rule_set.bonus_cap),
            ],
        )


def rescore(run: ScoringRun) -> None:
    """The members' totals, grades and ranks from their lines (one INSERT … SELECT)."""
    rule_set = run.rule_set
    MemberScore.objects.filter(run=run).delete()

    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SCORE} (run_id, member_id, total, grade, rank)"
            f" SELECT %s, s.member_id, s.total,"
            f" CASE WHEN s.total >= %s THEN %s WHEN s.total >= %s THEN %s ELSE %s END,"
            f" RANK() OVER (ORDER BY s.total DESC)"
            f" FROM (SELECT l.member_id, SUM(l.points) AS total FROM {LINE} l"
            f" WHERE l.run_id = %s GROUP BY l.member_id) s",
            [
                run.pk,
                _p(rule_set.excellent_min),
                Grade.EXCELLENT.value,
                _p(rule_set.competent_min),
                Grade.COMPETENT.value,
                Grade.INCOMPETENT.value,
                run.pk,
            ],
        )


def _delete_computed_lines(run: ScoringRun) -> None:
    """The computed lines go in one DELETE (a queryset delete would send a history signal
    per line). Objections about them (a run withdrawn from 公示) keep their reason."""
    from ..models import Objection

    Objection.objects.filter(run=run, line__isnull=False).exclude(
        line__kind=ScoreLine.Kind.ADJUSTMENT
    ).update(line=None)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {LINE} WHERE run_id = %s AND kind <> %s",
            [run.pk, ScoreLine.Kind.ADJUSTMENT.value],
        )


def compute(run: ScoringRun) -> None:
    """(Re)compute the run's lines and scores from its rule set and today's records. The
    office's adjustments are kept."""
    rule_set = run.rule_set
    now = timezone.now()
    _delete_computed_lines(run)
    _insert_base(run, rule_set, now)
    rules = list(rule_set.rules.all())
    for rule in rules:
        _insert_rule(run, rule, now)
        _insert_cap(run, rule, now)
    _insert_bonus_cap(run, rule_set, [r.pk for r in rules if r.sign > 0], now)
    rescore(run)
