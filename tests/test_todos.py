"""The 待办 list: every module's open work per person (portal.todos and the registered
kinds), on the home page, its own page and in the top bar; each item a link to where the
work is done, oldest first, gone once done; a fixed number of queries whatever the data."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import Activity, ActivityInvitation, WorkPlan
from committees.services import activities as activity_services
from committees.services import plans as plan_services
from members.models import CommitteeMembership, Member
from notices.models import Notice
from portal.models import Role
from portal.registry import Todo, TodoKind, todo_kinds
from portal.services import role_grant
from portal.todos import count_many, counts
from proposals import services as proposal_services
from proposals.models import Proposal

from . import proposals_helpers as p
from .committee_work_helpers import draft_activity, new_member, plan, published_activity
from .factories import UserFactory
from .notices_helpers import answer, published_notice

pytestmark = pytest.mark.django_db


def titles(client, user) -> list[str]:
    """The titles on the user's 待办 page, in their order."""
    client.force_login(user)
    page = client.get(reverse("portal:todo_list")).content.decode()
    return re.findall(r'<span class="fw-semibold text-break">([^<]*)</span>', page)


def unseated(org, name: str) -> Member:
    """A member in office who sits in no committee (his seat was ended on his first day)."""
    member = new_member(org, name=name)
    CommitteeMembership.objects.filter(member=member).delete()
    return member


def has(client, user, text: str) -> bool:
    return any(text in t for t in titles(client, user))


# ---- the kernel ---------------------------------------------------------------------------


def test_count_many_equals_separate_counts(org):
    querysets = {
        "members": Member.objects.filter(body=org.body),
        "seats": CommitteeMembership.objects.filter(committee=org.economy),
        "named": Member.objects.filter(name__in=["周委员", "不存在"], body=org.body),
        "none": Member.objects.filter(pk=-1),
    }
    with CaptureQueriesContext(connection) as captured:
        got = count_many(querysets)
    assert len(captured) == 1
    assert (
        got
        == {name: qs.count() for name, qs in querysets.items()}
        == {
            "members": 2,
            "seats": 1,
            "named": 1,
            "none": 0,
        }
    )


def test_kinds_apply_by_role_without_a_query(org):
    from portal.access import roles_of
    from portal.todos import open_work

    roles_of(org.member_user)  # loaded once per request by the page frame
    with CaptureQueriesContext(connection) as captured:
        member_kinds = set(open_work(org.member_user))
    assert len(captured) == 0
    assert {"proposals.cosign", "committees.invitation", "notices.receipt"} <= member_kinds
    assert "committees.plan_approval" not in member_kinds
    roles_of(org.vice_chair)
    assert set(open_work(org.vice_chair)) == {
        "committees.plan_approval",
        "committees.activity_approval",
        "consultations.review",
        "consultations.report_review",
    }
    nobody = UserFactory(body=org.body)
    assert counts(nobody).kinds == ()


def test_adding_a_kind_is_one_registration(org, client):
    kind = TodoKind(
        "test.welcome",
        "欢迎",
        open=lambda user: Member.objects.filter(user=user),
        todo=lambda member: Todo(title=f"完善资料：{member.name}", url="/", since=None),
    )
    todo_kinds.register(kind)
    try:
        assert titles(client, org.member_user)[0] == "完善资料：周委员"
        assert titles(client, org.office) == [] or "完善资料" not in titles(client, org.office)[0]
    finally:
        todo_kinds.unregister("test.welcome")


def test_the_top_bar_counts_open_work_per_kind(org, client):
    p.joint_awaiting(org)
    published_notice(org)
    client.force_login(org.other_member_user)
    page = client.get(reverse("portal:notification_list")).content.decode()
    assert re.search(r'id="todo-count"[^>]*>\s*2\s*<', page)
    assert "联名邀请" in page and "通知公告" in page
    assert "?kind=proposals.cosign" in page


