"""The committees' annual evaluation (§19, issue 15): committee rules of each kind against a
hand-built data set, ranking ties, freezing, awards, the committee's annual summary and the
member's whole-term 档案."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.urls import reverse

from committees.models import Activity
from evaluation.committee_scoring import selectors as committee_selectors
from evaluation.committee_scoring import services as committee_services
from evaluation.dossier import member_dossier, member_term_dossier
from evaluation.models import Award, CommitteeRun, CommitteeSummary
from members.models import CommitteeMembership
from proposals.models import Proposal

from .committee_scoring_helpers import committee_rules, held, output, totals
from .committee_work_helpers import at
from .scoring_helpers import YEAR, activity, day, meeting, rule, speech

D = Decimal


def _compute(org):
    return committee_services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)


def test_each_committee_rule_kind_with_caps_deductions_base_and_tied_ranks(org):
    """Per record with a kind filter, a cap, a deduction, the base score; two committees
    with equal totals share rank 1 and the next one is 3rd."""
    for month in (2, 3, 4):
        held(org, org.economy, month, "research")
    inspection = held(org, org.economy, 5, "inspection")
    output(org, inspection, "other")
    held(org, org.education, 2, "research")
    held(org, org.education, 3, "research")
    held(org, org.education, 6, "study_tour")
    held(org, org.education, 7, "research", status=Activity.Status.CANCELLED)  # not held
    committee_rules(
        org,
        [
            rule("专题调研", "committee_activities", ["held"], 5, kinds=["research"], cap=D(12)),
            rule("视察考察", "committee_activities", ["held"], 4,
                 kinds=["inspection", "study_tour"]),
            rule("其他材料", "committee_outputs", ["other"], 2, kind="deduction"),
        ],
        base=60,
    )  # fmt: skip
    run = _compute(org)
    # economy: 60 + min(15, 12) + 4 − 2 = 74; education: 60 + 10 + 4 = 74; others: 60.
    assert totals(run) == {
        org.economy.pk: (D(74), 1),
        org.education.pk: (D(74), 1),
        org.proposals.pk: (D(60), 3),
        org.culture.pk: (D(60), 3),
    }
    for score in run.scores.all():
        lines = run.lines.filter(committee_id=score.committee_id)
        assert lines.aggregate(s=Sum("points"))["s"] == score.total
    economy = [(v.line.kind, v.line.points) for v in
               committee_selectors.committee_lines(run, org.economy.pk)]  # fmt: skip
    assert ("cap", D(-3)) in economy and ("record", D(-2)) in economy
    links = {v.url for v in committee_selectors.committee_lines(run, org.economy.pk) if v.url}
    assert reverse("committees:activity_detail", args=[inspection.pk]) in links


def test_bonus_cap_collective_proposals_and_members_speeches(org):
    CommitteeMembership.objects.get_or_create(
        member=org.member, committee=org.economy, defaults={"start_date": dt.date(2022, 1, 1)}
    )
    plenary = meeting(org, day(3), attendance={org.member: "present"})
    speech(plenary, org.member, "oral")
    Proposal.objects.create(
        body=org.body, year=YEAR, kind=Proposal.Kind.COLLECTIVE, status=Proposal.Status.FILED,
        organiser_kind="committee", organiser_committee=org.economy, title="关于集体提案的建议",
        reasons="理由", suggestions="建议", category="economy",
        submitted_at=at(day(2)), filed_at=at(day(3)),
    )  # fmt: skip
    committee_rules(
        org,
        [
            rule("集体提案立案", "committee_proposals", ["collective"], 8, kinds=["filed", "key"]),
            rule("大会口头发言", "committee_speeches", ["oral"], 5),
        ],
        bonus_cap=10,
    )
    run = _compute(org)
    assert totals(run)[org.economy.pk] == (D(10), 1)  # 8 + 5, brought back to 10
    kinds = list(run.lines.filter(committee=org.economy).values_list("kind", flat=True))
    assert sorted(kinds) == ["base", "bonus_cap", "record", "record"]
    assert totals(run)[org.education.pk] == (D(0), 2)


def test_a_frozen_committee_run_never_changes(org):
    held(org, org.economy, 2)
    committee_rules(org, [rule("专题调研", "committee_activities", ["held"], 5)])
    run = _compute(org)
    committee_services.run_freeze(run=run, by=org.office)
    held(org, org.economy, 3)
    with pytest.raises(ValidationError):
        _compute(org)
    run.refresh_from_db()
    assert run.status == CommitteeRun.Status.FROZEN
    assert totals(run)[org.economy.pk] == (D(5), 1)
    assert run.rule_set.status == "frozen"


def test_member_rules_and_committee_rules_of_one_year_do_not_mix(org):
    """A member rule set and a committee rule set are both in force for the year; each run
    takes its own."""
    from evaluation.scoring import services as member_services

    from .scoring_helpers import published_rules

    activity(org, day(2), attendance={org.member: "present"})
    published_rules(org, [rule("出席活动", "activities", ["present"], 2)])
    held(org, org.economy, 2)
    committee_rules(org, [rule("专题调研", "committee_activities", ["held"], 5)])
    member_run = member_services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)
    assert member_run.rule_set.target == "member"
    assert _compute(org).rule_set.target == "committee"


def test_awards_are_recorded_by_the_office_of_the_body_and_revoking_keeps_history(org, other_org):
    data = {"year": YEAR, "kind": "excellent_committee", "committee": org.economy,
            "member": None, "decision": "授予经济委员会优秀专委会", "decided_on": day(12, 20),
            "document_number": "鄂政协发〔2025〕1号"}  # fmt: skip
    award = committee_services.award_record(body_id=org.body.pk, data=data, by=org.office)
    with pytest.raises(ValidationError):  # twice the same
        committee_services.award_record(body_id=org.body.pk, data=data, by=org.office)
    with pytest.raises(PermissionDenied):  # staff are not the office
        committee_services.award_record(body_id=org.body.pk, data=data, by=org.staff)
    with pytest.raises(PermissionDenied):  # another body's office, our committee
        committee_services.award_record(body_id=other_org.body.pk, data=data, by=other_org.office)
    member_award = committee_services.award_record(
        body_id=org.body.pk,
        data={**data, "kind": "excellent_member", "member": org.member},
        by=org.office,
    )
    assert member_award.committee is None
    with pytest.raises(PermissionDenied):
        committee_services.award_revoke(award=award, by=other_org.office)
    pk = award.pk
    committee_services.award_revoke(award=award, by=org.office)
    assert not Award.objects.filter(pk=pk).exists()
    assert Award.history.filter(id=pk, history_type="-").exists()


def test_awards_show_in_the_members_dossier_and_on_the_ranking(client, org):
    committee_services.award_record(
        body_id=org.body.pk,
        data={"year": YEAR, "kind": "excellent_member", "member": org.member, "committee": None,
              "decision": "优秀委员", "decided_on": day(12, 20)},
        by=org.office,
    )  # fmt: skip
    client.force_login(org.member_user)
    page = client.get(reverse("evaluation:dossier", args=[org.member.pk, YEAR]))
    assert "优秀委员" in page.content.decode()


def test_committee_summary_draft_numbers_equal_the_records(org):
    research = [held(org, org.economy, m, "research") for m in (2, 3)]
    held(org, org.economy, 4, "sector_activity")
    held(org, org.education, 4, "research")  # another committee's
    output(org, research[0], "report")
    summary = committee_services.summary_open(committee=org.economy, year=YEAR, by=org.staff)
    sections = {s["key"]: s for s in summary.facts["sections"]}
    activities = sections["committee_activities"]["facts"]
    assert (
        len(activities)
        == Activity.objects.filter(
            owner_committee=org.economy, status=Activity.Status.HELD, starts_at__year=YEAR
        ).count()
        == 3
    )
    assert sorted(f["kind"] for f in activities) == ["research", "research", "sector_activity"]
    assert [f["at"] for f in activities][0] == day(2).isoformat()
    assert [f["role"] for f in sections["committee_outputs"]["facts"]] == ["report"]
    with pytest.raises(ValidationError):  # the overview is required to submit
        committee_services.summary_save(summary=summary, data={}, by=org.staff, submit=True)
    with pytest.raises(PermissionDenied):  # the office reads, the committee's staff write
        committee_services.summary_save(
            summary=summary, data={"overview": "x"}, by=org.office, submit=False
        )
    committee_services.summary_save(
        summary=summary, data={"overview": "全年开展调研两次"}, by=org.staff, submit=True
    )
    summary.refresh_from_db()
    assert summary.status == CommitteeSummary.Status.SUBMITTED
    with pytest.raises(ValidationError):  # returning needs a reason
        committee_services.summary_review(summary=summary, by=org.office, confirm=False)
    committee_services.summary_review(
        summary=summary, by=org.office, confirm=False, comment="补充成效"
    )
    summary.refresh_from_db()
    assert summary.status == CommitteeSummary.Status.RETURNED


def test_reopening_a_summary_writes_its_facts_only_when_the_records_changed(org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    held(org, org.economy, 2, "research")
    committee_services.summary_open(committee=org.economy, year=YEAR, by=org.staff)
    with CaptureQueriesContext(connection) as same:
        committee_services.summary_open(committee=org.economy, year=YEAR, by=org.staff)
    assert not [q for q in same.captured_queries if q["sql"].startswith("UPDATE")]
    # nor does it lock the row: twenty readers of one summary must not queue
    assert not [q for q in same.captured_queries if "FOR UPDATE" in q["sql"]]
    held(org, org.economy, 3, "research")
    summary = committee_services.summary_open(committee=org.economy, year=YEAR, by=org.staff)
    summary.refresh_from_db()
    sections = {s["key"]: s for s in summary.facts["sections"]}
    assert len(sections["committee_activities"]["facts"]) == 2


def test_whole_term_dossier_lines_equal_the_years_summed(client, org):
    activity(org, day(3), attendance={org.member: "present"})
    activity(org, dt.date(YEAR - 1, 5, 10), attendance={org.member: "absent"})
    meeting(org, dt.date(YEAR - 1, 1, 10), attendance={org.member: "leave"})
    record = member_term_dossier(org.member, org.term, with_score=lambda run: True)
    years = [y.year for y in record.years]
    assert years[0] == org.term.start_date.year and YEAR in years and YEAR - 1 in years
    for section in record.sections:
        per_year = [
            s.total
            for y in years
            for s in member_dossier(org.member, y, with_score=False).sections
            if s.key == section.key
        ]
        assert section.total == sum(per_year)
    assert record.total == sum(y.total for y in record.years) >= 3
    client.force_login(org.member_user)
    page = client.get(reverse("evaluation:term_dossier", args=[org.member.pk, org.term.pk]))
    assert page.status_code == 200
    assert f'id="term-total">{record.total}<' in page.content.decode()


def test_whole_term_dossier_costs_one_query_per_source_whatever_the_years(client, org, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.registry import score_sources

    settings.BOARD_CACHE_SECONDS = 0  # read every time (no cached rows)

    activity(org, day(3), attendance={org.member: "present"})
    client.force_login(org.member_user)
    url = reverse("evaluation:term_dossier", args=[org.member.pk, org.term.pk])
    client.get(url)  # warm the session's cached parts
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for back in range(3):
        activity(org, dt.date(YEAR - back, 4, 10), attendance={org.member: "absent"})
        meeting(org, dt.date(YEAR - back, 2, 10), attendance={org.member: "leave"})
    with CaptureQueriesContext(connection) as again:
        page = client.get(url)
    assert len(again) == len(first)
    rows = [q for q in again.captured_queries if "dossier_year" in q["sql"]]
    assert len(rows) == len(score_sources)  # one per source, not one per source and year
    assert f'id="term-total">{page.context["dossier"].total}<' in page.content.decode()
    assert page.context["dossier"].total >= 7


def test_staff_read_only_their_committees_lines_of_a_frozen_year(client, org):
    held(org, org.economy, 2)
    committee_rules(org, [rule("专题调研", "committee_activities", ["held"], 5)])
    run = _compute(org)
    client.force_login(org.staff)
    ranking = reverse("evaluation:committee_ranking", args=[YEAR])
    assert client.get(ranking).status_code == 404  # not frozen yet
    committee_services.run_freeze(run=run, by=org.office)
    assert client.get(ranking).status_code == 200
    own = reverse("evaluation:committee_score", args=[YEAR, org.economy.pk])
    other = reverse("evaluation:committee_score", args=[YEAR, org.education.pk])
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 404


def test_quota_compliance_comes_from_the_board_and_links_to_it(org):
    """The quota board's committee results of the year are copied when the run is computed;
    each met quota earns, each missed one costs, and the line opens the committee's board."""
    from importlib import import_module

    from django.apps import apps

    from evaluation.models import Quota

    if not Quota.objects.filter(body__isnull=True).exists():  # flushed by a browser test
        import_module("evaluation.migrations.0002_default_quotas").forwards(apps, None)
        import_module("evaluation.migrations.0005_document_obligations").forwards(apps, None)
    held(org, org.economy, 2, "research")
    committee_rules(
        org,
        [
            rule("完成工作指标", "committee_quotas", ["met"], 2),
            rule("未完成工作指标", "committee_quotas", ["missed"], 1, kind="deduction"),
        ],
    )
    run = _compute(org)
    results = run.quota_results.filter(committee=org.economy)
    assert results.exists()  # the default quotas of the source document
    met = results.filter(light="met").count()
    missed = results.filter(light="missed").count()
    assert missed > 0  # a past year with one activity misses most of them
    assert totals(run)[org.economy.pk][0] == 2 * met - missed
    line = run.lines.filter(committee=org.economy, source="committee_quotas").first()
    result = results.get(pk=line.record_id)
    assert line.title == result.title
    views = committee_selectors.committee_lines(run, org.economy.pk)
    url = next(v.url for v in views if v.line.pk == line.pk)
    assert url == reverse("evaluation:committee_quota_result", args=[result.pk])


