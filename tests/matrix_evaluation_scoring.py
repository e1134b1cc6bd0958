"""Permission expectations of every URL of the annual scoring, the 履职档案 and the body's
meetings (tests/test_permission_matrix.py).

Shapes: the office runs rules, runs, objections and meetings of its body (another body's
office gets 404); a committee's staff read the scores and 档案 of their committee's members
once public; a member reads his own score and 档案 and files objections; everyone else in
the body gets 403 for the office's pages and 404 for people who are not theirs."""

from __future__ import annotations

from decimal import Decimal

from evaluation.models import BodyMeeting, Objection, RuleSet, ScoringRun, Speech
from evaluation.scoring import services
from portal.models import Notification

from .conftest import Org
from .permissions import DONE, GONE, LOGIN, NO, OK, ROLES, Case, office_only
from .scoring_helpers import YEAR, activity, day, meeting, published_rules, rule


def _expect(**given: int) -> dict[str, int]:
    """Anonymous users go to the login page; roles not named get 404."""
    table = {role: GONE for role in ROLES}
    table["anon"] = LOGIN
    table.update(given)
    return table


OFFICE_PAGE = {**{r: NO for r in ROLES}, "anon": LOGIN, "office": OK, "outsider": GONE}
OFFICE_POST = {**OFFICE_PAGE, "office": DONE}


def _run(org: Org) -> ScoringRun:
    """org's year YEAR: rules published, scores computed and public (made once per org)."""
    run = ScoringRun.objects.filter(body=org.body, year=YEAR).first()
    if run is not None:
        return run
    before = set(Notification.objects.values_list("pk", flat=True))
    published_rules(org, [rule("出席活动", "activities", ["present"], 2)])
    activity(org, day(3), attendance={org.member: "present", org.other_member: "absent"})
    run = services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)
    run = services.run_publish(run=run, by=org.office)
    Notification.objects.exclude(pk__in=before).delete()
    return run


def _rule_set(org: Org) -> int:
    return _run(org).rule_set_id


def _draft(org: Org) -> RuleSet:
    draft = RuleSet.objects.filter(body=org.body, status=RuleSet.Status.DRAFT).first()
    if draft is None:
        draft = services.ruleset_copy(rule_set=_run(org).rule_set, year=YEAR + 1, by=org.office)
    return draft


def _draft_rule(org: Org) -> int:
    return _draft(org).rules.first().pk


def _objection(org: Org) -> int:
    run = _run(org)
    existing = Objection.objects.filter(run=run).first()
    if existing is not None:
        return existing.pk
    return services.objection_file(
        run=run, member=org.member, reason="矩阵测试", by=org.member_user
    ).pk


def _meeting(org: Org) -> BodyMeeting:
    existing = BodyMeeting.objects.filter(body=org.body).first()
    return existing or meeting(org, day(1), attendance={org.member: "present"})


def _speech(org: Org) -> int:
    existing = Speech.objects.filter(meeting__body=org.body).first()
    if existing is not None:
        return existing.pk
    return Speech.objects.create(
        meeting=_meeting(org), member=org.member, kind="oral", title="发言"
    ).pk


READERS = _expect(member=OK, staff=OK, office=OK)  # a member's own score and 档案
BODY_READERS = _expect(member=OK, staff=OK, office=OK)  # meetings and speeches


def _report(org: Org) -> int:
    from django.utils import timezone

    from evaluation.models import PerformanceReport

    report, _created = PerformanceReport.objects.get_or_create(
        member=org.member, year=timezone.localdate().year,
        defaults={"status": "submitted", "summary": "矩阵"},
    )  # fmt: skip
    return report.pk


def _this_year(org: Org) -> list:
    from django.utils import timezone

    return [timezone.localdate().year]


