"""The pages of 协商 for each role: what they show, what a POST changes, and that nobody
reaches another's objects by id (IDOR: 404/403 and the database unchanged)."""

# ruff: noqa: E501 (fmt: skip keeps the form data of a request on one line)
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import (
    Consultation,
    Outcome,
    Participant,
    Plan,
    Post,
    Recommendation,
    Thread,
    Topic,
)
from portal.models import Notification

from .consultations_helpers import (
    chair_of,
    consultation,
    drafted_outcome,
    held,
    kind,
    plan,
    recommendation,
    research_done,
    schedule,
    sent_outcome,
    thread,
)

pytestmark = pytest.mark.django_db


def _get(client, user, name, *args, status=200):
    client.force_login(user)
    response = client.get(reverse(f"consultations:{name}", args=args))
    assert response.status_code == status, (name, response.status_code)
    return response


def _post(client, user, name, *args, data=None):
    client.force_login(user)
    return client.post(reverse(f"consultations:{name}", args=args), data or {})


# ---- topics ----------------------------------------------------------------------------------


def test_it_lets_a_member_propose_a_topic_from_his_phone(client, org):
    response = _post(
        client, org.member_user, "topic_create",
        data={"year": timezone.localdate().year + 1, "title": "发展夜间经济", "reason": "活跃消费",
              "kind": kind().pk, "proposer": "me"},
    )  # fmt: skip
    topic = Topic.objects.get(title="发展夜间经济")
    assert response.status_code == 302 and topic.member == org.member
    _get(client, org.member_user, "topic_detail", topic.pk)
    _get(client, org.other_member_user, "topic_detail", topic.pk, status=404)


