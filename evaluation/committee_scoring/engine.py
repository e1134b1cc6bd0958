"""The committees' run, computed by the database for every committee of a body and year —
the members' engine (evaluation.scoring.engine) over committee score sources: one
INSERT … SELECT per rule over the source's rows (filtered by the rule's roles and kinds, to
the body's active committees), one per capped rule for the cap lines, one for the bonus cap
and one for the totals with a window RANK (equal totals share a rank). Before the rules, the
committee quotas' results on the board for the year are copied (the `committee_quotas`
source reads them). The number of queries depends on the rules, never on the committees."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.registry import committee_score_sources

from ..models import (
    CommitteeQuotaResult,
    CommitteeRun,
    CommitteeScore,
    CommitteeScoreLine,
    Rule,
    RuleSet,
)
from ..scoring.engine import _p, _placeholders, source_sql

LINE = CommitteeScoreLine._meta.db_table
SCORE = CommitteeScore._meta.db_table
COLUMNS = "run_id, committee_id, kind, rule_id, indicator, source, record_id, role, at, title, points, created_at"  # noqa: E501


def committees_sql(body_id: int) -> tuple[str, list]:
    from organisation.models import Committee

    return (
        f"SELECT c.id FROM {Committee._meta.db_table} c WHERE c.body_id = %s AND c.is_active",
        [body_id],
    )


def _execute(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def snapshot_quotas(run: CommitteeRun) -> None:
    """The committee quotas' results on the board at the end of the run's year (or today
    for the current year): one row per committee and quota (the board computes a body's
    committees in a few queries)."""
    from organisation.models import Body

    from ..periods import as_of_for_year
    from ..selectors import body_board

    today = timezone.localdate()
    day = as_of_for_year(run.year, today) if run.year <= today.year else dt.date(run.year, 1, 1)
    board = body_board(Body.objects.get(pk=run.body_id), day, with_members=False)
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    CommitteeQuotaResult.objects.filter(run=run).delete()
    rows = []
    for unit in board.committees:
        for code, progress in unit.progress.items():
            rows.append(
                CommitteeQuotaResult(
                    run=run,
                    committee_id=unit.pk,
                    quota_code=code[:20],
                    title=f"{code} {progress.quota.title}"[:200],
                    period=str(progress.period.label)[:40],
                    value=progress.value,
                    target=progress.target,
                    light=progress.light,
                    at=at,
                )
            )
    CommitteeQuotaResult.objects.bulk_create(rows)


def _insert_base(run: CommitteeRun, rule_set: RuleSet, now) -> None:
    committees, params = committees_sql(run.body_id)
    _execute(
        f"INSERT INTO {LINE} ({COLUMNS}) SELECT %s, s.id, %s, NULL, %s, '', NULL, '', NULL, '',"
        f" %s, %s FROM ({committees}) s",
        [run.pk, CommitteeScoreLine.Kind.BASE.value, _("基础分"), _p(rule_set.base_score),
         _p(now), *params],
    )  # fmt: skip


def _insert_rule(run: CommitteeRun, rule: Rule, now) -> None:
    try:
        source = committee_score_sources.get(rule.source)
    except LookupError:
        return  # a module no longer installed: its rule earns nothing
    roles = [str(r) for r in rule.roles]
    if not roles:
        return
    src, src_params = source_sql(source, run.body_id, run.year)
    committees, c_params = committees_sql(run.body_id)
    where = [f"r.role IN ({_placeholders(roles)})", f"r.unit_id IN ({committees})"]
    params: list = [*roles, *c_params]
    if rule.kinds:
        where.append(f"r.record_kind IN ({_placeholders(rule.kinds)})")
        params.extend(str(k) for k in rule.kinds)
    _execute(
        f"INSERT INTO {LINE} ({COLUMNS}) SELECT %s, r.unit_id, %s, %s, %s, %s, r.record_id,"
        f" r.role, r.at, SUBSTR(COALESCE(r.record_title, ''), 1, 300), %s, %s"
        f" FROM ({src}) r WHERE {' AND '.join(where)}",
        [run.pk, CommitteeScoreLine.Kind.RECORD.value, rule.pk, rule.indicator, rule.source,
         _p(rule.points * Decimal(rule.sign)), _p(now), *src_params, *params],
    )  # fmt: skip


def _insert_cap(run: CommitteeRun, rule: Rule, now) -> None:
    if rule.cap is None:
        return
    limit = rule.cap * rule.sign
    test = "SUM(l.points) > %s" if rule.sign > 0 else "SUM(l.points) < %s"
    _execute(
        f"INSERT INTO {LINE} ({COLUMNS}) SELECT %s, l.committee_id, %s, %s, %s, %s, NULL, '',"
        f" NULL, '', %s - SUM(l.points), %s FROM {LINE} l WHERE l.run_id = %s"
        f" AND l.rule_id = %s AND l.kind = %s GROUP BY l.committee_id HAVING {test}",
        [run.pk, CommitteeScoreLine.Kind.CAP.value, rule.pk, rule.indicator, rule.source,
         _p(limit), _p(now), run.pk, rule.pk, CommitteeScoreLine.Kind.RECORD.value, _p(limit)],
    )  # fmt: skip


def _insert_bonus_cap(run: CommitteeRun, rule_set: RuleSet, bonus: list[int], now) -> None:
    if rule_set.bonus_cap is None or not bonus:
        return
    K = CommitteeScoreLine.Kind
    _execute(
        f"INSERT INTO {LINE} ({COLUMNS}) SELECT %s, l.committee_id, %s, NULL, %s, '', NULL, '',"
        f" NULL, '', %s - SUM(l.points), %s FROM {LINE} l WHERE l.run_id = %s"
        f" AND l.rule_id IN ({_placeholders(bonus)}) AND l.kind IN (%s, %s)"
        f" GROUP BY l.committee_id HAVING SUM(l.points) > %s",
        [run.pk, K.BONUS_CAP.value, _("加分合计超出上限"), _p(rule_set.bonus_cap), _p(now),
         run.pk, *bonus, K.RECORD.value, K.CAP.value, _p(rule_set.bonus_cap)],
    )  # fmt: skip


def rescore(run: CommitteeRun) -> None:
    CommitteeScore.objects.filter(run=run).delete()
    _execute(
        f"INSERT INTO {SCORE} (run_id, committee_id, total, rank)"
        f" SELECT %s, s.committee_id, s.total, RANK() OVER (ORDER BY s.total DESC)"
        f" FROM (SELECT l.committee_id, SUM(l.points) AS total FROM {LINE} l"
        f" WHERE l.run_id = %s GROUP BY l.committee_id) s",
        [run.pk, run.pk],
    )


def compute(run: CommitteeRun) -> None:
    """(Re)compute the run's quota results, lines and scores from its rule set and today's
    records."""
    rule_set = run.rule_set
    now = timezone.now()
    _execute(f"DELETE FROM {LINE} WHERE run_id = %s", [run.pk])
    snapshot_quotas(run)
    _insert_base(run, rule_set, now)
    rules = list(rule_set.rules.all())
    for rule in rules:
        _insert_rule(run, rule, now)
        _insert_cap(run, rule, now)
    _insert_bonus_cap(run, rule_set, [r.pk for r in rules if r.sign > 0], now)
    rescore(run)
