"""The scoring run against a hand-built data set, one kind of rule at a time: per record,
co-author share, cap, deductions with and without leave, base score, bonus cap, grade
thresholds; a member who joined mid-year and one who left; and the invariant that a
member's score is the sum of his lines."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from evaluation.models import MemberScore, ScoreLine
from evaluation.scoring import services
from members.models import MemberTerm

from .committee_work_helpers import new_member
from .scoring_helpers import (
    YEAR,
    activity,
    day,
    lines_of,
    meeting,
    proposal,
    published_rules,
    rule,
    scores,
    speech,
)

D = Decimal


def _run(org):
    return services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)


def test_it_gives_the_base_score_to_every_seated_member(org):
    published_rules(org, [rule("出席活动", "activities", ["present"], 2)], base=70)
    run = _run(org)
    assert scores(run) == {org.member.pk: D(70), org.other_member.pk: D(70)}
    assert lines_of(run, org.member) == [("base", "基础分", D(70))]


def test_it_gives_points_per_record_and_links_each_line(org):
    published_rules(org, [rule("出席活动", "activities", ["present"], 2)])
    a1 = activity(org, day(3), attendance={org.member: "present", org.other_member: "absent"})
    a2 = activity(org, day(4), attendance={org.member: "present"})
    run = _run(org)
    assert scores(run)[org.member.pk] == D(74)
    assert scores(run)[org.other_member.pk] == D(70)
    records = run.lines.filter(member=org.member, kind=ScoreLine.Kind.RECORD)
    assert sorted(records.values_list("record_id", flat=True)) == sorted([a1.pk, a2.pk])
    assert set(records.values_list("source", "role")) == {("activities", "present")}
    assert records.first().title.startswith("专题调研")


def test_it_filters_by_kind(org):
    published_rules(org, [rule("参加调研", "activities", ["present"], 3, kinds=["research"])])
    activity(org, day(3), attendance={org.member: "present"}, type="research")
    activity(org, day(4), attendance={org.member: "present"}, type="theory_study")
    assert scores(_run(org))[org.member.pk] == D(73)


def test_it_deducts_for_absence_with_and_without_leave(org):
    published_rules(
        org,
        [
            rule("全会缺席", "meetings", ["absent"], 30, kind="deduction", kinds=["plenary"]),
            rule("全会请假", "meetings", ["leave"], 10, kind="deduction", kinds=["plenary"]),
        ],
        base=100,
    )
    meeting(org, day(1, 10), attendance={org.member: "absent", org.other_member: "leave"})
    meeting(org, day(1, 11), attendance={org.member: "present", org.other_member: "leave"})
    # A standing-committee meeting is another kind: no deduction under these rules.
    meeting(org, day(2), kind="standing", attendance={org.member: "absent"})
    totals = scores(_run(org))
    assert totals[org.member.pk] == D(70)
    assert totals[org.other_member.pk] == D(80)


def test_it_gives_co_authors_their_points_or_a_share(org):
    third = new_member(org, name="郑委员")
    published_rules(
        org,
        [
            rule("提案立案", "proposals", ["first"], 15, co_points=D(6), co_share=True),
            rule("联名（不平分）", "proposals", [], 0, co_points=D(1), co_share=False),
        ],
        base=0,
    )
    proposal(org, org.member, day(1), co=[org.other_member, third])
    proposal(org, org.other_member, day(2))
    # Not filed: earns nothing under a rule for filed ones? The rule has no kind filter, so
    # a rejected proposal counts too; the next test filters by fate.
    totals = scores(_run(org))
    assert totals[org.member.pk] == D(15)
    # other: co-signer of the first (6/2 = 3, plus 1) and first proposer of the second (15)
    assert totals[org.other_member.pk] == D(19)
    assert totals[third.pk] == D(4)


def test_it_counts_proposals_by_fate(org):
    published_rules(
        org,
        [
            rule("立案", "proposals", ["first"], 15, kinds=["filed", "key"]),
            rule("重点提案", "proposals", ["first"], 10, kinds=["key"]),
        ],
        base=0,
    )
    proposal(org, org.member, day(1))
    proposal(org, org.member, day(2), is_key=True)
    proposal(org, org.member, day(3), status="not_filed")
    proposal(org, org.member, day(4), status="submitted")
    proposal(org, org.member, day(5), year=YEAR - 1)  # another year's proposal
    assert scores(_run(org))[org.member.pk] == D(40)


def test_it_caps_a_rule_per_year_with_a_line_that_explains_it(org):
    published_rules(
        org,
        [
            rule("出席活动", "activities", ["present"], 2, cap=D(5)),
            rule("缺席活动", "activities", ["absent"], 2, kind="deduction", cap=D(3)),
        ],
        base=70,
    )
    for month in (2, 3, 4, 5):
        activity(org, day(month), attendance={org.member: "present", org.other_member: "absent"})
    run = _run(org)
    assert scores(run)[org.member.pk] == D(75)  # 8 earned, capped at 5
    assert scores(run)[org.other_member.pk] == D(67)  # -8, capped at -3
    cap = run.lines.get(member=org.member, kind=ScoreLine.Kind.CAP)
    assert cap.points == D(-3)
    assert run.lines.get(member=org.other_member, kind=ScoreLine.Kind.CAP).points == D(5)


def test_it_caps_the_sum_of_all_bonuses(org):
    published_rules(
        org,
        [
            rule("出席活动", "activities", ["present"], 20),
            rule("缺席活动", "activities", ["absent"], 5, kind="deduction"),
            rule("发言", "speeches", ["oral"], 20),
        ],
        base=70,
        bonus_cap=50,
    )
    for month in (2, 3):
        activity(org, day(month), attendance={org.member: "present"})
    activity(org, day(4), attendance={org.member: "absent"})
    speech(meeting(org, day(1), attendance={}), org.member)
    run = _run(org)
    # bonuses 60 → 50; the deduction is not part of the bonus cap
    assert scores(run)[org.member.pk] == D(115)
    assert run.lines.get(member=org.member, kind=ScoreLine.Kind.BONUS_CAP).points == D(-10)


def test_it_grades_by_the_thresholds(org):
    third = new_member(org, name="郑委员")
    published_rules(
        org,
        [
            rule("出席活动", "activities", ["present"], 25),
            rule("缺席活动", "activities", ["absent"], 1, kind="deduction"),
        ],
        base=60,
        excellent=85,
        competent=60,
    )
    activity(
        org,
        day(3),
        attendance={org.member: "present", third: "absent", org.other_member: "excused"},
    )
    run = _run(org)
    grades = dict(run.scores.values_list("member_id", "grade"))
    assert grades == {
        org.member.pk: "excellent",
        org.other_member.pk: "competent",
        third.pk: "incompetent",
    }
    ranks = dict(run.scores.values_list("member_id", "rank"))
    assert ranks == {org.member.pk: 1, org.other_member.pk: 2, third.pk: 3}


def test_a_member_who_joined_mid_year_earns_only_from_that_day(org):
    joined = new_member(org, name="年中委员", joined_on=day(7, 1))
    published_rules(org, [rule("出席活动", "activities", ["present"], 2)], base=70)
    activity(org, day(3), attendance={joined: "present"})  # before he joined
    activity(org, day(9), attendance={joined: "present"})
    assert scores(_run(org))[joined.pk] == D(72)


def test_a_member_who_left_is_scored_until_he_left_and_not_after(org):
    published_rules(org, [rule("出席活动", "activities", ["present"], 2)], base=70)
    MemberTerm.objects.filter(member=org.other_member).update(end_date=day(6, 30))
    activity(org, day(3), attendance={org.other_member: "present"})
    activity(org, day(9), attendance={org.other_member: "present"})
    assert scores(_run(org))[org.other_member.pk] == D(72)
    # One who left before the year is not scored at all.
    MemberTerm.objects.filter(member=org.other_member).update(
        end_date=day(1, 1).replace(year=YEAR - 1)
    )
    assert org.other_member.pk not in scores(_run(org))


def test_a_score_is_the_sum_of_its_lines(org):
    published_rules(
        org,
        [
            rule("出席活动", "activities", ["present"], 3, cap=D(5)),
            rule("提案", "proposals", ["first"], 15, co_points=D(5), co_share=True),
        ],
        bonus_cap=10,
    )
    activity(org, day(3), attendance={org.member: "present", org.other_member: "present"})
    activity(org, day(4), attendance={org.member: "present"})
    proposal(org, org.member, day(5), co=[org.other_member])
    run = _run(org)
    sums = dict(
        ScoreLine.objects.filter(run=run)
        .values("member_id")
        .annotate(s=Sum("points"))
        .values_list("member_id", "s")
    )
    assert sums == scores(run)


def test_the_run_costs_queries_per_rule_not_per_member(org):
    rules = [rule("出席活动", "activities", ["present"], 2, cap=D(10))]
    published_rules(org, rules)
    activity(org, day(3), attendance={org.member: "present"})
    with CaptureQueriesContext(connection) as few:
        _run(org)
    for i in range(15):
        member = new_member(org, name=f"委员{i}")
        activity(org, day(4), attendance={member: "present"})
    services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)
    with CaptureQueriesContext(connection) as many:
        services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)
    assert MemberScore.objects.count() == 17
    assert len(many) <= len(few) + 3  # the changes' names and the history rows, not N


def test_recomputing_a_draft_year_says_what_changed(org):
    published_rules(org, [rule("出席活动", "activities", ["present"], 2)])
    run = _run(org)
    assert run.changes == []
    activity(org, day(3), attendance={org.member: "present"})
    run = _run(org)
    assert run.changes == [
        {"member_id": org.member.pk, "name": org.member.name, "before": "70.00", "after": "72.00"}
    ]


def test_it_refuses_without_a_published_rule_set(org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="还没有发布的考评规则"):
        _run(org)