def test_a_committee_rule_set_offers_the_committee_sources_only(client, org):
    from evaluation.models import Rule
    from evaluation.scoring import services as member_services

    draft = member_services.ruleset_create(
        body_id=org.body.pk,
        data={"target": "committee", "name": "专委会", "year": YEAR, "base_score": D(0),
              "excellent_min": D(85), "competent_min": D(60)},
        by=org.office,
    )  # fmt: skip
    client.force_login(org.office)
    url = reverse("evaluation:rule_create", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'value="committee_activities"' in page and 'value="proposals"' not in page
    data = {
        "indicator": "专题调研", "kind": "bonus", "source": "committee_activities",
        "roles_text": "present", "kinds_text": "research", "points": "5", "order": "0",
    }  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 422 and not Rule.objects.filter(rule_set=draft).exists()
    client.post(url, {**data, "roles_text": "held"})
    rule = Rule.objects.get(rule_set=draft)
    assert (rule.source, rule.roles, rule.kinds) == ("committee_activities", ["held"], ["research"])


def test_whole_term_dossier_is_read_once_until_a_record_of_the_body_changes(client, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    activity(org, day(3), attendance={org.member: "present"})
    client.force_login(org.member_user)
    url = reverse("evaluation:term_dossier", args=[org.member.pk, org.term.pk])
    total = client.get(url).context["dossier"].total
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    assert not [q for q in cached.captured_queries if "dossier_year" in q["sql"]]

    activity(org, day(4), attendance={org.member: "present"})  # a new record: shows at once
    with CaptureQueriesContext(connection) as fresh:
        page = client.get(url)
    assert [q for q in fresh.captured_queries if "dossier_year" in q["sql"]]
    assert page.context["dossier"].total == total + 1
    assert f'id="term-total">{total + 1}<' in page.content.decode()
