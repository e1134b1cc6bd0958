"""The scoring pages as each person uses them: the office edits, publishes, computes,
publishes the scores and resolves objections in the browser's forms; a member reads his
lines and objects; nobody reads another member's or another body's scores (IDOR); the
member's 履职档案 lists exactly his records; the annual report job."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.dossier import member_dossier
from evaluation.models import MeetingAttendance, Objection, Rule, RuleSet, ScoreLine, ScoringRun
from evaluation.scoring import services
from portal.jobs import job_start
from portal.models import Job

from .committee_work_helpers import new_member
from .scoring_helpers import (
    YEAR,
    activity,
    day,
    meeting,
    proposal,
    published_rules,
    rule,
    scores,
    speech,
)
from .test_pdf import pdf_fonts, pdf_text, squeeze

D = Decimal


@pytest.fixture
def public_run(org, django_capture_on_commit_callbacks):
    published_rules(org, [rule("出席活动", "activities", ["present"], 2)])
    activity(org, day(3), attendance={org.member: "present", org.other_member: "absent"})
    run = services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)
    with django_capture_on_commit_callbacks(execute=True):
        return services.run_publish(run=run, by=org.office)


def test_the_office_builds_and_publishes_a_rule_set_through_the_forms(org, client):
    client.force_login(org.office)
    response = client.post(
        reverse("evaluation:ruleset_create"),
        {"name": "2025年度考评", "year": YEAR, "base_score": "70", "bonus_cap": "50",
         "excellent_min": "85", "competent_min": "60"},
    )  # fmt: skip
    rule_set = RuleSet.objects.get(body=org.body)
    assert response.status_code == 302
    bad = client.post(
        reverse("evaluation:rule_create", args=[rule_set.pk]),
        {"indicator": "出席", "kind": "bonus", "source": "activities", "roles_text": "presnt",
         "points": "2", "order": "0"},
    )  # fmt: skip
    assert bad.status_code == 422
    assert "来源没有这些身份" in bad.content.decode() and 'value="出席"' in bad.content.decode()
    assert not Rule.objects.filter(rule_set=rule_set).exists()
    ok = client.post(
        reverse("evaluation:rule_create", args=[rule_set.pk]),
        {"indicator": "出席", "kind": "bonus", "source": "activities", "roles_text": "present",
         "kinds_text": "research, theory_study", "points": "2", "cap": "20", "order": "0"},
    )  # fmt: skip
    assert ok.status_code == 302
    saved = Rule.objects.get(rule_set=rule_set)
    assert (saved.roles, saved.kinds, saved.cap) == (["present"], ["research", "theory_study"], 20)
    client.post(reverse("evaluation:ruleset_publish", args=[rule_set.pk]))
    rule_set.refresh_from_db()
    assert rule_set.status == RuleSet.Status.PUBLISHED
    page = client.get(reverse("evaluation:ruleset_detail", args=[rule_set.pk])).content.decode()
    assert "rule_edit" not in page and "添加细则" not in page


def test_the_office_computes_publishes_and_sees_the_ranking(org, client):
    published_rules(org, [rule("出席活动", "activities", ["present"], 2)])
    activity(org, day(3), attendance={org.member: "present"})
    client.force_login(org.office)
    assert client.post(reverse("evaluation:run_compute", args=[YEAR])).status_code == 302
    page = client.get(reverse("evaluation:run_detail", args=[YEAR])).content.decode()
    assert "72.00" in page and "run-publish" in page
    client.post(reverse("evaluation:run_publish", args=[YEAR]))
    assert ScoringRun.objects.get().status == ScoringRun.Status.PUBLIC


def test_a_member_sees_his_lines_linked_to_their_records_and_objects(org, client, public_run):
    client.force_login(org.member_user)
    url = reverse("evaluation:member_score", args=[YEAR, org.member.pk])
    page = client.get(url).content.decode()
    record = public_run.lines.get(member=org.member, kind=ScoreLine.Kind.RECORD)
    assert reverse("committees:activity_detail", args=[record.record_id]) in page
    assert 'id="lines-total">72.00' in page and "提交异议" in page
    response = client.post(
        reverse("evaluation:objection_file", args=[YEAR]),
        {"line": record.pk, "reason": "我出席了两次"},
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.member, objection.line) == (org.member, record)


def test_an_empty_objection_is_refused_and_shown_again(org, client, public_run):
    client.force_login(org.member_user)
    response = client.post(reverse("evaluation:objection_file", args=[YEAR]), {"reason": " "})
    assert response.status_code == 422
    assert not Objection.objects.exists()


def test_a_member_cannot_read_or_object_to_another_members_score(org, client, public_run):
    client.force_login(org.member_user)
    other = reverse("evaluation:member_score", args=[YEAR, org.other_member.pk])
    assert client.get(other).status_code == 404
    assert (
        client.get(reverse("evaluation:dossier", args=[org.other_member.pk, YEAR])).status_code
        == 404
    )
    assert (
        client.get(reverse("evaluation:dossier_pdf", args=[org.other_member.pk, YEAR])).status_code
        == 404
    )
    their_line = public_run.lines.filter(member=org.other_member).first()
    response = client.post(
        reverse("evaluation:objection_file", args=[YEAR]), {"line": their_line.pk, "reason": "x"}
    )
    assert response.status_code == 422  # not one of his lines: the form refuses it
    assert not Objection.objects.exists()


def test_mass_assignment_of_points_changes_nothing(org, client, public_run):
    client.force_login(org.member_user)
    client.post(
        reverse("evaluation:objection_file", args=[YEAR]),
        {"reason": "x", "points": "100", "status": "adjusted", "member": org.other_member.pk},
    )
    objection = Objection.objects.get()
    assert (objection.status, objection.member, objection.adjustment) == ("open", org.member, None)
    assert scores(public_run)[org.member.pk] == D(72)


def test_the_office_resolves_an_objection_with_an_adjustment(org, client, public_run):
    objection = services.objection_file(
        run=public_run, member=org.member, reason="漏记", by=org.member_user
    )
    client.force_login(org.office)
    url = reverse("evaluation:objection_resolve", args=[objection.pk])
    missing = client.post(url, {"decision": "adjust", "response": "补记"})
    assert missing.status_code == 422 and "不为零的调整分值" in missing.content.decode()
    client.post(url, {"decision": "adjust", "points": "2", "response": "补记一次活动"})
    objection.refresh_from_db()
    assert objection.status == "adjusted" and scores(public_run)[org.member.pk] == D(74)
    client.force_login(org.member_user)
    page = client.get(
        reverse("evaluation:member_score", args=[YEAR, org.member.pk])
    ).content.decode()
    assert "补记一次活动" in page and "74.00" in page


def test_staff_see_their_committees_members_only(org, client, public_run):
    outsider = new_member(org, name="教育界委员", sector=org.education_sector)
    services.run_withdraw(run=public_run, by=org.office, comment="补人")
    run = services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)
    services.run_publish(run=run, by=org.office)
    client.force_login(org.staff)
    page = client.get(reverse("evaluation:run_detail", args=[YEAR])).content.decode()
    assert org.member.name in page and outsider.name not in page
    assert (
        client.get(reverse("evaluation:member_score", args=[YEAR, outsider.pk])).status_code == 404
    )
    assert client.get(reverse("evaluation:dossier", args=[outsider.pk, YEAR])).status_code == 404


def test_staff_read_the_dossier_without_links_the_member_and_office_with_them(org, client):
    """Committee staff may read a member's 档案, not open every record in it (a 社情民意
    item is the editors'): the lines are titles for them, links for him and the office."""
    happened = activity(org, day(3), attendance={org.member: "present"})
    url = reverse("evaluation:dossier", args=[org.member.pk, YEAR])
    record = reverse("committees:activity_detail", args=[happened.pk])
    for user, linked in ((org.member_user, True), (org.office, True), (org.staff, False)):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert happened.topic in page
        assert (f'href="{record}"' in page) is linked, user