def test_oldest_first_across_kinds(org, client):
    proposal = p.joint_awaiting(org)
    notice = published_notice(org)
    Notice.objects.filter(pk=notice.pk).update(published_at=timezone.now() - dt.timedelta(days=9))
    got = titles(client, org.other_member_user)
    assert got[0].startswith("填写回执") and got[1] == f"确认联名：《{proposal.title}》"


def test_the_kind_filter_pages_one_kind(org, client):
    for n in range(35):
        unseated(org, f"待入委{n}")
    client.force_login(org.office)
    page = client.get(reverse("portal:todo_list"), {"kind": "members.unseated"}).content.decode()
    assert page.count("安排入委") == 30 and "第 1 / 2 页" in page
    page2 = client.get(reverse("portal:todo_list"), {"kind": "members.unseated", "page": 2})
    assert page2.content.decode().count("安排入委") == 5
    # Another person's kind is not a way in: the whole list is shown instead.
    client.force_login(org.member_user)
    page = client.get(reverse("portal:todo_list"), {"kind": "members.unseated"}).content.decode()
    assert "安排入委" not in page


def test_the_home_page_shows_the_oldest_with_links(org, client):
    proposal = p.joint_awaiting(org)
    client.force_login(org.other_member_user)
    page = client.get(reverse("portal:home")).content.decode()
    section = page.split('id="todos"')[1].split("</section>")[0]
    assert f'href="/proposals/{proposal.pk}/"' in section and "确认联名" in section


# ---- each module's kinds, from open to done ---------------------------------------------


def test_co_sign_requests(org, client):
    proposal = p.joint_awaiting(org)
    assert has(client, org.other_member_user, "确认联名")
    assert not has(client, org.member_user, "确认联名")
    proposal_services.signer_answer(proposal=proposal, by=org.other_member_user, accept=True)
    assert not has(client, org.other_member_user, "确认联名")


def test_reviews_recommendations_and_assignment(org, client):
    proposal = p.submitted(org)
    assert has(client, org.reviewer, "审查提案")
    assert not has(client, org.office, "审查提案")  # the office confirms and assigns
    proposal_services.proposal_recommend(
        proposal=proposal, by=org.reviewer, review=proposal_services.Review(decision="file")
    )
    assert not has(client, org.reviewer, "审查提案")
    assert has(client, org.office, "确认审查建议")
    proposal_services.proposal_confirm_recommendation(proposal=proposal, by=org.office)
    assert not has(client, org.office, "确认审查建议")
    assert has(client, org.office, "交办提案")
    client.force_login(org.office)
    page = client.get(reverse("portal:todo_list")).content.decode()
    assert f'href="/proposals/{proposal.pk}/assign/"' in page


def test_a_reviewer_never_reviews_his_own(org, client):
    role_grant(user=org.member_user, role=Role.REVIEWER, body=org.body, by=None)
    p.submitted(org)
    assert not has(client, org.member_user, "审查提案")
    assert has(client, org.reviewer, "审查提案")


def test_handling_from_assignment_to_rating(org, client):
    proposal = p.assigned(org)
    assignment = p.lead_assignment(proposal)
    assert not has(client, org.office, "交办提案")
    assert has(client, org.unit, "签收或退回交办")
    proposal_services.assignment_accept(assignment=assignment, by=org.unit)
    assert not has(client, org.unit, "签收或退回交办")
    assert has(client, org.unit, "答复提案者")
    p.contact(org, assignment)
    assert has(client, org.member_user, "确认沟通情况")
    communication = proposal.communications.get()
    proposal_services.communication_answer(
        communication=communication, by=org.member_user, confirmed=True
    )
    assert not has(client, org.member_user, "确认沟通情况")
    p.reply(org, assignment)
    assert not has(client, org.unit, "答复提案者")
    assert has(client, org.member_user, "评价办理答复")
    proposal_services.proposal_evaluate(proposal=proposal, by=org.member_user, result="satisfied")
    assert not has(client, org.member_user, "评价办理答复")


