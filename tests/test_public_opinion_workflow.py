"""The states of 社情民意 (public_opinion.workflow): every move allowed and refused, with
nothing changed on refusal; co-author confirmation; numbering; merge credits; adoptions,
批示 and forwarding across two bodies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portal.models import TransitionLog
from portal.workflow import transitions_of
from public_opinion import services
from public_opinion.models import (
    Adoption,
    AdoptionLevel,
    Author,
    Forwarding,
    Instruction,
    RejectionReason,
    Report,
)
from public_opinion.workflow import REPORT

from .public_opinion_helpers import (
    accepted_report,
    draft,
    info_editor,
    joint_report,
    member_report,
    submitted_report,
)

S = Report.Status
pytestmark = pytest.mark.django_db


def _snapshot(report: Report) -> tuple:
    report.refresh_from_db()
    logs = TransitionLog.objects.filter(object_id=report.pk).count()
    return (report.status, report.serial, report.number, report.version, logs)


def _refused(call, report: Report, error=ValidationError) -> None:
    before = _snapshot(report)
    with pytest.raises(error):
        call()
    assert _snapshot(report) == before


def test_it_submits_a_draft_to_the_queue(org):
    report = member_report(org)
    assert report.status == S.DRAFT
    assert report.kind == Report.Kind.INDIVIDUAL
    services.report_submit(report=report, by=org.member_user)
    report.refresh_from_db()
    assert report.status == S.SUBMITTED
    assert report.submitted_at is not None
    assert report.sector_group_id == org.economy_group.pk
    assert [(log.from_state, log.to_state) for log in transitions_of(report)] == [
        ("draft", "submitted")
    ]


def test_it_refuses_submission_by_anyone_but_the_writer(org):
    report = member_report(org)
    _refused(lambda: services.report_submit(report=report, by=org.other_member_user), report,
             PermissionDenied)  # fmt: skip
    _refused(lambda: services.report_submit(report=report, by=info_editor(org)), report,
             PermissionDenied)  # fmt: skip


def test_it_refuses_to_submit_twice(org):
    report = submitted_report(org)
    _refused(lambda: services.report_submit(report=report, by=org.member_user), report)


def test_accept_numbers_items_of_the_year_in_order(org):
    editor = info_editor(org)
    first = services.report_accept(report=submitted_report(org), by=editor)
    second = services.report_accept(report=submitted_report(org, title="第二条"), by=editor)
    year = timezone.localdate().year
    assert first.number == f"{year}-0001"
    assert second.number == f"{year}-0002"
    assert first.status == S.ACCEPTED


def test_accept_is_refused_to_members_staff_and_twice(org):
    report = submitted_report(org)
    for user in (org.member_user, org.staff, org.editor):  # editor: 文史编审, not 信息编辑
        _refused(lambda u=user: services.report_accept(report=report, by=u), report)
    services.report_accept(report=report, by=info_editor(org))
    _refused(lambda: services.report_accept(report=report, by=info_editor(org)), report)


def test_the_office_acts_as_editor(org):
    report = services.report_accept(report=submitted_report(org), by=org.office)
    assert report.status == S.ACCEPTED


def test_editors_of_another_body_cannot_decide(org, other_org):
    report = submitted_report(org)
    _refused(lambda: services.report_accept(report=report, by=info_editor(other_org)), report)


def test_return_needs_a_comment_and_the_writer_resubmits(org):
    editor = info_editor(org)
    report = submitted_report(org)
    _refused(lambda: services.report_return(report=report, comment=" ", by=editor), report)
    services.report_return(report=report, comment="请补充具体数据", by=editor)
    report.refresh_from_db()
    assert report.status == S.RETURNED
    assert report.editor_comment == "请补充具体数据"
    services.report_update(
        report=report, draft=draft(situation="补充后的情况"), version=report.version,
        by=org.member_user,
    )  # fmt: skip
    services.report_submit(report=report, by=org.member_user)
    report.refresh_from_db()
    assert report.status == S.SUBMITTED
    assert report.situation == "补充后的情况"


def test_reject_needs_a_reason_of_the_body(org, other_org):
    editor = info_editor(org)
    report = submitted_report(org)
    foreign = RejectionReason.objects.filter(body=other_org.body).first()
    _refused(lambda: services.report_reject(report=report, reason=foreign, by=editor), report)
    reason = RejectionReason.objects.filter(body=org.body).first()
    services.report_reject(report=report, reason=reason, by=editor)
    report.refresh_from_db()
    assert report.status == S.REJECTED and report.rejection_reason == reason
    # Nothing more happens to a rejected item.
    _refused(lambda: services.report_accept(report=report, by=editor), report)


def test_standard_reasons_and_levels_are_data_of_each_body(org):
    assert RejectionReason.objects.filter(body=org.body).count() == 7
    levels = list(AdoptionLevel.objects.filter(body=org.body).values_list("code", flat=True))
    assert levels[0] == "city_bulletin" and "region" in levels and len(levels) == 5


def test_pass_on_to_proposal_or_department(org):
    editor = info_editor(org)
    a = submitted_report(org)
    services.report_pass_on(report=a, target=S.TO_PROPOSAL, by=editor)
    b = submitted_report(org, title="另一条")
    _refused(lambda: services.report_pass_on(report=b, target=S.TO_DEPARTMENT, by=editor), b)
    services.report_pass_on(report=b, target=S.TO_DEPARTMENT, comment="市住建局", by=editor)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == (S.TO_PROPOSAL, S.TO_DEPARTMENT)


def test_writer_withdraws_before_acceptance_only(org):
    report = submitted_report(org)
    services.report_withdraw(report=report, by=org.member_user)
    report.refresh_from_db()
    assert report.status == S.WITHDRAWN
    accepted = accepted_report(org, title="已受理")
    _refused(lambda: services.report_withdraw(report=accepted, by=org.member_user), accepted)


def test_every_transition_of_the_table_refuses_an_outsider(org, other_org):
    """For each (source, target) of the table, a report in source refuses target for a
    person of another body, and nothing changes."""
    report = member_report(org)
    for (source, target), _t in REPORT._table.items():
        Report.objects.filter(pk=report.pk).update(status=source)
        report.refresh_from_db()
        before = _snapshot(report)
        with pytest.raises(ValidationError):
            REPORT.move(report, target, by=other_org.office)
        assert _snapshot(report) == before


def test_collective_item_by_committee_staff(org):
    report = services.report_create(
        body_id=org.body.pk, draft=draft(organiser_committee=org.economy), by=org.staff
    )
    assert report.kind == Report.Kind.COLLECTIVE
    services.report_submit(report=report, by=org.staff)
    report.refresh_from_db()
    assert report.status == S.SUBMITTED and report.committee_id == org.economy.pk
    # Not in the name of a committee the staff does not work for.
    with pytest.raises(ValidationError):
        services.report_create(
            body_id=org.body.pk, draft=draft(organiser_committee=org.education), by=org.staff
        )
    group_item = services.report_create(
        body_id=org.body.pk, draft=draft(organiser_sector_group=org.economy_group), by=org.staff
    )
    assert group_item.organiser_sector_group == org.economy_group


def test_staff_without_a_member_record_cannot_write_a_personal_item(org):
    with pytest.raises(ValidationError):
        services.report_create(body_id=org.body.pk, draft=draft(), by=org.staff)


# ---- co-authors -----------------------------------------------------------------------------


def test_coauthors_confirm_then_it_goes_to_the_queue(org):
    report = member_report(org, coauthors=[org.other_member])
    assert report.kind == Report.Kind.JOINT
    services.report_submit(report=report, by=org.member_user)
    report.refresh_from_db()
    assert report.status == S.AWAITING_COAUTHORS
    author = Author.objects.get(report=report, member=org.other_member)
    # Only the invited member answers for himself.
    with pytest.raises(ValidationError):
        services.coauthor_answer(author=author, confirm=True, by=org.member_user)
    services.coauthor_answer(author=author, confirm=True, by=org.other_member_user)
    report.refresh_from_db()
    author.refresh_from_db()
    assert author.status == Author.Status.CONFIRMED
    assert report.status == S.SUBMITTED
    with pytest.raises(ValidationError):
        services.coauthor_answer(author=author, confirm=False, by=org.other_member_user)


def test_a_declined_coauthor_leaves_an_individual_item(org):
    report = joint_report(org, [org.other_member], confirm=False)
    author = Author.objects.get(report=report, member=org.other_member)
    services.coauthor_answer(author=author, confirm=False, by=org.other_member_user)
    report.refresh_from_db()
    assert report.status == S.SUBMITTED and report.kind == Report.Kind.INDIVIDUAL


def test_writer_recalls_from_confirmation(org):
    report = joint_report(org, [org.other_member], confirm=False)
    services.report_recall(report=report, by=org.member_user)
    report.refresh_from_db()
    assert report.status == S.DRAFT
    _refused(lambda: services.report_recall(report=report, by=org.member_user), report)


# ---- editing ---------------------------------------------------------------------------------


def test_editing_keeps_the_original_and_its_history(org):
    editor = info_editor(org)
    report = submitted_report(org)
    original = report.situation
    services.report_edit(
        report=report, title=report.title, situation="编辑后的情况", analysis=report.analysis,
        suggestions=report.suggestions, version=report.version, by=editor,
    )  # fmt: skip
    report.refresh_from_db()
    assert report.situation == original
    assert report.edited_situation == "编辑后的情况"
    assert report.edited_title == ""  # unchanged: not copied
    assert report.final_situation == "编辑后的情况"
    last = report.history.first()
    assert last.history_user == editor and last.edited_situation == "编辑后的情况"
    # A stale copy is refused.
    _refused(
        lambda: services.report_edit(
            report=report, title="x", situation="y", analysis="", suggestions="z",
            version=report.version - 1, by=editor,
        ),
        report,
    )  # fmt: skip
    # The author may not use the editors' edit.
    with pytest.raises(PermissionDenied):
        services.report_edit(
            report=report, title="x", situation="y", analysis="", suggestions="z",
            version=report.version, by=org.member_user,
        )  # fmt: skip


def test_author_cannot_change_a_submitted_item(org):
    report = submitted_report(org)
    with pytest.raises(ValidationError):
        services.report_update(
            report=report, draft=draft(title="改"), version=report.version, by=org.member_user
        )
    report.refresh_from_db()
    assert report.title != "改"


# ---- merge -----------------------------------------------------------------------------------


def test_merge_credits_every_original_author(org):
    editor = info_editor(org)
    a = joint_report(org, [org.other_member])
    b = submitted_report(org, user=org.other_member_user, title="同一问题的另一条")
    c = services.report_create(
        body_id=org.body.pk, draft=draft(organiser_committee=org.economy, title="集体"),
        by=org.staff,
    )  # fmt: skip
    services.report_submit(report=c, by=org.staff)
    combined = services.reports_merge(
        reports=[a, b, c], title="综合：加装电梯", situation="综合情况", analysis="",
        suggestions="综合建议", topic=Report.Topic.LIVELIHOOD, by=editor,
    )  # fmt: skip
    assert combined.kind == Report.Kind.COMBINED and combined.status == S.ACCEPTED
    assert combined.number
    credited = list(combined.authors.order_by("order").values_list("member_id", "role"))
    assert credited == [(org.member.pk, "first"), (org.other_member.pk, "co")]
    for original in (a, b, c):
        original.refresh_from_db()
        assert original.status == S.MERGED and original.merged_into == combined


def test_merge_refuses_items_not_in_the_queue_and_changes_nothing(org):
    editor = info_editor(org)
    a = submitted_report(org)
    draft_item = member_report(org, title="草稿")
    with pytest.raises(ValidationError):
        services.reports_merge(
            reports=[a, draft_item], title="t", situation="s", analysis="", suggestions="g",
            topic="other", by=editor,
        )  # fmt: skip
    a.refresh_from_db()
    assert a.status == S.SUBMITTED
    assert not Report.objects.filter(kind=Report.Kind.COMBINED).exists()


# ---- issues, adoptions, instructions --------------------------------------------------------


def test_issue_publishes_items_with_their_bulletin_adoption(org):
    editor = info_editor(org)
    a = accepted_report(org)
    b = accepted_report(org, title="第二条")
    issue = services.issue_create(
        body_id=org.body.pk, year=2026, signer="张主任", recipients="市委、市政府领导", by=editor
    )
    assert issue.number == 1
    services.issue_set_entries(issue=issue, report_ids=[b.pk, a.pk], by=editor)
    assert list(issue.entries.values_list("report_id", flat=True)) == [b.pk, a.pk]
    services.issue_publish(issue=issue, by=editor)
    issue.refresh_from_db()
    assert issue.status == "published" and issue.pdf.name
    assert issue.pdf.open("rb").read(5) == b"%PDF-"
    for r in (a, b):
        r.refresh_from_db()
        assert r.status == S.PUBLISHED
        assert Adoption.objects.get(report=r).level.code == "city_bulletin"
    with pytest.raises(ValidationError):
        services.issue_publish(issue=issue, by=editor)
    second = services.issue_create(
        body_id=org.body.pk, year=2026, signer="张主任", recipients="市委", by=editor
    )
    assert second.number == 2
    with pytest.raises(ValidationError):  # already published items cannot go in again
        services.issue_set_entries(issue=second, report_ids=[a.pk], by=editor)


def test_adoption_and_instruction_records(org):
    editor = info_editor(org)
    report = accepted_report(org)
    level = AdoptionLevel.objects.get(body=org.body, code="region")
    day = timezone.localdate()
    services.adoption_record(
        report=report, level=level, adopted_on=day, outlet="自治区政协《信息专报》", by=editor
    )
    report.refresh_from_db()
    assert report.status == S.ADOPTED
    with pytest.raises(ValidationError):  # the same record twice
        services.adoption_record(report=report, level=level, adopted_on=day, by=editor)
    with pytest.raises(ValidationError):
        services.adoption_record(
            report=report, level=level, adopted_on=day + dt.timedelta(days=1), by=editor
        )
    assert Adoption.objects.filter(report=report).count() == 1
    services.instruction_record(
        report=report,
        data=services.InstructionData(
            leader="李市长", level="city", instructed_on=day, text="请住建局研究落实。",
            department="市住建局",
        ),
        by=editor,
    )  # fmt: skip
    assert Instruction.objects.get(report=report).department == "市住建局"
    with pytest.raises(PermissionDenied):
        services.adoption_record(report=report, level=level, adopted_on=day, by=org.member_user)


def test_adoption_refused_for_an_item_not_accepted(org):
    editor = info_editor(org)
    report = submitted_report(org)
    level = AdoptionLevel.objects.get(body=org.body, code="region")
    _refused(
        lambda: services.adoption_record(
            report=report, level=level, adopted_on=timezone.localdate(), by=editor
        ),
        report,
    )


# ---- across bodies ---------------------------------------------------------------------------


def test_forwarding_up_and_crediting_back(org, other_org):
    """A district body forwards an item to its parent; the parent's editor accepts it into
    its own queue; an adoption recorded there is credited to the original authors."""
    org.body.parent = other_org.body
    org.body.save()
    lower_editor, upper_editor = info_editor(org), info_editor(other_org)
    report = accepted_report(org)
    assert services.forward_targets(org.body.pk) == [other_org.body]
    with pytest.raises(PermissionDenied):
        services.report_forward(report=report, to_body=other_org.body, by=org.member_user)
    forwarding = services.report_forward(report=report, to_body=other_org.body, by=lower_editor)
    with pytest.raises(ValidationError):
        services.report_forward(report=report, to_body=other_org.body, by=lower_editor)
    # Only the receiving body's editors accept.
    with pytest.raises(PermissionDenied):
        services.forwarding_accept(forwarding=forwarding, by=lower_editor)
    copy = services.forwarding_accept(forwarding=forwarding, by=upper_editor)
    assert copy.body_id == other_org.body.pk and copy.status == S.SUBMITTED
    assert copy.origin == report and copy.title == report.final_title
    with pytest.raises(ValidationError):
        services.forwarding_accept(forwarding=forwarding, by=upper_editor)
    copy = services.report_accept(report=copy, by=upper_editor)
    level = AdoptionLevel.objects.get(body=other_org.body, code="region")
    services.adoption_record(
        report=copy, level=level, adopted_on=timezone.localdate(), by=upper_editor
    )
    from public_opinion.selectors import credited_adoptions

    assert [a.level.code for a in credited_adoptions(report)] == ["region"]
    forwarding.refresh_from_db()
    assert forwarding.status == Forwarding.Status.ACCEPTED and forwarding.copy == copy


def test_forwarding_only_to_the_parent(org, other_org):
    third = type(org.body).objects.create(name="达拉特旗政协", short_name="达旗", level="district")
    org.body.parent = other_org.body
    org.body.save()
    report = accepted_report(org)
    with pytest.raises(ValidationError):
        services.report_forward(report=report, to_body=third, by=info_editor(org))
    assert not Forwarding.objects.exists()


@pytest.mark.parametrize("source,target", sorted(REPORT._table))
def test_each_transition_allows_its_actor_and_refuses_the_other_side(org, source, target):
    """The table itself: the writer's moves refuse the editor, the editors' moves refuse
    the writer; the right one moves it and logs it."""
    report = member_report(org)
    Report.objects.filter(pk=report.pk).update(status=source)
    report.refresh_from_db()
    transition = REPORT._table[(source, target)]
    writer_move = transition.allowed.__name__ == "writes"
    right, wrong = (
        (org.member_user, info_editor(org)) if writer_move else (info_editor(org), org.member_user)
    )
    before = _snapshot(report)
    with pytest.raises(ValidationError):
        REPORT.move(report, target, by=wrong, comment="意见")
    assert _snapshot(report) == before
    REPORT.move(report, target, by=right, comment="意见")
    assert report.status == target
    assert TransitionLog.objects.filter(object_id=report.pk, to_state=target).count() == 1
