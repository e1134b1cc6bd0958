"""What 协商 gives the kernel: Q7's counter on a hand-built set, the score sources, the
reminders (sent once), the to-do kinds and the change history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Participant, Plan, Recommendation
from consultations.tasks import remind_consultations_task
from portal.models import Notification
from portal.registry import history_sources, quota_counters, score_sources, todo_kinds

from .consultations_helpers import (
    chair_of,
    consultation,
    drafted_outcome,
    held,
    research_done,
    schedule,
    sent_outcome,
    thread,
)

pytestmark = pytest.mark.django_db


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def test_q7_counts_key_topics_actually_held(org):
    key_held = held(org, title="重点一（已召开）")
    scheduled = research_done(org, consultation(org, title="重点二（已安排）"))
    schedule(org, scheduled, when=timezone.now() + dt.timedelta(days=2))
    held(org, key=False, title="一般课题（已召开）")
    consultation(org, key=False, title="一般课题（调研中）")
    counter = quota_counters.get("key_consultations_held")
    year = timezone.localdate().year
    start, end = _year_bounds(year)
    assert counter.count(org.body.pk, start, end, timezone.localdate()) == {
        ("committee", org.economy.pk): 1
    }
    # Held last year: outside this year's period.
    Consultation.objects.filter(pk=key_held.pk).update(
        held_at=timezone.now().replace(year=year - 1)
    )
    assert counter.count(org.body.pk, start, end, timezone.localdate()) == {}
    assert "已召开" in str(counter.explanation) and "计划" in str(counter.explanation)


def test_q7_ignores_other_bodies_and_cancelled_meetings(org, other_org):
    held(other_org)
    c = research_done(org, consultation(org))
    schedule(org, c, when=timezone.now() + dt.timedelta(days=2))
    services.consultation_move(consultation=c, target="cancelled", comment="取消", by=org.staff)
    start, end = _year_bounds(timezone.localdate().year)
    counter = quota_counters.get("key_consultations_held")
    assert counter.count(org.body.pk, start, end, timezone.localdate()) == {}
    assert counter.count(other_org.body.pk, start, end, timezone.localdate()) == {
        ("committee", other_org.economy.pk): 1
    }


def test_score_sources_give_attendance_speeches_and_visible_posts(org):
    c = held(org)
    seat = c.participants.get(member=org.member)
    # A second member invited whose attendance is never recorded: no row for him, and his
    # blank row does not hide the others'.
    Participant.objects.create(consultation=c, kind="member", member=org.other_member)
    services.attendance_record(consultation=c, marks={seat.pk: ("present", "")}, by=org.staff)
    services.speech_add(consultation=c, participant=seat, title="发言", summary="", by=org.staff)
    year = timezone.localdate().year
    rows = sorted(
        (r["member_id"], r["record_id"], r["role"])
        for r in score_sources.get("consultations").rows(org.body.pk, year)
    )
    assert rows == [(org.member.pk, c.pk, "present"), (org.member.pk, c.pk, "speech")]
    assert score_sources.get("consultations").url(c.pk).endswith(f"/consultations/{c.pk}/")
    t = thread(org)
    services.post_add(thread=t, text="一", by=org.member_user)
    hidden = services.post_add(thread=t, text="二", by=org.member_user)
    services.post_moderate(post=hidden, target="hidden", reason="重复", by=org.staff)
    posts = list(score_sources.get("consultation_posts").rows(org.body.pk, year))
    assert [(p["member_id"], p["record_id"], p["role"]) for p in posts] == [
        (org.member.pk, t.pk, "post")
    ]
    assert list(score_sources.get("consultations").rows(org.body.pk, year - 1)) == []


def test_overdue_feedback_is_reminded_once(org, django_capture_on_commit_callbacks):
    outcome = sent_outcome(org)
    Recommendation.objects.filter(outcome=outcome, number=1).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    assert remind_consultations_task() == 2  # the unit and the staff
    assert remind_consultations_task() == 0
    reminded = Notification.objects.filter(dedupe_key__startswith="consultations.overdue")
    assert {n.recipient for n in reminded} == {org.unit, org.staff}
    services.recommendation_answer(
        recommendation=outcome.recommendations.get(number=2), status="adopted", answer="好",
        by=org.staff,
    )  # fmt: skip
    assert remind_consultations_task() == 0


def test_research_not_done_before_the_meeting_is_reminded_once(org):
    c = consultation(org)
    services.consultation_prepare(
        consultation=c, starts_at=timezone.now() + dt.timedelta(days=3), place="会议室",
        notice="", materials="", by=org.staff,
    )  # fmt: skip
    far = consultation(org, key=False, title="下个月的协商")
    services.consultation_prepare(
        consultation=far, starts_at=timezone.now() + dt.timedelta(days=30), place="会议室",
        notice="", materials="", by=org.staff,
    )  # fmt: skip
    assert services.remind_research() == 1
    assert services.remind_research() == 0
    note = Notification.objects.get(dedupe_key__startswith="consultations.research")
    assert note.recipient == org.staff and "尚未登记调研活动" in note.body


def test_to_dos_follow_the_work(org, django_capture_on_commit_callbacks):
    review = todo_kinds.get("consultations.review")
    sign = todo_kinds.get("consultations.sign")
    feedback = todo_kinds.get("consultations.feedback")
    chair = chair_of(org)
    outcome = drafted_outcome(org)
    assert review.open(org.vice_chair).count() == 0
    assert review.open(org.member_user) is None
    with django_capture_on_commit_callbacks(execute=True):
        services.outcome_move(outcome=outcome, target="reviewing", by=org.staff)
    assert review.open(org.vice_chair).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.outcome_move(outcome=outcome, target="signing", by=org.vice_chair)
    assert review.open(org.vice_chair).count() == 0 and sign.open(chair).count() == 1
    assert Notification.objects.get(recipient=org.vice_chair, task="consultations.review").done_at
    with django_capture_on_commit_callbacks(execute=True):
        services.outcome_move(outcome=outcome, target="sent", by=chair)
    assert sign.open(chair).count() == 0
    assert [feedback.todo(r).title for r in feedback.open(org.unit)] == [
        f"反馈协商建议：{outcome.title} 第1条"
    ]


def test_the_plan_waits_for_the_chair(org, django_capture_on_commit_callbacks):
    from .consultations_helpers import item, plan

    the_plan = plan(org)
    item(org, the_plan)
    chair = chair_of(org)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_move(plan=the_plan, target=Plan.Status.SUBMITTED, by=org.office)
    assert todo_kinds.get("consultations.plan").open(chair).count() == 1
    assert Notification.objects.filter(recipient=chair, task="consultations.plan").exists()


def test_every_change_is_in_the_history_with_its_author(org):
    outcome = sent_outcome(org)
    keys = {s.key for s in history_sources}
    assert {"consultation", "consultation_outcome", "consultation_recommendation"} <= keys
    assert outcome.history.first().history_user == chair_of(org)
    source = history_sources.get("consultation_recommendation")
    assert source.historical.objects.filter(outcome__consultation__body_id=org.body.pk).count() == 2


def test_q27_counts_topic_proposals_of_committees_and_their_groups(org, other_org):
    from .consultations_helpers import kind

    def propose(**kw):
        values = {
            "body_id": org.body.pk, "year": timezone.localdate().year + 1, "title": "课题",
            "reason": "理由", "kind": kind(), "by": org.staff,
        }  # fmt: skip
        return services.topic_propose(**(values | kw))

    declined = propose(committee=org.economy)
    propose(committee=None, sector_group=org.economy_group)
    propose(committee=None, member=org.member, by=org.member_user)  # a member's: no committee
    services.topic_decide(topic=declined, decision="declined", reason="重复", by=org.office)
    counter = quota_counters.get("consultation_topic_proposals")
    start, end = _year_bounds(timezone.localdate().year)
    assert counter.count(org.body.pk, start, end, timezone.localdate()) == {
        ("committee", org.economy.pk): 2
    }
    assert counter.count(other_org.body.pk, start, end, timezone.localdate()) == {}