def test_plans_between_staff_and_vice_chair(org, client):
    draft = plan(org)
    assert not has(client, org.vice_chair, "审批")
    plan_services.plan_submit(plan=draft, by=org.staff)
    assert has(client, org.vice_chair, f"审批：{draft.title}")
    plan_services.plan_decide(plan=draft, approve=False, comment="补充调研安排", by=org.vice_chair)
    assert not has(client, org.vice_chair, "审批")
    assert has(client, org.staff, f"修改后重新报送：{draft.title}")
    plan_services.plan_submit(plan=draft, by=org.staff)
    assert not has(client, org.staff, "修改后重新报送")
    assert has(client, org.vice_chair, f"审批：{draft.title}")


def test_major_activities_and_publishing(org, client):
    activity = draft_activity(org, is_major=True, topic="重大视察活动")
    activity_services.activity_submit(activity=activity, by=org.staff)
    assert has(client, org.vice_chair, "审批重大活动：重大视察活动")
    activity_services.activity_decide(activity=activity, approve=True, by=org.vice_chair)
    assert not has(client, org.vice_chair, "审批重大活动")
    assert has(client, org.staff, "发布已批准的活动：重大视察活动")
    activity_services.activity_publish(activity=activity, by=org.staff)
    assert not has(client, org.staff, "发布已批准的活动")


def test_a_vice_chair_is_not_asked_about_his_own_submission(org, client):
    role_grant(
        user=org.vice_chair,
        role=Role.COMMITTEE_STAFF,
        body=org.body,
        committee=org.economy,
        by=None,
    )
    draft = plan(org, by=org.vice_chair)
    plan_services.plan_submit(plan=draft, by=org.vice_chair)
    assert WorkPlan.objects.get(pk=draft.pk).status == "submitted"
    assert not has(client, org.vice_chair, "审批")


def test_invitations_and_attendance(org, client):
    activity = published_activity(org, members=[org.member], topic="委员讲堂")
    assert has(client, org.member_user, "回复活动邀请：委员讲堂")
    invitation = ActivityInvitation.objects.get(activity=activity, member=org.member)
    activity_services.invitation_respond(
        invitation=invitation, response="accepted", by=org.member_user
    )
    assert not has(client, org.member_user, "回复活动邀请")
    past = published_activity(
        org,
        members=[org.member],
        topic="已结束的调研",
        starts_at=timezone.now() - dt.timedelta(days=2),
    )
    assert has(client, org.staff, "登记考勤：已结束的调研")
    assert not has(client, org.member_user, "回复活动邀请：已结束的调研")
    entry = ActivityInvitation.objects.get(activity=past)
    activity_services.attendance_record(
        activity=past, entries={entry.pk: ("present", "")}, by=org.staff
    )
    assert not has(client, org.staff, "登记考勤")


def test_the_office_records_attendance_of_its_own_meetings(org, client):
    meeting = draft_activity(
        org,
        by=org.office,
        committee=None,
        type=Activity.Type.JOINT_MEETING,
        topic="秘书长和专委会主任联席会议",
        starts_at=timezone.now() - dt.timedelta(days=1),
    )
    activity_services.invitations_add(activity=meeting, members=[org.member], by=org.office)
    activity_services.activity_publish(activity=meeting, by=org.office)
    assert has(client, org.office, "登记考勤：秘书长和专委会主任联席会议")
    assert not has(client, org.staff, "登记考勤")


def test_unseated_members_and_committees_without_a_vice_chair(org, client):
    waiting = unseated(org, "待入委委员")
    got = titles(client, org.office)
    assert "安排入委：待入委委员" in got
    assert "设置分管副主席：提案委员会" in got and "设置分管副主席：经济委员会" not in got
    from members.services import membership_start

    membership_start(
        member=waiting,
        committee=org.economy,
        role="member",
        start_date=timezone.localdate(),
        by=org.office,
    )
    assert "安排入委：待入委委员" not in titles(client, org.office)


