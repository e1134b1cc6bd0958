"""The scoring run's life: rule sets (draft → published → frozen), 计算 → 公示 → objections →
adjustment → 冻结, and a frozen year that does not change when rules or records change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from evaluation.models import Objection, Rule, RuleSet, ScoreLine, ScoringRun
from evaluation.scoring import services
from portal.models import Notification
from portal.workflow import transitions_of

from .scoring_helpers import YEAR, activity, day, published_rules, reference_scheme, rule, scores

D = Decimal


@pytest.fixture
def run(org):
    published_rules(org, [rule("出席活动", "activities", ["present"], 2)], base=70)
    activity(org, day(3), attendance={org.member: "present", org.other_member: "absent"})
    return services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)


def _public(org, run, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.run_publish(run=run, by=org.office)


def test_the_reference_scheme_is_shipped_and_cites_its_source(db):
    reference = reference_scheme()
    assert "济南" in reference.description
    assert reference.base_score == 70 and reference.bonus_cap == 50
    assert (reference.excellent_min, reference.competent_min) == (85, 60)
    absent = reference.rules.get(indicator="全体会议缺席（未请假）")
    assert (absent.kind, absent.points, absent.kinds) == ("deduction", 30, ["plenary"])
    assert reference.rules.get(indicator="全体会议请假").points == 10


def test_the_office_copies_the_reference_scheme_and_scores_with_it(org):
    reference = reference_scheme()
    copy = services.ruleset_copy(rule_set=reference, year=YEAR, by=org.office)
    assert copy.body_id == org.body.pk and copy.status == RuleSet.Status.DRAFT
    assert copy.rules.count() == reference.rules.count()
    services.ruleset_publish(rule_set=copy, by=org.office)
    from .scoring_helpers import meeting

    meeting(org, day(1), attendance={org.member: "absent", org.other_member: "leave"})
    run = services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)
    assert scores(run) == {org.member.pk: D(40), org.other_member.pk: D(60)}


def test_a_published_rule_set_cannot_be_edited_and_only_one_is_in_force(org):
    rule_set = published_rules(org, [rule("出席活动", "activities", ["present"], 2)])
    with pytest.raises(ValidationError, match="不能修改"):
        services.rule_save(rule_set=rule_set, data={"points": D(5)}, by=org.office,
                           rule=rule_set.rules.get())  # fmt: skip
    assert rule_set.rules.get().points == 2
    second = services.ruleset_copy(rule_set=rule_set, year=YEAR, by=org.office)
    with pytest.raises(ValidationError, match="只能有一套"):
        services.ruleset_publish(rule_set=second, by=org.office)
    assert [t.to_state for t in transitions_of(rule_set)] == ["published"]


def test_nobody_but_the_office_writes_rules(org, other_org):
    with pytest.raises(PermissionDenied):
        services.ruleset_create(body_id=org.body.pk, data={"name": "x", "year": YEAR},
                                by=org.staff)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.ruleset_create(body_id=org.body.pk, data={"name": "x", "year": YEAR},
                                by=other_org.office)  # fmt: skip
    assert not RuleSet.objects.filter(body=org.body).exists()


@override_settings(SCORING_OBJECTION_DAYS=5)
def test_publishing_opens_the_objection_period_and_tells_the_members(
    org, run, django_capture_on_commit_callbacks
):
    run = _public(org, run, django_capture_on_commit_callbacks)
    assert run.status == ScoringRun.Status.PUBLIC
    assert run.objection_deadline - run.public_at == dt.timedelta(days=5)
    told = set(
        Notification.objects.filter(url__contains="scoring").values_list("recipient", flat=True)
    )
    assert told == {org.member_user.pk, org.other_member_user.pk}
    with pytest.raises(ValidationError, match="不能重新计算"):
        services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)


def test_objection_adjustment_and_freeze(org, run, django_capture_on_commit_callbacks):
    run = _public(org, run, django_capture_on_commit_callbacks)
    line = run.lines.get(member=org.other_member, kind=ScoreLine.Kind.BASE)
    objection = services.objection_file(
        run=run, member=org.other_member, line=line, reason="我当天请假了，有批条",
        by=org.other_member_user,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="未处理的异议"):
        services.run_freeze(run=run, by=org.office, comment="提前")
    with pytest.raises(ValidationError, match="需要填写意见"):
        services.objection_resolve(objection=objection, by=org.office, response=" ", points=D(3))
    services.objection_resolve(
        objection=objection, by=org.office, response="经核实确有请假批条，补加3分", points=D(3)
    )
    objection.refresh_from_db()
    assert objection.status == Objection.Status.ADJUSTED
    assert objection.adjustment.points == D(3) and objection.adjustment.created_by == org.office
    assert scores(run)[org.other_member.pk] == D(73)
    assert objection.adjustment.history.count() == 1
    # The period is still open: freezing early needs a reason.
    with pytest.raises(ValidationError, match="提前冻结需要填写说明"):
        services.run_freeze(run=run, by=org.office)
    services.run_freeze(run=run, by=org.office, comment="异议已全部处理")
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.FROZEN
    assert run.rule_set.status == RuleSet.Status.FROZEN


def test_a_rejected_objection_leaves_the_score(org, run, django_capture_on_commit_callbacks):
    run = _public(org, run, django_capture_on_commit_callbacks)
    objection = services.objection_file(
        run=run, member=org.member, reason="分太低", by=org.member_user
    )
    services.objection_resolve(objection=objection, by=org.office, response="符合规则", points=None)
    objection.refresh_from_db()
    assert objection.status == Objection.Status.REJECTED and objection.adjustment is None
    assert scores(run)[org.member.pk] == D(72)
    with pytest.raises(ValidationError):
        services.objection_resolve(objection=objection, by=org.office, response="再次", points=D(1))
    assert scores(run)[org.member.pk] == D(72)


def test_objections_only_by_the_member_himself_and_in_the_period(
    org, run, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError, match="不在公示异议期"):
        services.objection_file(run=run, member=org.member, reason="x", by=org.member_user)
    run = _public(org, run, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        services.objection_file(run=run, member=org.member, reason="x", by=org.other_member_user)
    other_line = run.lines.filter(member=org.other_member).first()
    with pytest.raises(PermissionDenied):
        services.objection_file(run=run, member=org.member, line=other_line, reason="x",
                                by=org.member_user)  # fmt: skip
    ScoringRun.objects.filter(pk=run.pk).update(
        objection_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="不在公示异议期"):
        services.objection_file(run=run, member=org.member, reason="晚了", by=org.member_user)
    assert not Objection.objects.exists()


def test_a_frozen_year_never_changes(org, run, django_capture_on_commit_callbacks):
    run = _public(org, run, django_capture_on_commit_callbacks)
    ScoringRun.objects.filter(pk=run.pk).update(
        objection_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    services.run_freeze(run=run, by=org.office)
    before_scores = scores(run)
    before_lines = list(run.lines.values_list("member_id", "kind", "record_id", "points", "title"))
    # Rules change: the frozen rule set refuses edits; even a change behind its back…
    rule_set = run.rule_set
    with pytest.raises(ValidationError):
        services.rule_save(rule_set=rule_set, data={"points": D(50)}, by=org.office,
                           rule=rule_set.rules.get())  # fmt: skip
    Rule.objects.filter(rule_set=rule_set).update(points=D(50))
    # …and records change: a new activity, a renamed one.
    record = activity(org, day(5), attendance={org.member: "present"})
    type(record).objects.filter(pk=record.pk).update(topic="改名")
    with pytest.raises(ValidationError, match="不能重新计算"):
        services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)
    with pytest.raises(ValidationError):
        services.run_withdraw(run=run, by=org.office, comment="重算")
    assert scores(run) == before_scores
    assert (
        list(run.lines.values_list("member_id", "kind", "record_id", "points", "title"))
        == before_lines
    )


def test_withdrawing_the_public_run_allows_recomputing(
    org, run, django_capture_on_commit_callbacks
):
    run = _public(org, run, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="需要填写意见"):
        services.run_withdraw(run=run, by=org.office, comment="")
    services.run_withdraw(run=run, by=org.office, comment="漏记一次活动")
    activity(org, day(6), attendance={org.member: "present"})
    run = services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)
    assert scores(run)[org.member.pk] == D(74)
    assert run.changes[0]["before"] == "72.00"


def test_open_objections_are_the_offices_todo(org, run, django_capture_on_commit_callbacks):
    from portal.todos import counts, todo_list

    run = _public(org, run, django_capture_on_commit_callbacks)
    objection = services.objection_file(
        run=run, member=org.member, reason="漏记", by=org.member_user
    )
    found = counts(org.office)
    assert found.of("scoring_objection") == 1
    items = todo_list(org.office, found, per_kind=5).items
    assert any(t.url.endswith(f"/objections/{objection.pk}/") for t in items)
    assert counts(org.staff).of("scoring_objection") == 0
    services.objection_resolve(objection=objection, by=org.office, response="维持", points=None)
    assert counts(org.office).of("scoring_objection") == 0