TABLE: dict[str, Case] = {
    "evaluation:my_reports": Case(expect={**{r: NO for r in ROLES}, "anon": LOGIN, "member": OK}),
    "evaluation:my_report": Case(
        args=_this_year, expect={**{r: NO for r in ROLES}, "anon": LOGIN, "member": OK}
    ),
    "evaluation:report_list": Case(
        expect={
            **{r: NO for r in ROLES},
            "anon": LOGIN,
            "office": OK,
            "staff": OK,
            "outsider": OK,
        }  # fmt: skip
    ),
    "evaluation:report_review": Case(
        args=lambda o: [_report(o)],
        expect={
            **{r: NO for r in ROLES},
            "anon": LOGIN,
            "office": OK,
            "staff": OK,
            "outsider": GONE,
        },
    ),  # fmt: skip
    "evaluation:scoring_home": Case(
        expect={
            **{r: NO for r in ROLES},
            "anon": LOGIN,
            "office": OK,
            "staff": OK,
            "outsider": OK,
        }  # fmt: skip
    ),
    "evaluation:ruleset_create": Case(expect=office_only()),
    "evaluation:ruleset_detail": Case(args=lambda o: [_rule_set(o)], expect=OFFICE_PAGE),
    "evaluation:ruleset_edit": Case(args=lambda o: [_draft(o).pk], expect=OFFICE_PAGE),
    "evaluation:ruleset_copy": Case(
        method="post",
        args=lambda o: [_rule_set(o)],
        data=lambda o: {"year": YEAR + 1},
        expect=OFFICE_POST,
    ),  # fmt: skip
    "evaluation:ruleset_publish": Case(
        method="post", args=lambda o: [_draft(o).pk], expect=OFFICE_POST
    ),
    "evaluation:ruleset_unpublish": Case(
        method="post",
        args=lambda o: [_rule_set(o)],
        data=lambda o: {"comment": "x"},
        expect=OFFICE_POST,
    ),  # fmt: skip
    "evaluation:ruleset_delete": Case(
        method="post", args=lambda o: [_draft(o).pk], expect=OFFICE_POST
    ),
    "evaluation:rule_create": Case(args=lambda o: [_draft(o).pk], expect=OFFICE_PAGE),
    "evaluation:rule_edit": Case(args=lambda o: [_draft_rule(o)], expect=OFFICE_PAGE),
    "evaluation:rule_delete": Case(
        method="post", args=lambda o: [_draft_rule(o)], expect=OFFICE_POST
    ),
    "evaluation:my_score": Case(expect={**{r: NO for r in ROLES}, "anon": LOGIN, "member": OK}),
    "evaluation:objection_resolve": Case(args=lambda o: [_objection(o)], expect=OFFICE_PAGE),
    "evaluation:run_detail": Case(
        args=lambda o: [_run(o).year],
        expect={
            **{r: NO for r in ROLES},
            "anon": LOGIN,
            "office": OK,
            "staff": OK,
            "outsider": GONE,
        },
    ),  # fmt: skip
    "evaluation:run_compute": Case(
        method="post",
        args=lambda o: [_run(o).year],
        expect={**OFFICE_POST, "outsider": DONE},  # its own body: no rules, told so
    ),  # fmt: skip
    "evaluation:run_compute_year": Case(
        method="post", data=lambda o: {"year": YEAR}, expect={**OFFICE_POST, "outsider": DONE}
    ),
    "evaluation:run_publish": Case(
        method="post", args=lambda o: [_run(o).year], expect=OFFICE_POST
    ),
    "evaluation:run_withdraw": Case(
        method="post",
        args=lambda o: [_run(o).year],
        data=lambda o: {"comment": "x"},
        expect=OFFICE_POST,
    ),  # fmt: skip
    "evaluation:run_freeze": Case(method="post", args=lambda o: [_run(o).year], expect=OFFICE_POST),
    "evaluation:run_report": Case(method="post", args=lambda o: [_run(o).year], expect=OFFICE_POST),
    "evaluation:run_dossiers": Case(
        method="post", args=lambda o: [_run(o).year], expect=OFFICE_POST
    ),
    "evaluation:objection_list": Case(args=lambda o: [_run(o).year], expect=OFFICE_PAGE),
    "evaluation:objection_file": Case(
        method="post",
        args=lambda o: [_run(o).year],
        data=lambda o: {"reason": "我有异议"},
        expect={**{r: NO for r in ROLES}, "anon": LOGIN, "member": DONE},
    ),
    "evaluation:member_score": Case(args=lambda o: [_run(o).year, o.member.pk], expect=READERS),
    "evaluation:my_dossier": Case(expect={**{r: NO for r in ROLES}, "anon": LOGIN, "member": DONE}),
    "evaluation:dossier": Case(args=lambda o: [o.member.pk, YEAR], expect=READERS),
    "evaluation:dossier_pdf": Case(args=lambda o: [o.member.pk, YEAR], expect=READERS),
    "evaluation:meeting_list": Case(expect=office_only()),
    "evaluation:meeting_detail": Case(args=lambda o: [_meeting(o).pk], expect=BODY_READERS),
    "evaluation:speech_add": Case(
        method="post",
        args=lambda o: [_meeting(o).pk],
        data=lambda o: {"member": o.member.pk, "kind": "written", "title": "书面发言"},
        expect=OFFICE_POST,
    ),
    "evaluation:speech_detail": Case(args=lambda o: [_speech(o)], expect=BODY_READERS),
}


