"""Every transition of 协商 up to the meeting, allowed and refused (refusals change nothing):
topics, the plan, and 无调研不协商 (§7). Attendance, outcomes, feedback and online
deliberation are in test_consultations_outcomes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from consultations import services
from consultations.models import (
    Consultation,
    Plan,
    Research,
    ResearchReport,
    Topic,
)
from consultations.workflow import CONSULTATION

from .consultations_helpers import (
    approve,
    chair_of,
    consultation,
    item,
    kind,
    plan,
    refused,
    reload,
    research_done,
    schedule,
)

pytestmark = pytest.mark.django_db


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
    refused(
        lambda: services.topic_decide(topic=c, decision=Topic.Status.DECLINED, by=org.office),
        "需要填写意见",
    )
    services.topic_decide(topic=c, decision=Topic.Status.DECLINED, reason="重复", by=org.office)
    assert [reload(t).status for t in (a, b, c)] == ["accepted", "merged", "declined"]
    assert reload(b).merged_into == a and reload(c).decision_reason == "重复"
    refused(
        lambda: services.topic_decide(topic=a, decision=Topic.Status.ACCEPTED, by=org.office),
        "无需重复",
    )


def test_only_the_office_decides_topics(org):
    topic = _topic(org)
    refused(
        lambda: services.topic_decide(topic=topic, decision=Topic.Status.ACCEPTED, by=org.staff),
        "无权",
    )
    assert reload(topic).status == Topic.Status.SUBMITTED


# ---- the plan -------------------------------------------------------------------------------


def test_a_plan_goes_through_chair_meeting_party_committee_and_issue(org):
    chair = chair_of(org)
    the_plan = plan(org)
    refused(
        lambda: services.plan_move(plan=the_plan, target=Plan.Status.SUBMITTED, by=org.office),
        "还没有任何课题",
    )
    item(org, the_plan)
    services.plan_move(plan=the_plan, target=Plan.Status.SUBMITTED, by=org.office)
    # Not the office, not without the date and minutes number.
    refused(
        lambda: services.plan_move(
            plan=the_plan, target=Plan.Status.REVIEWED, on=timezone.localdate(), doc="x",
            by=org.office,
        ),
        "无权",
    )  # fmt: skip
    refused(
        lambda: services.plan_move(plan=the_plan, target=Plan.Status.REVIEWED, by=chair),
        "纪要号",
    )
    services.plan_move(plan=the_plan, target=Plan.Status.RETURNED, comment="补充课题", by=chair)
    assert reload(the_plan).status == Plan.Status.RETURNED
    services.plan_move(plan=the_plan, target=Plan.Status.SUBMITTED, by=org.office)
    today = timezone.localdate()
    services.plan_move(
        plan=the_plan, target=Plan.Status.REVIEWED, on=today, doc="纪要3号", by=chair
    )
    refused(
        lambda: services.plan_move(plan=the_plan, target=Plan.Status.ISSUED, by=org.office),
        "不能变为",
    )
    services.plan_move(
        plan=the_plan, target=Plan.Status.APPROVED, on=today, doc="市委12号", by=org.office
    )
    services.plan_move(
        plan=the_plan, target=Plan.Status.ISSUED, on=today, doc="政协发5号", by=org.office
    )
    the_plan = reload(the_plan)
    assert (the_plan.status, the_plan.reviewed_doc, the_plan.approved_doc, the_plan.issued_doc) == (
        "issued", "纪要3号", "市委12号", "政协发5号",
    )  # fmt: skip


def test_a_returned_step_keeps_the_dates_it_had(org):
    the_plan = plan(org)
    item(org, the_plan)
    services.plan_move(plan=the_plan, target=Plan.Status.SUBMITTED, by=org.office)
    refused(
        lambda: services.plan_move(
            plan=the_plan, target=Plan.Status.REVIEWED,
            on=timezone.localdate() + dt.timedelta(days=1), doc="x", by=chair_of(org),
        ),
        "不能晚于今天",
    )  # fmt: skip
    assert reload(the_plan).reviewed_on is None


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
    refused(_schedule(org, c), "尚未登记调研活动")
    assert reload(c).status == Consultation.Status.RESEARCHING


def test_research_not_held_blocks_the_meeting(org):
    c = _prepared(org)
    services.research_add(
        consultation=c, kind=Research.Kind.INSPECTION, title="视察", by=org.staff,
        starts_on=timezone.localdate() + dt.timedelta(days=1),
    )  # fmt: skip
    refused(_schedule(org, c), "调研活动尚未开展")
    assert reload(c).status == Consultation.Status.RESEARCHING


def test_a_report_not_approved_blocks_the_meeting(org):
    c = _prepared(org)
    research = services.research_add(
        consultation=c, kind=Research.Kind.RESEARCH, title="调研", by=org.staff,
        starts_on=timezone.localdate(),
    )  # fmt: skip
    services.research_move(
        research=research, target=Research.Status.HELD, summary="好", by=org.staff
    )
    refused(_schedule(org, c), "尚未提交调研报告")
    report = services.report_save(consultation=c, title="报告", text="正文", by=org.staff)
    services.report_move(report=report, target=ResearchReport.Status.SUBMITTED, by=org.staff)
    refused(_schedule(org, c), "调研报告尚未经分管副主席审定")
    services.report_move(report=report, target=ResearchReport.Status.APPROVED, by=org.vice_chair)
    services.consultation_move(consultation=c, target=Consultation.Status.SCHEDULED, by=org.staff)
    assert reload(c).status == Consultation.Status.SCHEDULED


def test_holding_is_gated_too(org):
    c = research_done(org, consultation(org))
    schedule(org, c)
    # Research withdrawn behind the workflow's back (e.g. a report found unfit).
    ResearchReport.objects.filter(consultation=c).update(status=ResearchReport.Status.RETURNED)
    refused(
        lambda: services.consultation_move(
            consultation=c, target=Consultation.Status.HELD, by=org.staff
        ),
        "无调研不协商",
    )
    assert reload(c).status == Consultation.Status.SCHEDULED


def test_the_gate_needs_time_and_place_and_tells_what_is_missing(org):
    c = research_done(org, consultation(org))
    refused(_schedule(org, c), "会议时间和地点")
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
    assert reload(future).status == Research.Status.PLANNED


def test_a_report_is_approved_by_the_vice_chair_in_charge_only(org, other_org):
    c = consultation(org)
    report = services.report_save(consultation=c, title="报告", text="正文", by=org.staff)
    refused(
        lambda: services.report_move(
            report=report, target=ResearchReport.Status.APPROVED, by=org.vice_chair
        ),
        "不能变为",
    )
    services.report_move(report=report, target=ResearchReport.Status.SUBMITTED, by=org.staff)
    for outsider in (org.staff, org.office, chair_of(org), other_org.vice_chair):
        refused(
            lambda u=outsider: services.report_move(
                report=report, target=ResearchReport.Status.APPROVED, by=u
            ),
            "无权",
        )
    services.report_move(
        report=report, target=ResearchReport.Status.RETURNED, comment="数据不足", by=org.vice_chair
    )
    assert reload(report).status == ResearchReport.Status.RETURNED


def test_cancel_and_reschedule_need_a_reason(org):
    c = held_ready = research_done(org, consultation(org))
    schedule(org, held_ready)
    refused(
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
    assert reload(c).status == Consultation.Status.CANCELLED


def test_only_the_lead_committee_runs_its_consultation(org):
    c = research_done(org, consultation(org))
    schedule(org, c)
    for user in (org.vice_chair, org.member_user, org.unit):
        refused(
            lambda u=user: services.consultation_move(
                consultation=c, target=Consultation.Status.HELD, by=u
            ),
            "无权",
        )
    services.consultation_move(consultation=c, target=Consultation.Status.HELD, by=org.office)
    assert reload(c).held_at is not None