def test_a_topic_form_with_errors_keeps_what_was_typed(client, org):
    response = _post(
        client, org.staff, "topic_create",
        data={"year": timezone.localdate().year + 1, "title": "保留的标题", "reason": "",
              "kind": kind().pk, "proposer": f"c{org.economy.pk}"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "保留的标题" in response.content.decode()
    assert not Topic.objects.exists()


def test_staff_cannot_propose_for_another_committee_by_posting_its_id(client, org):
    response = _post(
        client, org.staff, "topic_create",
        data={"year": timezone.localdate().year + 1, "title": "x", "reason": "y",
              "kind": kind().pk, "proposer": f"c{org.education.pk}"},
    )  # fmt: skip
    assert response.status_code == 422 and not Topic.objects.exists()


def test_the_office_decides_a_topic_and_mass_assignment_changes_nothing(client, org):
    client.force_login(org.staff)
    _post(
        client, org.staff, "topic_create",
        data={"year": timezone.localdate().year + 1, "title": "课题", "reason": "理由",
              "kind": kind().pk, "proposer": f"c{org.economy.pk}", "status": "accepted",
              "body": 999},
    )  # fmt: skip
    topic = Topic.objects.get()
    assert topic.status == Topic.Status.SUBMITTED and topic.body == org.body
    assert (
        _post(
            client, org.staff, "topic_decide", topic.pk, data={"decision": "accepted"}
        ).status_code
        == 403
    )
    response = _post(client, org.office, "topic_decide", topic.pk, data={"decision": "declined"})
    assert response.status_code == 422
    _post(client, org.office, "topic_decide", topic.pk, data={"decision": "accepted"})
    topic.refresh_from_db()
    assert topic.status == Topic.Status.ACCEPTED


# ---- the plan --------------------------------------------------------------------------------


def test_the_office_builds_the_plan_and_the_chair_reviews_it(client, org):
    _post(client, org.office, "plan_create", data={"year": timezone.localdate().year})
    the_plan = Plan.objects.get()
    response = _post(
        client, org.office, "plan_item_add", the_plan.pk,
        data={"title": "推动乡村振兴", "kind": kind("counterpart").pk,
              "committee": org.economy.pk, "month": 5, "is_key": "on",
              "departments": [org.department.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    item_ = the_plan.items.get()
    assert item_.is_key and list(item_.departments.all()) == [org.department]
    _post(client, org.staff, "plan_comment", the_plan.pk,
          data={"committee": org.economy.pk, "text": "建议提前到4月"})  # fmt: skip
    assert the_plan.comments.get().text == "建议提前到4月"
    _post(client, org.office, "plan_move", the_plan.pk, data={"target": "submitted"})
    chair = chair_of(org)
    page = _get(client, chair, "plan_detail", the_plan.pk).content.decode()
    assert "主席会议审议通过" in page
    _post(client, chair, "plan_move", the_plan.pk,
          data={"target": "reviewed", "on": timezone.localdate().isoformat(), "doc": "纪要1号"})  # fmt: skip
    the_plan.refresh_from_db()
    assert (the_plan.status, the_plan.reviewed_doc) == ("reviewed", "纪要1号")


def test_the_plan_page_shows_each_items_stage(client, org):
    outcome = sent_outcome(org)
    the_plan = outcome.consultation.plan_item.plan
    response = _get(client, org.office, "plan_detail", the_plan.pk)
    assert 'data-stage="sent"' in response.content.decode()
    for rec in outcome.recommendations.all():
        from consultations import services

        services.recommendation_answer(
            recommendation=rec, status="adopted", answer="好", by=org.staff
        )
    services.outcome_move(outcome=outcome, target=Outcome.Status.CLOSED, by=org.staff)
    assert (
        'data-stage="complete"'
        in _get(client, org.office, "plan_detail", the_plan.pk).content.decode()
    )


def test_a_member_sees_no_plans(client, org):
    the_plan = plan(org)
    _get(client, org.member_user, "plan_detail", the_plan.pk, status=404)
    _get(client, org.member_user, "plan_list", status=403)


# ---- a consultation --------------------------------------------------------------------------


def test_staff_see_what_research_is_missing(client, org):
    c = consultation(org)
    page = _get(client, org.staff, "consultation_detail", c.pk).content.decode()
    assert "尚未登记调研活动" in page
    response = _post(client, org.staff, "consultation_move", c.pk, data={"target": "scheduled"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == Consultation.Status.RESEARCHING


def test_staff_run_the_meeting_through_the_pages(client, org):
    c = research_done(org, consultation(org))
    when = (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    _post(client, org.staff, "consultation_meeting", c.pk,
          data={"starts_at": when, "place": "第二会议室", "notice": "请准时", "materials": ""})  # fmt: skip
    _post(client, org.staff, "participants_invite", c.pk, data={"members": [org.member.pk]})
    _post(client, org.staff, "participant_add", c.pk,
          data={"kind": "official", "name": "刘局长", "department": org.department.pk})  # fmt: skip
    _post(client, org.staff, "consultation_move", c.pk, data={"target": "scheduled"})
    _post(client, org.staff, "consultation_move", c.pk, data={"target": "held"})
    c.refresh_from_db()
    assert c.status == Consultation.Status.HELD and c.place == "第二会议室"
    seat = c.participants.get(member=org.member)
    official = c.participants.get(kind="official")
    _get(client, org.staff, "attendance", c.pk)
    response = _post(client, org.staff, "attendance", c.pk,
                     data={f"a{seat.pk}": "leave", f"r{seat.pk}": "", f"a{official.pk}": "present"})  # fmt: skip
    assert response.status_code == 422
    seat.refresh_from_db()
    assert seat.attendance == ""
    _post(client, org.staff, "attendance", c.pk,
          data={f"a{seat.pk}": "present", f"a{official.pk}": "present"})  # fmt: skip
    assert set(c.participants.values_list("attendance", flat=True)) == {"present"}
    _post(client, org.staff, "speech_add", c.pk, data={"participant": seat.pk, "title": "发言一"})
    assert c.speeches.get().participant == seat
    _get(client, org.staff, "outcome_edit", c.pk)
    _post(client, org.staff, "outcome_edit", c.pk,
          data={"kind": "briefing", "title": "专报", "text": "正文", "sent_to": "市委"})  # fmt: skip
    outcome = Outcome.objects.get(consultation=c)
    _post(client, org.staff, "recommendation_add", outcome.pk,
          data={"text": "建议一", "department": org.department.pk,
                "deadline": (timezone.localdate() + dt.timedelta(days=30)).isoformat()})  # fmt: skip
    assert outcome.recommendations.count() == 1
    page = _get(client, org.staff, "consultation_detail", c.pk).content.decode()
    assert "报分管副主席审核" in page


def test_an_invited_member_sees_the_meeting_not_the_workings(client, org):
    c = research_done(org, consultation(org))
    schedule(org, c)
    page = _get(client, org.member_user, "consultation_detail", c.pk).content.decode()
    assert "您受邀参加本次协商" in page and "调研报告" not in page
    plan_url = reverse("consultations:plan_detail", args=[c.plan_item.plan_id])
    assert plan_url not in page  # he cannot open the plan: no link leading to a 404
    _get(client, org.member_user, "plan_detail", c.plan_item.plan_id, status=404)
    assert plan_url in _get(client, org.staff, "consultation_detail", c.pk).content.decode()
    _get(client, org.other_member_user, "consultation_detail", c.pk, status=404)
    assert (
        _post(
            client, org.member_user, "consultation_move", c.pk, data={"target": "held"}
        ).status_code
        == 403
    )
    c.refresh_from_db()
    assert c.status == Consultation.Status.SCHEDULED


def test_a_member_does_not_see_a_consultation_still_in_research(client, org):
    c = consultation(org)
    from consultations import services

    services.participants_invite(consultation=c, members=[org.member], by=org.staff)
    _get(client, org.member_user, "consultation_detail", c.pk, status=404)


def test_other_committees_and_bodies_get_404(client, org, other_org):
    c = consultation(org)
    other_staff = other_org.staff
    _get(client, other_staff, "consultation_detail", c.pk, status=404)
    response = _post(client, other_staff, "research_add", c.pk,
                     data={"kind": "research", "title": "x", "starts_on": "2026-01-01"})  # fmt: skip
    assert response.status_code == 404 and not c.research.exists()


def test_the_vice_chair_reviews_reports_and_outcomes_from_the_page(
    client, org, django_capture_on_commit_callbacks
):
    outcome = drafted_outcome(org)
    from consultations import services

    with django_capture_on_commit_callbacks(execute=True):
        services.outcome_move(outcome=outcome, target=Outcome.Status.REVIEWING, by=org.staff)
    assert Notification.objects.filter(
        recipient=org.vice_chair, task="consultations.review"
    ).exists()
    page = _get(
        client, org.vice_chair, "consultation_detail", outcome.consultation_id
    ).content.decode()
    assert "审核通过，报主席签发" in page
    _post(client, org.vice_chair, "outcome_move", outcome.pk, data={"target": "signing"})
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.SIGNING
    # The staff cannot sign it off by posting the target.
    _post(client, org.staff, "outcome_move", outcome.pk, data={"target": "sent"})
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.SIGNING
    _post(client, chair_of(org), "outcome_move", outcome.pk, data={"target": "sent"})
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.SENT


# ---- departments -----------------------------------------------------------------------------


def test_a_department_answers_its_recommendation(client, org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = sent_outcome(org)
    ours, theirs = recommendation(outcome, 1), recommendation(outcome, 2)
    assert (
        Notification.objects.filter(recipient=org.unit, task="consultations.feedback").count() == 1
    )
    listing = _get(client, org.unit, "recommendation_list").content.decode()
    assert ours.text in listing and theirs.text not in listing
    _get(client, org.unit, "recommendation_detail", theirs.pk, status=404)
    response = _post(client, org.unit, "recommendation_answer", theirs.pk,
                     data={"status": "adopted", "answer": "好"})  # fmt: skip
    assert response.status_code == 404
    response = _post(client, org.unit, "recommendation_answer", ours.pk,
                     data={"status": "not_adopted", "answer": ""})  # fmt: skip
    assert response.status_code == 422
    _post(client, org.unit, "recommendation_answer", ours.pk,
          data={"status": "adopted", "answer": "已列入年度计划"})  # fmt: skip
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.status, theirs.status) == (Recommendation.Status.ADOPTED, "pending")
    assert Notification.objects.get(recipient=org.unit, task="consultations.feedback").done_at


def test_a_department_sees_nothing_before_the_outcome_is_sent(client, org):
    outcome = drafted_outcome(org)
    _get(client, org.unit, "recommendation_detail", recommendation(outcome).pk, status=404)


# ---- threads ---------------------------------------------------------------------------------


def test_a_member_posts_and_an_ineligible_member_gets_404(client, org):
    t = thread(org)
    page = _get(client, org.member_user, "thread_detail", t.pk).content.decode()
    assert "发表意见" in page
    _post(client, org.member_user, "post_create", t.pk, data={"text": "建议设立企业服务专员"})
    assert t.posts.get().member == org.member
    _get(client, org.other_member_user, "thread_detail", t.pk, status=404)
    response = _post(client, org.other_member_user, "post_create", t.pk, data={"text": "x"})
    assert response.status_code == 404 and t.posts.count() == 1
    response = _post(client, org.member_user, "post_create", t.pk, data={"text": ""})
    assert response.status_code == 422


def test_hidden_posts_leave_the_members_page_but_not_the_moderators(client, org):
    t = thread(org)
    from consultations import services

    post = services.post_add(thread=t, text="广告内容", by=org.member_user)
    assert _post(client, org.member_user, "post_moderate", post.pk,
                 data={"target": "hidden", "reason": "x"}).status_code == 403  # fmt: skip
    _post(client, org.staff, "post_moderate", post.pk, data={"target": "hidden", "reason": "广告"})
    post.refresh_from_db()
    assert post.status == Post.Status.HIDDEN
    assert "广告内容" not in _get(client, org.member_user, "thread_detail", t.pk).content.decode()
    assert "广告内容" in _get(client, org.staff, "thread_detail", t.pk).content.decode()


def test_a_draft_thread_is_not_shown_to_members(client, org):
    t = thread(org, open_=False)
    _get(client, org.member_user, "thread_detail", t.pk, status=404)
    assert t.title not in _get(client, org.member_user, "thread_list").content.decode()


def test_staff_create_and_close_a_thread(client, org):
    closes = (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    _post(client, org.staff, "thread_create",
          data={"title": "营商环境", "description": "说明", "committee": org.economy.pk,
                "audience": "committee", "closes_at": closes})  # fmt: skip
    t = Thread.objects.get()
    _post(client, org.staff, "thread_move", t.pk, data={"target": "open"})
    _post(client, org.staff, "thread_move", t.pk, data={"target": "closed", "summary": ""})
    t.refresh_from_db()
    assert t.status == Thread.Status.OPEN
    _post(client, org.staff, "thread_move", t.pk, data={"target": "closed", "summary": "综述"})
    t.refresh_from_db()
    assert (t.status, t.summary) == (Thread.Status.CLOSED, "综述")


# ---- statistics ------------------------------------------------------------------------------


def test_statistics_and_export(client, org):
    outcome = sent_outcome(org)
    page = _get(client, org.office, "statistics").content.decode()
    assert "经济委员会" in page
    client.force_login(org.office)
    response = client.get(reverse("consultations:statistics_export"))
    assert response.status_code == 200
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[1][0] == outcome.consultation.title and rows[1][9] == 2
    _get(client, org.member_user, "statistics", status=403)


def test_the_hub_answers_each_role(client, org):
    held(org)
    _get(client, org.office, "index")
    _get(client, org.member_user, "index")
    _get(client, org.unit, "index")
    _get(client, org.reviewer, "index", status=403)
    assert Participant.objects.count() == 1


def test_a_thread_linked_to_a_consultation_feeds_its_page(client, org):
    c = consultation(org)
    closes = (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    _post(client, org.staff, "thread_create",
          data={"title": "关联议政", "description": "说明", "committee": org.economy.pk,
                "audience": "committee", "closes_at": closes, "consultation": c.pk})  # fmt: skip
    t = Thread.objects.get()
    assert t.consultation == c
    _post(client, org.staff, "thread_move", t.pk, data={"target": "open"})
    _post(
        client,
        org.staff,
        "thread_move",
        t.pk,
        data={"target": "closed", "summary": "委员建议集中在审批提速"},
    )
    page = _get(client, org.staff, "consultation_detail", c.pk).content.decode()
    assert "委员建议集中在审批提速" in page


def test_a_thread_cannot_be_linked_to_another_committees_consultation(client, org, other_org):
    theirs = consultation(other_org)
    closes = (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = _post(client, org.staff, "thread_create",
                     data={"title": "x", "description": "y", "committee": org.economy.pk,
                           "audience": "committee", "closes_at": closes, "consultation": theirs.pk})  # fmt: skip
    assert response.status_code == 422 and not Thread.objects.exists()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_post_carries_a_checked_attachment(client, org, other_org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    t = thread(org)
    client.force_login(org.member_user)
    url = reverse("consultations:post_create", args=[t.pk])
    bad = SimpleUploadedFile("照片.png", b"not a png at all")
    response = client.post(url, {"text": "带附件的意见", "file": bad})
    assert response.status_code == 422 and not t.posts.exists()
    assert "带附件的意见" in response.content.decode()
    client.post(url, {"text": "带附件的意见", "file": SimpleUploadedFile("材料.pdf", PDF)})
    post = t.posts.get()
    assert post.file_name == "材料.pdf" and not post.file.name.endswith("材料.pdf")
    download = _get(client, org.member_user, "post_file", post.pk)
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    _get(client, org.other_member_user, "post_file", post.pk, status=404)
    _get(client, other_org.office, "post_file", post.pk, status=404)
    from consultations import services

    services.post_moderate(post=post, target="hidden", reason="涉密", by=org.staff)
    _get(client, org.member_user, "post_file", post.pk, status=404)
    _get(client, org.staff, "post_file", post.pk)