def test_nobody_reads_another_bodys_members(org, other_org, client, public_run):
    client.force_login(other_org.office)
    assert client.get(reverse("evaluation:dossier", args=[org.member.pk, YEAR])).status_code == 404
    assert client.get(reverse("evaluation:run_detail", args=[YEAR])).status_code == 404
    objection = services.objection_file(run=public_run, member=org.member, reason="x",
                                        by=org.member_user)  # fmt: skip
    response = client.post(
        reverse("evaluation:objection_resolve", args=[objection.pk]),
        {"decision": "adjust", "points": "50", "response": "越权"},
    )
    assert response.status_code == 404
    assert scores(public_run)[org.member.pk] == D(72)


def test_the_ranking_page_costs_the_same_queries_with_more_members(org, client):
    published_rules(org, [rule("出席活动", "activities", ["present"], 2)])
    services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)
    client.force_login(org.office)
    url = reverse("evaluation:run_detail", args=[YEAR])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(12):
        new_member(org, name=f"委员{i}")
    services.run_compute(body_id=org.body.pk, year=YEAR, by=org.office)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "委员11" in page
    assert len(many) == len(few)


def test_the_dossier_lists_every_record_of_the_year_and_costs_one_query_per_source(org, client):
    m1 = meeting(org, day(1), attendance={org.member: "leave"})
    speech(m1, org.member, kind="written")
    activity(org, day(3), attendance={org.member: "present"})
    activity(org, day(4), attendance={org.member: "absent"})
    activity(org, day(5), attendance={org.other_member: "present"})
    proposal(org, org.member, day(6), co=[org.other_member])
    proposal(org, org.other_member, day(7), co=[org.member], status="not_filed")
    proposal(org, org.member, day(8), year=YEAR - 1)
    client.force_login(org.member_user)
    url = reverse("evaluation:dossier", args=[org.member.pk, YEAR])
    client.get(url)  # warm: the first request of a session loads what is cached afterwards
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    page = response.content.decode()
    context = response.context["dossier"]
    counts = {s.key: s.total for s in context.sections}
    # Every registered source has a section; the other modules' have nothing of his.
    expected = {"meetings": 1, "speeches": 1, "proposals": 2, "activities": 2}
    assert set(expected) <= set(counts)
    assert {key: n for key, n in counts.items() if n} == expected
    assert MeetingAttendance.objects.filter(member=org.member).count() == 1
    assert "不予立案" in page and "请假" in page and "书面发言" in page
    for _i in range(5):
        activity(org, day(9), attendance={org.member: "present"})
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    assert len(again) == len(queries)


