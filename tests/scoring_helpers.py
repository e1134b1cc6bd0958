"""Builders for the annual scoring tests (issue 15): records made directly in the tables the
score sources read (the modules' own tests cover how those records come to be), and rule
sets published for a year."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from committees.models import Activity, ActivityInvitation
from evaluation.models import BodyMeeting, MeetingAttendance, Rule, RuleSet, Speech
from evaluation.scoring import services
from members.models import Member
from proposals.models import Proposal, ProposalSigner

from .committee_work_helpers import at
from .conftest import Org

YEAR = 2025
_serial = itertools.count(1)


def day(month: int, d: int = 15) -> dt.date:
    return dt.date(YEAR, month, d)


def activity(org: Org, when: dt.date, *, attendance: dict[Member, str], type="research"):
    """A held activity on `when` with attendance {member: present|excused|absent}."""
    record = Activity.objects.create(
        body=org.body,
        type=type,
        committee=org.economy,
        owner_committee=org.economy,
        topic=f"专题调研{next(_serial)}",
        starts_at=at(when),
        ends_at=at(when, 11),
        place="市政协",
        status=Activity.Status.HELD,
        created_by=org.staff,
    )
    for member, state in attendance.items():
        ActivityInvitation.objects.create(
            activity=record,
            member=member,
            attendance=state,
            attendance_reason="出差" if state == "excused" else "",
        )
    return record


def proposal(
    org: Org,
    first: Member,
    when: dt.date,
    *,
    co=(),
    status=Proposal.Status.FILED,
    is_key=False,
    year=YEAR,
) -> Proposal:
    n = next(_serial)
    record = Proposal.objects.create(
        body=org.body,
        year=year,
        kind=Proposal.Kind.JOINT if co else Proposal.Kind.INDIVIDUAL,
        status=status,
        first_proposer=first,
        title=f"关于第{n}件事的建议",
        reasons="理由",
        suggestions="建议",
        category=Proposal.Category.ECONOMY,
        is_key=is_key,
        submitted_at=at(when),
        filed_at=at(when) if status in Proposal.FILED_STATES else None,
    )
    for i, member in enumerate(co):
        ProposalSigner.objects.create(
            proposal=record, member=member, status=ProposalSigner.Status.CONFIRMED, order=i
        )
    return record


def meeting(org: Org, when: dt.date, *, kind="plenary", attendance: dict[Member, str]):
    record = BodyMeeting.objects.create(
        body=org.body, kind=kind, title=f"全体会议第{next(_serial)}次", starts_at=at(when)
    )
    for member, state in attendance.items():
        MeetingAttendance.objects.create(
            meeting=record, member=member, status=state, reason="病假" if state == "leave" else ""
        )
    return record


def speech(meeting_: BodyMeeting, member: Member, kind="oral") -> Speech:
    return Speech.objects.create(meeting=meeting_, member=member, kind=kind, title="发言")


def rule(indicator: str, source: str, roles, points, **kwargs) -> dict:
    return {
        "indicator": indicator,
        "source": source,
        "roles": list(roles),
        "points": Decimal(points),
        **kwargs,
    }


def published_rules(
    org: Org, rules: list[dict], *, year=YEAR, base=70, bonus_cap=None, excellent=85, competent=60
) -> RuleSet:
    rule_set = services.ruleset_create(
        body_id=org.body.pk,
        data={
            "name": "测试规则",
            "year": year,
            "base_score": Decimal(base),
            "bonus_cap": None if bonus_cap is None else Decimal(bonus_cap),
            "excellent_min": Decimal(excellent),
            "competent_min": Decimal(competent),
        },
        by=org.office,
    )
    for order, data in enumerate(rules):
        services.rule_save(rule_set=rule_set, data={"order": order, **data}, by=org.office)
    return services.ruleset_publish(rule_set=rule_set, by=org.office)


def scores(run) -> dict[int, Decimal]:
    return dict(run.scores.values_list("member_id", "total"))


def lines_of(run, member: Member) -> list[tuple[str, str, Decimal]]:
    return [
        (line.kind, line.indicator, line.points)
        for line in run.lines.filter(member=member).order_by("id")
    ]


__all__ = ["Rule"]


def reference_scheme() -> RuleSet:
    """The shipped reference scheme (migration 0011); seeded again when a transactional
    test (a browser test) flushed the tables before."""
    from importlib import import_module

    from django.apps import apps

    existing = RuleSet.objects.filter(body__isnull=True, target="member").first()
    if existing is None:
        import_module("evaluation.migrations.0011_default_rule_set").seed(apps, None)
        existing = RuleSet.objects.get(body__isnull=True, target="member")
    return existing


def committee_reference_scheme() -> RuleSet:
    """The shipped committee reference scheme (migration 0015), seeded again after a flush."""
    from importlib import import_module

    from django.apps import apps

    existing = RuleSet.objects.filter(body__isnull=True, target="committee").first()
    if existing is None:
        import_module("evaluation.migrations.0015_committee_reference_scheme").seed(apps, None)
        existing = RuleSet.objects.get(body__isnull=True, target="committee")
    return existing
