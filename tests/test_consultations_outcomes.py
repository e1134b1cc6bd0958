"""Every transition of 协商 from the meeting on, allowed and refused (refusals change nothing):
attendance and speeches, the outcome and its feedback (closing an outcome with an unanswered
recommendation), online deliberation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from consultations import services
from consultations.models import (
    Consultation,
    Outcome,
    Post,
    Recommendation,
    Thread,
)

from .consultations_helpers import (
    chair_of,
    consultation,
    drafted_outcome,
    held,
    outcome_mover,
    recommendation,
    refused,
    reload,
    research_done,
    schedule,
    sent_outcome,
    thread,
)

# ---- attendance and speeches ------------------------------------------------------------------


def test_attendance_after_the_meeting_with_a_reason_for_leave(org):
    c = research_done(org, consultation(org))
    schedule(org, c)
    seat = c.participants.get(member=org.member)
    with pytest.raises(ValidationError, match="召开后"):
        services.attendance_record(consultation=c, marks={seat.pk: ("present", "")}, by=org.staff)
    services.consultation_move(consultation=c, target=Consultation.Status.HELD, by=org.staff)
    with pytest.raises(ValidationError, match="事由"):
        services.attendance_record(consultation=c, marks={seat.pk: ("leave", " ")}, by=org.staff)
    assert reload(seat).attendance == ""
    services.attendance_record(consultation=c, marks={seat.pk: ("present", "")}, by=org.staff)
    assert reload(seat).attendance == "present"
    speech = services.speech_add(
        consultation=c, participant=seat, title="关于煤电联营", summary="", by=org.staff
    )
    assert speech.order == 1


def test_only_members_in_office_are_invited_once(org, other_org):
    c = consultation(org)
    assert services.participants_invite(consultation=c, members=[org.member], by=org.staff) == 1
    assert services.participants_invite(consultation=c, members=[org.member], by=org.staff) == 0
    with pytest.raises(ValidationError):
        services.participants_invite(consultation=c, members=[other_org.member], by=org.staff)
    assert c.participants.count() == 1


# ---- outcome and feedback ---------------------------------------------------------------------


def test_the_outcome_is_reviewed_signed_sent_and_closed_when_all_answered(org):
    chair = chair_of(org)
    outcome = drafted_outcome(org)
    refused(outcome_mover(outcome, Outcome.Status.SIGNING, org.vice_chair), "不能变为")
    services.outcome_move(outcome=outcome, target=Outcome.Status.REVIEWING, by=org.staff)
    refused(
        lambda: services.outcome_move(outcome=outcome, target=Outcome.Status.SIGNING, by=chair),
        "无权",
    )
    services.outcome_move(outcome=outcome, target=Outcome.Status.SIGNING, by=org.vice_chair)
    refused(outcome_mover(outcome, Outcome.Status.SENT, org.vice_chair), "无权")
    services.outcome_move(outcome=outcome, target=Outcome.Status.SENT, by=chair)
    refused(
        lambda: services.outcome_move(outcome=outcome, target=Outcome.Status.CLOSED, by=org.staff),
        "还有 2 条建议未反馈",
    )
    services.recommendation_answer(
        recommendation=recommendation(outcome, 1), status="adopted", answer="已纳入计划",
        by=org.unit,
    )  # fmt: skip
    refused(
        lambda: services.outcome_move(outcome=outcome, target=Outcome.Status.CLOSED, by=org.staff),
        "还有 1 条建议未反馈",
    )
    services.recommendation_answer(
        recommendation=recommendation(outcome, 2), status="not_adopted", answer="无资金",
        by=org.staff,
    )  # fmt: skip
    services.outcome_move(outcome=outcome, target=Outcome.Status.CLOSED, by=org.staff)
    assert reload(outcome).closed_at is not None


def test_an_outcome_needs_a_recommendation_and_is_frozen_once_submitted(org):
    c = held(org)
    outcome = services.outcome_save(
        consultation=c, kind="minutes", title="纪要", text="正文", by=org.staff
    )
    refused(outcome_mover(outcome, Outcome.Status.REVIEWING, org.staff), "至少要有一条建议")
    drafted_outcome(org, c)
    services.outcome_move(outcome=outcome, target=Outcome.Status.REVIEWING, by=org.staff)
    with pytest.raises(ValidationError):
        services.outcome_save(consultation=c, kind="minutes", title="改", text="改", by=org.staff)
    with pytest.raises(ValidationError):
        services.recommendation_add(
            outcome=outcome, text="x", department=org.department,
            deadline=timezone.localdate() + dt.timedelta(days=5), by=org.staff,
        )  # fmt: skip
    assert reload(outcome).title == "关于推动能源产业高质量发展的建议"


def test_no_outcome_before_the_meeting(org):
    c = consultation(org)
    with pytest.raises(ValidationError, match="召开后"):
        services.outcome_save(consultation=c, kind="minutes", title="x", text="x", by=org.staff)


def test_a_returned_outcome_goes_back_to_review(org):
    outcome = drafted_outcome(org)
    services.outcome_move(outcome=outcome, target=Outcome.Status.REVIEWING, by=org.staff)
    services.outcome_move(
        outcome=outcome, target=Outcome.Status.RETURNED, comment="再凝练", by=org.vice_chair
    )
    services.outcome_save(
        consultation=outcome.consultation, kind="proposal", title="新标题", text="新正文",
        sent_to="市委", by=org.staff,
    )  # fmt: skip
    services.outcome_move(outcome=outcome, target=Outcome.Status.REVIEWING, by=org.staff)
    assert reload(outcome).title == "新标题"


def test_a_department_answers_only_its_own_recommendations(org):
    outcome = sent_outcome(org)
    theirs = recommendation(outcome, 2)  # 市教育局's
    refused(
        lambda: services.recommendation_answer(
            recommendation=theirs, status="adopted", answer="好", by=org.unit
        ),
        "无权",
    )
    refused(
        lambda: services.recommendation_answer(
            recommendation=theirs, status="not_adopted", answer=" ", by=org.staff
        ),
        "反馈意见",
    )
    assert reload(theirs).status == Recommendation.Status.PENDING


def test_feedback_moves_on_to_implemented_but_not_back(org):
    outcome = sent_outcome(org)
    rec = recommendation(outcome, 1)
    services.recommendation_answer(
        recommendation=rec, status="in_progress", answer="推进中", by=org.unit
    )
    refused(
        lambda: services.recommendation_answer(
            recommendation=rec, status="in_progress", answer="x", by=org.unit
        ),
        "无需重复",
    )
    refused(
        lambda: services.recommendation_answer(
            recommendation=rec, status="pending", answer="x", by=org.unit
        ),
        "不能变为",
    )
    services.recommendation_answer(
        recommendation=rec, status="implemented", answer="已建成", by=org.unit
    )
    assert reload(rec).status == "implemented"


def test_no_feedback_before_the_outcome_is_sent(org):
    outcome = drafted_outcome(org)
    refused(
        lambda: services.recommendation_answer(
            recommendation=recommendation(outcome), status="adopted", answer="x", by=org.staff
        ),
        "尚未报送",
    )


def test_instructions_after_sending_and_the_follow_up_flag(org):
    outcome = drafted_outcome(org)
    args = {"leader": "王书记", "level": "party_main", "text": "请市发改委研究落实。"}
    with pytest.raises(ValidationError):
        services.instruction_add(outcome=outcome, on=timezone.localdate(), by=org.staff, **args)
    with pytest.raises(ValidationError):
        services.consultation_set_follow_up(
            consultation=outcome.consultation, follow_up=True, by=org.staff
        )
    services.outcome_move(outcome=outcome, target=Outcome.Status.REVIEWING, by=org.staff)
    services.outcome_move(outcome=outcome, target=Outcome.Status.SIGNING, by=org.vice_chair)
    services.outcome_move(outcome=outcome, target=Outcome.Status.SENT, by=chair_of(org))
    services.instruction_add(outcome=outcome, on=timezone.localdate(), by=org.staff, **args)
    services.consultation_set_follow_up(
        consultation=outcome.consultation, follow_up=True, by=org.staff
    )
    assert outcome.instructions.count() == 1 and reload(outcome.consultation).follow_up


# ---- online deliberation ------------------------------------------------------------------------


def test_eligible_members_post_while_open(org):
    t = thread(org)
    services.post_add(thread=t, text="建议简化审批", by=org.member_user)
    with pytest.raises(ValidationError, match="参与范围"):
        services.post_add(thread=t, text="我也说", by=org.other_member_user)  # 教育界
    with pytest.raises(PermissionDenied):
        services.post_add(thread=t, text="x", by=org.staff)
    services.thread_move(thread=t, target=Thread.Status.CLOSED, summary="综述", by=org.staff)
    with pytest.raises(ValidationError, match="已结束"):
        services.post_add(thread=t, text="迟到", by=org.member_user)
    assert t.posts.count() == 1


def test_an_all_member_thread_takes_every_member_and_closing_needs_a_summary(org):
    t = services.thread_create(
        body_id=org.body.pk, title="全体委员议政", description="说明", audience="all",
        closes_at=timezone.now() + dt.timedelta(days=3), by=org.office,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.post_add(thread=t, text="草稿中", by=org.member_user)
    services.thread_move(thread=t, target=Thread.Status.OPEN, by=org.office)
    services.post_add(thread=t, text="甲", by=org.member_user)
    services.post_add(thread=t, text="乙", by=org.other_member_user)
    refused(
        lambda: services.thread_move(thread=t, target=Thread.Status.CLOSED, by=org.office),
        "议政综述",
    )
    assert reload(t).status == Thread.Status.OPEN


def test_staff_cannot_open_a_thread_to_all_members(org):
    with pytest.raises(ValidationError):
        services.thread_create(
            body_id=org.body.pk, title="t", description="d", audience="all",
            committee=org.economy, closes_at=timezone.now() + dt.timedelta(days=1), by=org.staff,
        )  # fmt: skip


def test_moderation_hides_with_a_reason_and_keeps_the_history(org):
    t = thread(org)
    post = services.post_add(thread=t, text="不当言论", by=org.member_user)
    with pytest.raises(PermissionDenied):
        services.post_moderate(post=post, target=Post.Status.HIDDEN, reason="x", by=org.member_user)
    refused(
        lambda: services.post_moderate(post=post, target=Post.Status.HIDDEN, by=org.staff),
        "需要填写意见",
    )
    services.post_moderate(post=post, target=Post.Status.HIDDEN, reason="与议题无关", by=org.staff)
    post = reload(post)
    assert (post.status, post.hidden_reason, post.text) == ("hidden", "与议题无关", "不当言论")
    assert post.history.count() == 2
    services.post_moderate(post=post, target=Post.Status.VISIBLE, by=org.staff)
    assert reload(post).hidden_reason == ""