# ---- committees' evaluation, awards, summaries, whole-term 档案 ---------------------------


def _committee_run(org: Org):
    """org's committee run of YEAR, computed and frozen (made once per org)."""
    from evaluation.committee_scoring import services as committee_services
    from evaluation.models import CommitteeQuotaResult, CommitteeRun

    from .committee_scoring_helpers import committee_rules, held

    run = CommitteeRun.objects.filter(body=org.body, year=YEAR).first()
    if run is not None:
        return run
    held(org, org.economy, 2)
    committee_rules(org, [rule("专题调研", "committee_activities", ["held"], 5)])
    run = committee_services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)
    CommitteeQuotaResult.objects.create(
        run=run, committee=org.economy, quota_code="Q1", title="Q1 活动", period="2025",
        value=1, target=2, light="missed", at=run.computed_at,
    )  # fmt: skip
    return committee_services.run_freeze(run=run, by=org.office)


def _quota_result(org: Org) -> int:
    return _committee_run(org).quota_results.filter(committee=org.economy).first().pk


def _award(org: Org) -> int:
    from evaluation.models import Award

    award = Award.objects.filter(body=org.body).first()
    if award is None:
        award = Award.objects.create(
            body=org.body, year=YEAR, kind="excellent_committee", committee=org.economy,
            decision="表彰", decided_on=day(12), recorded_by=org.office,
        )  # fmt: skip
    return award.pk


def _summary(org: Org) -> int:
    from django.utils import timezone

    from evaluation.models import CommitteeSummary

    summary, _created = CommitteeSummary.objects.get_or_create(
        committee=org.economy, year=timezone.localdate().year,
        defaults={"status": "submitted", "overview": "矩阵"},
    )  # fmt: skip
    return summary.pk


STAFF_AND_OFFICE = {**{r: NO for r in ROLES}, "anon": LOGIN, "office": OK, "staff": OK}
BODY_PEOPLE = {**{r: OK for r in ROLES}, "anon": LOGIN}

TABLE.update(
    {
        "evaluation:committee_run_compute": Case(
            method="post", data=lambda o: {"year": YEAR}, expect={**OFFICE_POST, "outsider": DONE}
        ),
        "evaluation:committee_ranking": Case(
            args=lambda o: [_committee_run(o).year], expect={**STAFF_AND_OFFICE, "outsider": GONE}
        ),
        "evaluation:committee_run_freeze": Case(
            method="post", args=lambda o: [_committee_run(o).year], expect=OFFICE_POST
        ),
        "evaluation:committee_score": Case(
            args=lambda o: [_committee_run(o).year, o.economy.pk],
            expect={**STAFF_AND_OFFICE, "outsider": GONE},
        ),
        "evaluation:committee_quota_result": Case(
            args=lambda o: [_quota_result(o)],
            expect={**STAFF_AND_OFFICE, "office": DONE, "staff": DONE, "outsider": GONE},
        ),
        "evaluation:award_list": Case(expect=BODY_PEOPLE),
        "evaluation:award_revoke": Case(
            method="post", args=lambda o: [_award(o)], expect=OFFICE_POST
        ),
        "evaluation:summary_list": Case(expect={**STAFF_AND_OFFICE, "outsider": OK}),
        "evaluation:summary": Case(
            args=lambda o: [o.economy.pk, _this_year(o)[0]],
            expect={**STAFF_AND_OFFICE, "outsider": GONE},
        ),
        "evaluation:summary_pdf": Case(
            args=lambda o: [o.economy.pk, _this_year(o)[0]],
            expect={**STAFF_AND_OFFICE, "outsider": GONE},
        ),
        "evaluation:summary_review": Case(
            method="post",
            args=lambda o: [_summary(o)],
            data=lambda o: {"decision": "confirm"},
            expect={**STAFF_AND_OFFICE, "office": DONE, "staff": NO, "outsider": GONE},
        ),
        "evaluation:term_dossier": Case(args=lambda o: [o.member.pk, o.term.pk], expect=READERS),
        "evaluation:term_dossier_pdf": Case(
            args=lambda o: [o.member.pk, o.term.pk], expect=READERS
        ),
    }
)

__all__ = ["Decimal"]
