"""Builders for the committees' evaluation tests (§19, issue 15): records made directly in
the tables the committee score sources read, and committee rule sets published for a year."""

from __future__ import annotations

import itertools
from decimal import Decimal

from committees.models import Activity, ActivityOutput
from evaluation.models import CommitteeRun, RuleSet
from evaluation.scoring import services

from .committee_work_helpers import at
from .conftest import Org
from .scoring_helpers import YEAR, day

_serial = itertools.count(1)


def held(org: Org, committee, month: int, type="research", status=Activity.Status.HELD):
    n = next(_serial)
    return Activity.objects.create(
        body=org.body,
        type=type,
        committee=committee,
        owner_committee=committee,
        topic=f"{committee.name}活动{n}",
        starts_at=at(day(month)),
        ends_at=at(day(month), 11),
        place="市政协",
        status=status,
        created_by=org.office,
    )


def output(org: Org, activity, kind="report"):
    return ActivityOutput.objects.create(
        activity=activity,
        kind=kind,
        title=f"{activity.topic}成果",
        file="outputs/x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=org.office,
    )


def committee_rules(org: Org, rules: list[dict], *, year=YEAR, base=0, bonus_cap=None) -> RuleSet:
    rule_set = services.ruleset_create(
        body_id=org.body.pk,
        data={
            "target": "committee",
            "name": "专委会考评规则",
            "year": year,
            "base_score": Decimal(base),
            "bonus_cap": None if bonus_cap is None else Decimal(bonus_cap),
            "excellent_min": Decimal(85),
            "competent_min": Decimal(60),
        },
        by=org.office,
    )
    for order, data in enumerate(rules):
        services.rule_save(rule_set=rule_set, data={"order": order, **data}, by=org.office)
    return services.ruleset_publish(rule_set=rule_set, by=org.office)


def totals(run: CommitteeRun) -> dict[int, tuple[Decimal, int]]:
    return {s.committee_id: (s.total, s.rank) for s in run.scores.all()}
