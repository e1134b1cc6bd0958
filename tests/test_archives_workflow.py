"""The transition tables of 文史资料: every move allowed for the right person, refused
(in Chinese, with nothing changed) for the wrong one, for an illegal move and twice."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from archives import services
from archives.models import CollectionPlan, Manuscript, Review
from archives.workflow import MANUSCRIPT, PLAN
from portal.models import TransitionLog

from . import archives_helpers as h

S = Manuscript.Status
P = CollectionPlan.Status


def _state(m: Manuscript) -> tuple:
    m.refresh_from_db()
    return m.status, m.status_changed_at, TransitionLog.objects.count(), Review.objects.count()


def test_it_takes_a_manuscript_from_draft_to_ready(org):
    m = h.draft(org)
    m = h.advance(org, m, S.READY)
    assert m.status == S.READY
    steps = list(TransitionLog.objects.filter(object_id=m.pk).values_list("to_state", flat=True))
    assert steps == [str(s) for s in h.PATH]
    assert list(m.reviews.values_list("stage", "decision")) == [
        ("first", "pass"),
        ("second", "pass"),
        ("final", "pass"),
    ]


# Every review move of the table, from its state, by an editor.
REVIEW_MOVES = [
    (src, target)
    for src in (S.FIRST_REVIEW, S.SECOND_REVIEW, S.FINAL_REVIEW, S.PROOFING, S.KEPT)
    for target in sorted(MANUSCRIPT.targets(src))
    if target not in (S.SELECTED,)
]


def _at(org, state: str) -> Manuscript:
    m = h.draft(org)
    if state == S.KEPT:
        m = h.advance(org, m, S.FIRST_REVIEW)
        return services.manuscript_move(manuscript=m, target=S.KEPT, by=org.editor)
    return h.advance(org, m, state)


@pytest.mark.parametrize("src,target", REVIEW_MOVES)
def test_every_review_move_is_allowed_to_an_editor(org, src, target):
    m = _at(org, src)
    services.manuscript_move(manuscript=m, target=target, by=org.editor, comment="请核实史实")
    m.refresh_from_db()
    assert m.status == target
    log = TransitionLog.objects.filter(object_id=m.pk).last()
    assert (log.from_state, log.to_state, log.actor_id) == (src, target, org.editor.pk)


@pytest.mark.parametrize("src,target", REVIEW_MOVES)
@pytest.mark.parametrize("who", ["member_user", "office", "staff", "reviewer"])
def test_every_review_move_is_refused_to_others(org, src, target, who):
    m = _at(org, src)
    before = _state(m)
    with pytest.raises(ValidationError) as error:
        services.manuscript_move(manuscript=m, target=target, by=getattr(org, who), comment="意见")
    assert "无权" in error.value.messages[0]
    assert _state(m) == before


def test_an_editor_of_another_body_is_refused(org, other_org):
    m = h.advance(org, h.draft(org), S.FIRST_REVIEW)
    before = _state(m)
    with pytest.raises(ValidationError):
        services.manuscript_move(manuscript=m, target=S.EDITING, by=other_org.editor)
    assert _state(m) == before


@pytest.mark.parametrize("target", [S.RETURNED, S.REJECTED])
def test_return_and_reject_need_a_comment(org, target):
    m = h.advance(org, h.draft(org), S.FIRST_REVIEW)
    before = _state(m)
    with pytest.raises(ValidationError) as error:
        services.manuscript_move(manuscript=m, target=target, by=org.editor, comment="  ")
    assert "需要填写意见" in error.value.messages[0]
    assert _state(m) == before


def test_illegal_and_repeated_moves_are_refused(org):
    m = h.advance(org, h.draft(org), S.FIRST_REVIEW)
    before = _state(m)
    with pytest.raises(ValidationError) as error:
        services.manuscript_move(manuscript=m, target=S.PROOFING, by=org.editor)
    assert "不能变为" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.manuscript_move(manuscript=m, target=S.FIRST_REVIEW, by=org.editor)
    assert "无需重复" in error.value.messages[0]
    assert _state(m) == before


def test_volume_moves_are_not_review_moves(org):
    m = h.advance(org, h.draft(org), S.READY)
    before = _state(m)
    for target in (S.SELECTED, S.PUBLISHED, S.REGISTERED):
        with pytest.raises(ValidationError):
            services.manuscript_move(manuscript=m, target=target, by=org.editor)
    assert _state(m) == before


def test_first_review_needs_the_authorisation(org):
    m = services.manuscript_submit(manuscript=h.draft(org), by=org.member_user)
    m = services.manuscript_move(manuscript=m, target=S.FIRST_REVIEW, by=org.editor)
    before = _state(m)
    with pytest.raises(ValidationError) as error:
        services.manuscript_move(manuscript=m, target=S.EDITING, by=org.editor)
    assert "授权书" in error.value.messages[0]
    assert _state(m) == before
    h.attach(m, org.member_user)
    services.manuscript_move(manuscript=m, target=S.EDITING, by=org.editor)
    assert _state(m)[0] == S.EDITING


def test_an_oral_history_also_needs_the_consent_form(org):
    m = h.draft(org, kind=Manuscript.Kind.ORAL_HISTORY, interviewee="巴特尔", origin="oral")
    h.attach(m, org.member_user)
    m = services.manuscript_submit(manuscript=m, by=org.member_user)
    m = services.manuscript_move(manuscript=m, target=S.FIRST_REVIEW, by=org.editor)
    with pytest.raises(ValidationError):
        services.manuscript_move(manuscript=m, target=S.EDITING, by=org.editor)
    h.attach(m, org.member_user, "consent", "知情同意书.pdf")
    services.manuscript_move(manuscript=m, target=S.EDITING, by=org.editor)


def test_only_the_author_submits_and_resubmits(org):
    m = h.draft(org)
    for who in (org.other_member_user, org.editor, org.office):
        with pytest.raises(ValidationError):
            services.manuscript_submit(manuscript=m, by=who)
    assert _state(m)[0] == S.DRAFT
    m = h.advance(org, m, S.FIRST_REVIEW)
    services.manuscript_move(manuscript=m, target=S.RETURNED, by=org.editor, comment="补充细节")
    with pytest.raises(ValidationError):
        services.manuscript_submit(manuscript=m, by=org.other_member_user)
    services.manuscript_submit(manuscript=m, by=org.member_user)
    assert _state(m)[0] == S.REGISTERED


# ---- plans -------------------------------------------------------------------------------


def test_a_plan_goes_through_approval_to_an_open_call(org):
    p = h.plan(org, status=P.OPEN)
    assert p.status == P.OPEN
    assert p.approved_by == h.culture_vice_chair(org)
    assert p.opened_at is not None


@pytest.mark.parametrize("who", ["vice_chair", "office", "editor", "member_user"])
def test_only_the_vice_chair_in_charge_approves(org, who):
    p = h.plan(org, status=P.SUBMITTED)
    with pytest.raises(ValidationError):
        services.plan_move(plan=p, target=P.APPROVED, by=getattr(org, who))
    p.refresh_from_db()
    assert p.status == P.SUBMITTED


def test_nobody_approves_his_own_submission(org):
    vc = h.culture_vice_chair(org)
    from portal.services import role_grant

    role_grant(user=vc, role="committee_staff", body=org.body, committee=org.culture, by=None)
    p = services.plan_create(body_id=org.body.pk, data=h.plan_data(org), by=vc)
    p = services.plan_move(plan=p, target=P.SUBMITTED, by=vc)
    with pytest.raises(ValidationError):
        services.plan_move(plan=p, target=P.APPROVED, by=vc)
    p.refresh_from_db()
    assert p.status == P.SUBMITTED


def test_a_returned_plan_needs_a_reason_and_can_be_resubmitted(org):
    p = h.plan(org, status=P.SUBMITTED)
    vc = h.culture_vice_chair(org)
    with pytest.raises(ValidationError):
        services.plan_move(plan=p, target=P.RETURNED, by=vc)
    services.plan_move(plan=p, target=P.RETURNED, by=vc, comment="主题过多")
    services.plan_move(plan=p, target=P.SUBMITTED, by=h.culture_staff(org))
    p.refresh_from_db()
    assert p.status == P.SUBMITTED


def test_the_plan_table_has_every_move(org):
    assert PLAN.targets(P.DRAFT) == {P.SUBMITTED}
    assert PLAN.targets(P.SUBMITTED) == {P.APPROVED, P.RETURNED}
    assert PLAN.targets(P.CLOSED) == set()


def test_other_committees_staff_cannot_make_plans(org):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.plan_create(body_id=org.body.pk, data=h.plan_data(org), by=org.staff)
    with pytest.raises(ValidationError):
        services.plan_create(
            body_id=org.body.pk, data=h.plan_data(org, committee=org.economy), by=org.office
        )
    assert not CollectionPlan.objects.exists()