def test_the_dossier_pdf_has_cjk_fonts_and_the_records(org, client, tmp_path):
    activity(org, day(3), attendance={org.member: "present"})
    client.force_login(org.member_user)
    response = client.get(reverse("evaluation:dossier_pdf", args=[org.member.pk, YEAR]))
    assert response["Content-Type"] == "application/pdf"
    assert "Noto" in pdf_fonts(response.content, tmp_path)
    text = squeeze(pdf_text(response.content, tmp_path))
    assert "年度履职档案" in text and "专题调研" in text


def test_the_annual_report_job_reports_progress_and_the_right_numbers(
    org, tmp_path, public_run, django_capture_on_commit_callbacks
):
    steps = []
    from evaluation.scoring.report import annual_report_job

    job = Job(kind="scoring_annual_report", params={"run_id": public_run.pk}, body=org.body,
              created_by=org.office)  # fmt: skip
    output = annual_report_job(job, lambda done, total, step: steps.append((done, total, step)))
    assert steps[0][0] == 0 and steps[-1][0] == steps[-1][1]  # progress advances to the end
    assert "Noto" in pdf_fonts(output.content, tmp_path)
    text = squeeze(pdf_text(output.content, tmp_path))
    assert "参加考评委员2人" in text
    assert "出席率" in text and "50.0%" in text  # one present, one absent
    assert org.member.name in text and "72.00" in text


def test_the_annual_report_job_runs_through_portal_jobs_and_reports_failure(
    org, client, public_run, django_capture_on_commit_callbacks
):
    client.force_login(org.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluation:run_report", args=[YEAR]))
    job = Job.objects.get(kind="scoring_annual_report")
    assert response["Location"] == reverse("portal:job_detail", args=[job.pk])
    assert (job.status, job.progress) == (Job.Status.DONE, 100)
    with django_capture_on_commit_callbacks(execute=True):
        gone = job_start(
            kind="scoring_annual_report", title="x", params={"run_id": 0}, by=org.office
        )
    gone.refresh_from_db()
    assert gone.status == Job.Status.FAILED and "不存在" in gone.error


def test_the_office_records_meeting_attendance_and_keeps_what_was_typed(org, client):
    client.force_login(org.office)
    response = client.post(
        reverse("evaluation:meeting_list"),
        {"kind": "plenary", "title": "五届一次全会", "starts_at": f"{YEAR}-01-10T09:00"},
    )
    assert response.status_code == 302
    rows = {a.member_id: a for a in MeetingAttendance.objects.all()}
    assert {rows[org.member.pk].status, rows[org.other_member.pk].status} == {"present"}
    url = response["Location"]
    a, b = rows[org.member.pk], rows[org.other_member.pk]
    bad = client.post(
        url, {f"status_{a.pk}": "absent", f"status_{b.pk}": "leave", f"reason_{b.pk}": ""}
    )
    assert bad.status_code == 422 and "请填写请假事由" in bad.content.decode()
    a.refresh_from_db()
    assert a.status == "present"  # all or nothing
    assert 'value="absent" selected' in bad.content.decode()
    client.post(
        url, {f"status_{a.pk}": "absent", f"status_{b.pk}": "leave", f"reason_{b.pk}": "住院"}
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status, b.reason) == ("absent", "leave", "住院")


def test_every_members_dossier_in_one_pdf_job(org, tmp_path, public_run):
    from evaluation.dossier import body_dossiers
    from evaluation.scoring.report import all_dossiers_job
    from members.models import Member
    from portal.registry import score_sources

    members = list(Member.objects.filter(body=org.body))
    with CaptureQueriesContext(connection) as queries:
        dossiers = body_dossiers(org.body.pk, YEAR, members)
    assert len(queries) == len(score_sources) + 2  # a query per source, the run, the scores
    mine = next(d for d in dossiers if d.member == org.member)
    assert mine.sections == member_dossier(org.member, YEAR, with_score=True).sections
    steps = []
    job = Job(kind="scoring_all_dossiers", params={"run_id": public_run.pk}, body=org.body,
              created_by=org.office)  # fmt: skip
    output = all_dossiers_job(job, lambda done, total, step: steps.append((done, total)))
    assert steps[-1][0] == steps[-1][1]
    text = squeeze(pdf_text(output.content, tmp_path))
    assert org.member.name in text and org.other_member.name in text