def test_notices_to_read_and_to_answer(org, client):
    notice = published_notice(org)
    plain = published_notice(org, title="学习资料", kind="announcement", wants_reply=False)
    got = titles(client, org.member_user)
    assert f"填写回执：{notice.title}" in got and "阅读通知：学习资料" in got
    client.get(reverse("notices:notice_detail", args=[plain.pk]))
    client.get(reverse("notices:notice_detail", args=[notice.pk]))
    got = titles(client, org.member_user)
    assert "阅读通知：学习资料" not in got and f"填写回执：{notice.title}" in got
    answer(notice, org.member, org.member_user)
    assert not any("通知" in t or "回执" in t for t in titles(client, org.member_user))


def test_counts_equal_the_listed_work(org, client):
    p.joint_awaiting(org)
    p.joint_awaiting(org, title="关于完善城市公交线网的建议")
    published_notice(org)
    found = counts(org.other_member_user)
    assert found.of("proposals.cosign") == 2 and found.of("notices.receipt") == 1
    assert len(titles(client, org.other_member_user)) == found.total == 3


# ---- query counts -------------------------------------------------------------------------


def _more_work(org, n: int) -> None:
    """n more pieces of open work of every kind, for every role of org."""
    for i in range(n):
        title = f"关于第{n}-{i}项民生实事的建议"
        p.joint_awaiting(org, title=title)  # other_member co-signs
        p.submitted(org, title=title + "（审查）")  # the reviewer reviews
        proposal = p.assigned(org, title=title + "（交办）")  # the unit accepts
        p.contact(org, p.lead_assignment(proposal))  # the member confirms
        year = 2022 + WorkPlan.objects.filter(committee=org.economy).count()
        draft = plan(org, year=year)
        plan_services.plan_submit(plan=draft, by=org.staff)  # the vice-chair decides
        published_activity(org, members=[org.member], topic=f"活动{n}-{i}")
        published_activity(
            org,
            members=[org.member],
            topic=f"已结束{n}-{i}",
            starts_at=timezone.now() - dt.timedelta(days=2),
        )
        unseated(org, f"新委员{n}-{i}")
        published_notice(org, title=f"通知{n}-{i}")
    p.filed(org, title=f"立案待交办{n}")


@pytest.mark.parametrize("role", ["office", "staff", "vice_chair", "member", "unit", "reviewer"])
@pytest.mark.parametrize("page", ["portal:home", "portal:todo_list"])
def test_the_same_queries_for_little_and_much_work(org, client, role, page):
    user = org.login_of(role) if role != "member" else org.other_member_user
    client.force_login(user)
    url = reverse(page)
    _more_work(org, 1)
    client.get(url)
    few = _queries(client, url)
    _more_work(org, 4)
    many = _queries(client, url)
    assert few == many
    # The frame, the sections and one row query per kind of open work the role has: every
    # module that registers a kind for the role adds one (archives, 社情民意 for members).
    assert many <= 30


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_page_frame_counts_everything_in_one_query(org, client):
    _more_work(org, 2)
    client.force_login(org.office)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("portal:notification_list"))
    counting = [q for q in captured.captured_queries if q["sql"].startswith("SELECT (SELECT COUNT")]
    assert len(counting) == 1
    assert Proposal.objects.exists()


@pytest.mark.parametrize("role", ["office", "member"])
def test_the_home_asks_rows_only_of_the_kinds_with_open_work(org, role):
    from django.test import RequestFactory

    from portal.access import roles_of
    from portal.hooks import HOME_TODOS, home_todos
    from portal.todos import counts_for

    _more_work(org, 1)
    user = org.login_of(role) if role != "member" else org.other_member_user
    request = RequestFactory().get("/")
    request.user = user
    roles_of(user)
    found = counts_for(request)  # the page frame's one counting query
    assert found.nonzero and len(found.nonzero) < len(found.kinds)
    with CaptureQueriesContext(connection) as captured:
        context = home_todos(request)
    assert len(captured) == len(found.nonzero)  # one row query per kind with work
    shown = min(found.total, HOME_TODOS)
    assert len(context["todos"]) == shown and context["todo_counts"] is found
