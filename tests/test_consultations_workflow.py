"""Every transition of 协商, allowed and refused (refusals change nothing), including
无调研不协商 (§7) and closing an outcome with an unanswered recommendation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from consultations import services
from consultations.models import (
    Consultation,
    Outcome,
    Plan,
    Post,
    Recommendation,
    Research,
    ResearchReport,
    Thread,
    Topic,
)
from consultations.workflow import CONSULTATION
from portal.models import TransitionLog

from .consultations_helpers import (
    approve,
    chair_of,
    consultation,
    drafted_outcome,
    held,
    item,
    kind,
    plan,
    recommendation,
    research_done,
    schedule,
    sent_outcome,
    thread,
)

pytestmark = pytest.mark.django_db


def _refused(action, message: str = "") -> None:
    logs = TransitionLog.objects.count()
    with pytest.raises(ValidationError) as error:
        action()
    assert TransitionLog.objects.count() == logs
    if message:
        assert message in error.value.messages[0], error.value.messages[0]


def _move(outcome, target, by):
    return lambda: services.outcome_move(outcome=outcome, target=target, by=by)


def _reload(obj):
    obj.refresh_from_db()
    return obj


# ---- topics ---------------------------------------------------------------------------------


def _topic(org, **kw) -> Topic:
    values = {
        "body_id": org.body.pk,
        "year": timezone.localdate().year + 1,
        "title": "加快发展现代煤化工",
        "reason": "产业链短",
        "kind": kind(),
        "committee": org.economy,
        "by": org.staff,
    } | kw
    return services.topic_propose(**values)


def test_it_takes_topics_from_staff_members_and_the_office(org):
    assert _topic(org).proposer == "经济委员会"
    mine = _topic(org, committee=None, member=org.member, by=org.member_user)
    assert mine.proposer == "周委员委员"
    other = _topic(org, committee=None, proposer_name="民盟市委", by=org.office)
    assert other.proposer == "民盟市委"
    grouped = _topic(org, committee=None, sector_group=org.economy_group)
    assert grouped.sector_group == org.economy_group


def test_it_refuses_topics_in_someone_elses_name(org):
    count = Topic.objects.count()
    with pytest.raises(ValidationError):
        _topic(org, committee=org.education)  # staff of economy only
    with pytest.raises(ValidationError):
        _topic(org, committee=org.economy, by=org.member_user)
    with pytest.raises(ValidationError):
        _topic(org, committee=None, member=org.other_member, by=org.member_user)
    with pytest.raises(ValidationError):
        _topic(org, committee=None, proposer_name="民盟市委", by=org.staff)
    with pytest.raises(ValidationError):
        _topic(org, committee=org.economy, member=org.member)  # two proposers
    with pytest.raises(ValidationError):
        _topic(org, year=2001)
    assert Topic.objects.count() == count


def test_the_office_accepts_merges_and_declines_with_a_reason(org):
    a, b, c = _topic(org), _topic(org, title="B"), _topic(org, title="C")
    services.topic_decide(topic=a, decision=Topic.Status.ACCEPTED, by=org.office)
    services.topic_decide(topic=b, decision=Topic.Status.MERGED, into=a, by=org.office)
    _refused(
        lambda: services.topic_decide(topic=c, decision=Topic.Status.DECLINED, by=org.office),
        "需要填写意见",
    )
    services.topic_decide(topic=c, decision=Topic.Status.DECLINED, reason="重复", by=org.office)
    assert [_reload(t).status for t in (a, b, c)] == ["accepted", "merged", "declined"]
    assert _reload(b).merged_into == a and _reload(c).decision_reason == "重复"
    _refused(
        lambda: services.topic_decide(topic=a, decision=Topic.Status.ACCEPTED, by=org.office),
        "无需重复",
    )


def test_only_the_office_decides_topics(org):
    topic = _topic(org)
    _refused(
        lambda: services.topic_decide(topic=topic, decision=Topic.Status.ACCEPTED, by=org.staff),
        "无权",
    )
    assert _reload(topic).status == Topic.Status.SUBMITTED


# ---- the plan -------------------------------------------------------------------------------


def test_a_plan_goes_through_chair_meeting_party_committee_and_issue(org):
    chair = chair_of(org)
    the_plan = plan(org)
    _refused(
        lambda: services.plan_move(plan=the_plan, target=Plan.Status.SUBMITTED, by=org.office),
        "还没有任何课题",
    )
    item(org, the_plan)
    services.plan_move(plan=the_plan, target=Plan.Status.SUBMITTED, by=org.office)
    # Not the office, not without the date and minutes number.
    _refused(
        lambda: services.plan_move(
            plan=the_plan, target=Plan.Status.REVIEWED, on=timezone.localdate(), doc="x",
            by=org.office,
        ),
        "无权",
    )  # fmt: skip
    _refused(
        lambda: services.plan_move(plan=the_plan, target=Plan.Status.REVIEWED, by=chair),
        "纪要号",
    )
    services.plan_move(plan=the_plan, target=Plan.Status.RETURNED, comment="补充课题", by=chair)
    assert _reload(the_plan).status == Plan.Status.RETURNED
    services.plan_move(plan=the_plan, target=Plan.Status.SUBMITTED, by=org.office)
    today = timezone.localdate()
    services.plan_move(
        plan=the_plan, target=Plan.Status.REVIEWED, on=today, doc="纪要3号", by=chair
    )
    _refused(
        lambda: services.plan_move(plan=the_plan, target=Plan.Status.ISSUED, by=org.office),
        "不能变为",
    )
    services.plan_move(
        plan=the_plan, target=Plan.Status.APPROVED, on=today, doc="市委12号", by=org.office
    )
    services.plan_move(
        plan=the_plan, target=Plan.Status.ISSUED, on=today, doc="政协发5号", by=org.office
    )
    the_plan = _reload(the_plan)
    assert (the_plan.status, the_plan.reviewed_doc, the_plan.approved_doc, the_plan.issued_doc) == (
        "issued", "纪要3号", "市委12号", "政协发5号",
    )  # fmt: skip


def test_a_returned_step_keeps_the_dates_it_had(org):
    the_plan = plan(org)
    item(org, the_plan)
    services.plan_move(plan=the_plan, target=Plan.Status.SUBMITTED, by=org.office)
    _refused(
        lambda: services.plan_move(
            plan=the_plan, target=Plan.Status.REVIEWED,
            on=timezone.localdate() + dt.timedelta(days=1), doc="x", by=chair_of(org),
        ),
        "不能晚于今天",
    )  # fmt: skip
    assert _reload(the_plan).reviewed_on is None


def test_a_committee_has_at_most_two_key_topics_a_year(org):
    the_plan = plan(org)
    item(org, the_plan, title="一")
    item(org, the_plan, title="二")
    with pytest.raises(ValidationError, match="重点协商课题"):
        item(org, the_plan, title="三")
    item(org, the_plan, title="三", is_key=False)
    item(org, the_plan, title="四", committee=org.education)
    assert the_plan.items.filter(is_key=True).count() == 3


def test_items_and_comments_only_while_the_plan_is_a_draft(org):
    the_plan = plan(org)
    item(org, the_plan)
    services.plan_comment_add(
        plan=the_plan, committee=org.economy, text="建议调整月份", by=org.staff
    )
    with pytest.raises(PermissionDenied):
        services.plan_comment_add(plan=the_plan, committee=org.education, text="x", by=org.staff)
    services.plan_move(plan=the_plan, target=Plan.Status.SUBMITTED, by=org.office)
    with pytest.raises(ValidationError):
        item(org, the_plan, title="迟到的课题", is_key=False)
    with pytest.raises(ValidationError):
        services.plan_comment_add(plan=the_plan, committee=org.economy, text="x", by=org.staff)
    assert the_plan.items.count() == 1 and the_plan.comments.count() == 1


def test_a_consultation_starts_only_from_an_approved_plan(org):
    the_plan = plan(org)
    the_item = item(org, the_plan)
    with pytest.raises(ValidationError, match="审定后"):
        services.consultation_start(item=the_item, by=org.staff)
    approve(org, the_plan)
    with pytest.raises(PermissionDenied):
        services.consultation_start(item=the_item, by=org.member_user)
    c = services.consultation_start(item=the_item, by=org.staff)
    assert (c.committee, c.is_key, c.status) == (org.economy, True, "researching")
    with pytest.raises(ValidationError, match="已开展"):
        services.consultation_start(item=the_item, by=org.staff)


# ---- 无调研不协商 ------------------------------------------------------------------------------


def _schedule(org, c):
    return lambda: services.consultation_move(
        consultation=c, target=Consultation.Status.SCHEDULED, by=org.staff
    )


def _prepared(org):
    c = consultation(org)
    services.consultation_prepare(
        consultation=c, starts_at=timezone.now() + dt.timedelta(days=3), place="第一会议室",
        notice="", materials="", by=org.staff,
    )  # fmt: skip
    return c


def test_no_research_no_consultation(org):
    c = _prepared(org)
    _refused(_schedule(org, c), "尚未登记调研活动")
    assert _reload(c).status == Consultation.Status.RESEARCHING


def test_research_not_held_blocks_the_meeting(org):
    c = _prepared(org)
    services.research_add(
        consultation=c, kind=Research.Kind.INSPECTION, title="视察", by=org.staff,
        starts_on=timezone.localdate() + dt.timedelta(days=1),
    )  # fmt: skip
    _refused(_schedule(org, c), "调研活动尚未开展")
    assert _reload(c).status == Consultation.Status.RESEARCHING


def test_a_report_not_approved_blocks_the_meeting(org):
    c = _prepared(org)
    research = services.research_add(
        consultation=c, kind=Research.Kind.RESEARCH, title="调研", by=org.staff,
        starts_on=timezone.localdate(),
    )  # fmt: skip
    services.research_move(
        research=research, target=Research.Status.HELD, summary="好", by=org.staff
    )
    _refused(_schedule(org, c), "尚未提交调研报告")
    report = services.report_save(consultation=c, title="报告", text="正文", by=org.staff)
    services.report_move(report=report, target=ResearchReport.Status.SUBMITTED, by=org.staff)
    _refused(_schedule(org, c), "调研报告尚未经分管副主席审定")
    services.report_move(report=report, target=ResearchReport.Status.APPROVED, by=org.vice_chair)
    services.consultation_move(consultation=c, target=Consultation.Status.SCHEDULED, by=org.staff)
    assert _reload(c).status == Consultation.Status.SCHEDULED


def test_holding_is_gated_too(org):
    c = research_done(org, consultation(org))
    schedule(org, c)
    # Research withdrawn behind the workflow's back (e.g. a report found unfit).
    ResearchReport.objects.filter(consultation=c).update(status=ResearchReport.Status.RETURNED)
    _refused(
        lambda: services.consultation_move(
            consultation=c, target=Consultation.Status.HELD, by=org.staff
        ),
        "无调研不协商",
    )
    assert _reload(c).status == Consultation.Status.SCHEDULED


def test_the_gate_needs_time_and_place_and_tells_what_is_missing(org):
    c = research_done(org, consultation(org))
    _refused(_schedule(org, c), "会议时间和地点")
    assert CONSULTATION.blocked(c, Consultation.Status.SCHEDULED)


def test_research_cannot_be_held_before_its_day_and_is_frozen_once_scheduled(org):
    c = consultation(org)
    future = services.research_add(
        consultation=c, kind=Research.Kind.RESEARCH, title="下周调研", by=org.staff,
        starts_on=timezone.localdate() + dt.timedelta(days=7),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="还没到"):
        services.research_move(
            research=future, target=Research.Status.HELD, summary="x", by=org.staff
        )
    research_done(org, c)
    schedule(org, c)
    with pytest.raises(ValidationError, match="不能再变更"):
        services.research_move(
            research=future, target=Research.Status.CANCELLED, comment="取消", by=org.staff
        )
    assert _reload(future).status == Research.Status.PLANNED


def test_a_report_is_approved_by_the_vice_chair_in_charge_only(org, other_org):
    c = consultation(org)
    report = services.report_save(consultation=c, title="报告", text="正文", by=org.staff)
    _refused(
        lambda: services.report_move(
            report=report, target=ResearchReport.Status.APPROVED, by=org.vice_chair
        ),
        "不能变为",
    )
    services.report_move(report=report, target=ResearchReport.Status.SUBMITTED, by=org.staff)
    for outsider in (org.staff, org.office, chair_of(org), other_org.vice_chair):
        _refused(
            lambda u=outsider: services.report_move(
                report=report, target=ResearchReport.Status.APPROVED, by=u
            ),
            "无权",
        )
    services.report_move(
        report=report, target=ResearchReport.Status.RETURNED, comment="数据不足", by=org.vice_chair
    )
    assert _reload(report).status == ResearchReport.Status.RETURNED


def test_cancel_and_reschedule_need_a_reason(org):
    c = held_ready = research_done(org, consultation(org))
    schedule(org, held_ready)
    _refused(
        lambda: services.consultation_move(
            consultation=c, target=Consultation.Status.RESEARCHING, by=org.staff
        ),
        "需要填写意见",
    )
    services.consultation_move(
        consultation=c, target=Consultation.Status.RESEARCHING, comment="领导出差", by=org.staff
    )
    services.consultation_move(
        consultation=c, target=Consultation.Status.CANCELLED, comment="并入全会", by=org.staff
    )
    assert _reload(c).status == Consultation.Status.CANCELLED


def test_only_the_lead_committee_runs_its_consultation(org):
    c = research_done(org, consultation(org))
    schedule(org, c)
    for user in (org.vice_chair, org.member_user, org.unit):
        _refused(
            lambda u=user: services.consultation_move(
                consultation=c, target=Consultation.Status.HELD, by=u
            ),
            "无权",
        )
    services.consultation_move(consultation=c, target=Consultation.Status.HELD, by=org.office)
    assert _reload(c).held_at is not None


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
    assert _reload(seat).attendance == ""
    services.attendance_record(consultation=c, marks={seat.pk: ("present", "")}, by=org.staff)
    assert _reload(seat).attendance == "present"
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
    _refused(_move(outcome, Outcome.Status.SIGNING, org.vice_chair), "不能变为")
    services.outcome_move(outcome=outcome, target=Outcome.Status.REVIEWING, by=org.staff)
    _refused(
        lambda: services.outcome_move(outcome=outcome, target=Outcome.Status.SIGNING, by=chair),
        "无权",
    )
    services.outcome_move(outcome=outcome, target=Outcome.Status.SIGNING, by=org.vice_chair)
    _refused(_move(outcome, Outcome.Status.SENT, org.vice_chair), "无权")
    services.outcome_move(outcome=outcome, target=Outcome.Status.SENT, by=chair)
    _refused(
        lambda: services.outcome_move(outcome=outcome, target=Outcome.Status.CLOSED, by=org.staff),
        "还有 2 条建议未反馈",
    )
    services.recommendation_answer(
        recommendation=recommendation(outcome, 1), status="adopted", answer="已纳入计划",
        by=org.unit,
    )  # fmt: skip
    _refused(
        lambda: services.outcome_move(outcome=outcome, target=Outcome.Status.CLOSED, by=org.staff),
        "还有 1 条建议未反馈",
    )
    services.recommendation_answer(
        recommendation=recommendation(outcome, 2), status="not_adopted", answer="无资金",
        by=org.staff,
    )  # fmt: skip
    services.outcome_move(outcome=outcome, target=Outcome.Status.CLOSED, by=org.staff)
    assert _reload(outcome).closed_at is not None


def test_an_outcome_needs_a_recommendation_and_is_frozen_once_submitted(org):
    c = held(org)
    outcome = services.outcome_save(
        consultation=c, kind="minutes", title="纪要", text="正文", by=org.staff
    )
    _refused(_move(outcome, Outcome.Status.REVIEWING, org.staff), "至少要有一条建议")
    drafted_outcome(org, c)
    services.outcome_move(outcome=outcome, target=Outcome.Status.REVIEWING, by=org.staff)
    with pytest.raises(ValidationError):
        services.outcome_save(consultation=c, kind="minutes", title="改", text="改", by=org.staff)
    with pytest.raises(ValidationError):
        services.recommendation_add(
            outcome=outcome, text="x", department=org.department,
            deadline=timezone.localdate() + dt.timedelta(days=5), by=org.staff,
        )  # fmt: skip
    assert _reload(outcome).title == "关于推动能源产业高质量发展的建议"


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
    assert _reload(outcome).title == "新标题"


def test_a_department_answers_only_its_own_recommendations(org):
    outcome = sent_outcome(org)
    theirs = recommendation(outcome, 2)  # 市教育局's
    _refused(
        lambda: services.recommendation_answer(
            recommendation=theirs, status="adopted", answer="好", by=org.unit
        ),
        "无权",
    )
    _refused(
        lambda: services.recommendation_answer(
            recommendation=theirs, status="not_adopted", answer=" ", by=org.staff
        ),
        "反馈意见",
    )
    assert _reload(theirs).status == Recommendation.Status.PENDING


def test_feedback_moves_on_to_implemented_but_not_back(org):
    outcome = sent_outcome(org)
    rec = recommendation(outcome, 1)
    services.recommendation_answer(
        recommendation=rec, status="in_progress", answer="推进中", by=org.unit
    )
    _refused(
        lambda: services.recommendation_answer(
            recommendation=rec, status="in_progress", answer="x", by=org.unit
        ),
        "无需重复",
    )
    _refused(
        lambda: services.recommendation_answer(
            recommendation=rec, status="pending", answer="x", by=org.unit
        ),
        "不能变为",
    )
    services.recommendation_answer(
        recommendation=rec, status="implemented", answer="已建成", by=org.unit
    )
    assert _reload(rec).status == "implemented"


def test_no_feedback_before_the_outcome_is_sent(org):
    outcome = drafted_outcome(org)
    _refused(
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
    assert outcome.instructions.count() == 1 and _reload(outcome.consultation).follow_up


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
    _refused(
        lambda: services.thread_move(thread=t, target=Thread.Status.CLOSED, by=org.office),
        "议政综述",
    )
    assert _reload(t).status == Thread.Status.OPEN


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
    _refused(
        lambda: services.post_moderate(post=post, target=Post.Status.HIDDEN, by=org.staff),
        "需要填写意见",
    )
    services.post_moderate(post=post, target=Post.Status.HIDDEN, reason="与议题无关", by=org.staff)
    post = _reload(post)
    assert (post.status, post.hidden_reason, post.text) == ("hidden", "与议题无关", "不当言论")
    assert post.history.count() == 2
    services.post_moderate(post=post, target=Post.Status.VISIBLE, by=org.staff)
    assert _reload(post).hidden_reason == ""
