"""The office's plans for the year (§13): assembled from the committees' plan items and
activities; before approval, clashes are shown — same time and place, or the same members
invited to two activities at once. Clash detection runs in SQL (one query for the pairs)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import Activity, OfficePlan
from committees.selectors.clashes import clashes_of
from committees.selectors.plans import find_clashes, office_plan_contents
from committees.services import activities as activity_services
from committees.services import plans as services

from . import committee_work_helpers as h

T = Activity.Type
YEAR = timezone.localdate().year + 1  # a year whose activities are all in the future
DAY = dt.date(YEAR, 5, 12)


def _activity(org, *, start: dt.datetime, hours: int = 2, place: str = "市政协三楼会议室", **kw):
    return h.draft_activity(org, starts_at=start, hours=hours, place=place, **kw)


def test_same_place_at_overlapping_times_clashes(org):
    a = _activity(org, start=h.at(DAY, 9), type=T.INSPECTION, place="市政协三楼会议室")
    b = _activity(org, start=h.at(DAY, 10), type=T.RESEARCH, place=" 市政协三楼会议室 ")
    _activity(org, start=h.at(DAY, 11), type=T.INSPECTION, place="康巴什区会展中心")
    # Back to back is not a clash: one ends at 11:00 when the other starts.
    _activity(org, start=h.at(DAY, 11), type=T.INSPECTION, place="市政协三楼会议室")
    clashes = find_clashes(
        body_id=org.body.pk, start=h.at(DAY, 0), end=h.at(DAY + dt.timedelta(days=1), 0)
    )
    pairs = {(c.first.pk, c.second.pk, c.same_place) for c in clashes}
    later = Activity.objects.get(starts_at=h.at(DAY, 11), place="市政协三楼会议室")
    assert pairs == {(a.pk, b.pk, True), (b.pk, later.pk, True)}


def test_the_same_members_invited_to_two_activities_at_once_clash(org):
    a = _activity(org, start=h.at(DAY, 9), type=T.INSPECTION, place="甲地")
    b = _activity(org, start=h.at(DAY, 10), type=T.SYMPOSIUM, place="乙地")
    c = _activity(org, start=h.at(DAY, 14), type=T.SYMPOSIUM, place="乙地")
    for activity in (a, b, c):
        activity_services.invitations_add(
            activity=activity, members=[org.member, org.other_member], by=org.staff
        )
    clashes = find_clashes(
        body_id=org.body.pk, start=h.at(DAY, 0), end=h.at(DAY + dt.timedelta(days=1), 0)
    )
    assert len(clashes) == 1
    clash = clashes[0]
    assert (clash.first, clash.second, clash.same_place) == (a, b, False)
    assert clash.members == [org.member, org.other_member]


def test_cancelled_activities_and_other_bodies_never_clash(org, other_org):
    a = _activity(org, start=h.at(DAY, 9), type=T.INSPECTION)
    b = _activity(org, start=h.at(DAY, 9), type=T.INSPECTION)
    h.draft_activity(other_org, starts_at=h.at(DAY, 9), type=T.INSPECTION, place=a.place)
    activity_services.activity_cancel(activity=b, reason="改期", by=org.staff)
    assert find_clashes(body_id=org.body.pk, start=h.at(DAY, 0), end=h.at(DAY, 23)) == []


def test_the_plan_lists_items_and_activities_of_its_kind_and_only_its_clashes(org):
    draft = h.plan(org, year=YEAR, items=1, activity_type=T.INSPECTION, topic="煤矿安全生产视察")
    # Draft plans are not in the office's plan yet; submitted ones are.
    assert office_plan_contents(body_id=org.body.pk, year=YEAR, kind="inspection").items == []
    submitted = services.plan_submit(plan=draft, by=org.staff)
    inspection = _activity(org, start=h.at(DAY, 9), type=T.INSPECTION)
    # A study session in the same room at the same time clashes with the inspection.
    study = _activity(org, start=h.at(DAY, 9), type=T.THEORY_STUDY)
    # Two trainings clash with each other only: not part of the inspection plan.
    _activity(org, start=h.at(DAY, 15), type=T.TRAINING, place="党校")
    _activity(org, start=h.at(DAY, 15), type=T.TRAINING, place="党校")
    contents = office_plan_contents(body_id=org.body.pk, year=YEAR, kind="inspection")
    assert [item.topic for item in contents.items] == ["煤矿安全生产视察"]
    assert contents.items[0].plan == submitted
    assert list(contents.activities) == [inspection]
    assert contents.summary.total == 1 and contents.summary.months[DAY.month - 1] == 1
    clashes = clashes_of(contents.clash_pairs)
    assert [(c.first, c.second) for c in clashes] == [(inspection, study)]
    consultation = office_plan_contents(body_id=org.body.pk, year=YEAR, kind="consultation")
    assert consultation.items == [] and not consultation.activities.exists()
    assert consultation.summary.total == 0 and consultation.clash_pairs == []


def test_approval_with_clashes_needs_a_reason(org):
    _activity(org, start=h.at(DAY, 9), type=T.INSPECTION)
    _activity(org, start=h.at(DAY, 9), type=T.STUDY_TOUR)
    with pytest.raises(ValidationError, match="2|冲突"):
        services.office_plan_approve(
            body_id=org.body.pk, year=YEAR, kind="inspection", by=org.office
        )
    plan = services.office_plan_approve(
        body_id=org.body.pk,
        year=YEAR,
        kind="inspection",
        comment="两项活动已协调改到不同会议室",
        by=org.office,
    )
    assert plan.status == OfficePlan.Status.APPROVED
    assert plan.approved_by == org.office
    with pytest.raises(ValidationError, match="需要填写意见"):
        services.office_plan_reopen(plan=plan, comment="", by=org.office)
    plan = services.office_plan_reopen(plan=plan, comment="新增视察安排", by=org.office)
    assert plan.status == OfficePlan.Status.DRAFT


def test_only_the_office_of_the_body_approves(org, other_org):
    for user in (org.staff, org.vice_chair, other_org.office):
        with pytest.raises(ValidationError, match="无权"):
            services.office_plan_approve(
                body_id=org.body.pk, year=YEAR, kind="consultation", by=user
            )
    assert not OfficePlan.objects.filter(status=OfficePlan.Status.APPROVED).exists()


def test_clash_detection_is_a_constant_number_of_queries(org):
    for hour in range(8, 18):
        a = _activity(org, start=h.at(DAY, hour), type=T.INSPECTION)
        activity_services.invitations_add(activity=a, members=[org.member], by=org.staff)
    with CaptureQueriesContext(connection) as few:
        find_clashes(body_id=org.body.pk, start=h.at(DAY, 0), end=h.at(DAY, 23))
    for hour in range(8, 18):
        a = _activity(org, start=h.at(DAY, hour, 30), type=T.INSPECTION)
        activity_services.invitations_add(
            activity=a, members=[org.member, org.other_member], by=org.staff
        )
    with CaptureQueriesContext(connection) as many:
        clashes = find_clashes(body_id=org.body.pk, start=h.at(DAY, 0), end=h.at(DAY, 23))
    assert len(clashes) > 10
    # The pairs (in a savepoint, with JIT off), the activities, the members.
    sql = [q["sql"] for q in many.captured_queries]
    assert len(few) == len(many) == 6, sql
    assert sum("SAVEPOINT" not in q and "jit" not in q for q in sql) == 3


def test_office_plan_pages(client, org):
    _activity(org, start=h.at(DAY, 9), type=T.INSPECTION, topic="视察甲")
    _activity(org, start=h.at(DAY, 9), type=T.STUDY_TOUR, topic="考察乙")
    client.force_login(org.office)
    response = client.get(reverse("committees:office_plan_list") + f"?year={YEAR}")
    assert response.status_code == 200
    url = reverse("committees:office_plan_detail", args=[YEAR, "inspection"])
    response = client.get(url)
    assert "视察甲" in response.text and "考察乙" in response.text
    assert "发现 1 处冲突" in response.text
    response = client.post(
        reverse("committees:office_plan_approve", args=[YEAR, "inspection"]), {"comment": ""}
    )
    assert response.status_code == 302
    assert not OfficePlan.objects.filter(status="approved").exists()
    client.post(
        reverse("committees:office_plan_approve", args=[YEAR, "inspection"]),
        {"comment": "已协调"},
    )
    assert OfficePlan.objects.get(year=YEAR, kind="inspection").status == "approved"
    assert (
        client.get(reverse("committees:office_plan_detail", args=[YEAR, "nonsense"])).status_code
        == 404
    )


def _triples(org, days: range, *, topic: str) -> None:
    """Three inspections at once in one room per day: three clashes a day."""
    for day in days:
        for n in range(3):
            _activity(
                org,
                start=h.at(dt.date(YEAR, 3, 1) + dt.timedelta(days=day), 9),
                type=T.INSPECTION,
                topic=f"{topic}{day:02d}-{n}",
            )


def test_the_office_plan_page_shows_a_page_of_clashes_and_activities_at_a_fixed_cost(client, org):
    """The year's clashes and activities are shown 20 and 30 a page with their totals and
    the activities' count per committee and month; more of them cost no more queries."""
    client.force_login(org.office)
    url = reverse("committees:office_plan_detail", args=[YEAR, "inspection"])
    _triples(org, range(1), topic="视察")
    client.get(url)  # the clash pairs are cached from here on (per body, bumped by changes)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert "发现 3 处冲突" in response.text
    _triples(org, range(1, 12), topic="视察")  # 36 activities, 36 clashes
    response = client.get(url)  # computed afresh: the activities changed
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert "发现 36 处冲突" in response.text
    assert "全年共 36 项活动" in response.text
    assert "第 1 / 2 页，共 36 条" in response.text  # both lists: 20 and 30 a page
    assert "视察00-0" in response.text and "视察10-0" not in response.text
    page2 = client.get(url + "?page=2").text
    assert "视察10-0" in page2 and "视察11-2" in page2
    assert '<a href="/committees/activities/' in page2
    # The activities' second page: the first day's clashes are still on the clash list.
    assert page2.count("视察00-0") == 2
    clashes2 = client.get(url + "?clashes=2").text
    assert "视察11-2" in clashes2.split('id="activities"')[0]
    assert "视察00-0" not in clashes2.split('id="activities"')[0]
    # The approval form is on every page.
    assert 'id="office-plan-approve"' in clashes2


def test_the_cached_clash_report_follows_changes(client, org):
    client.force_login(org.office)
    url = reverse("committees:office_plan_detail", args=[YEAR, "inspection"])
    a = _activity(org, start=h.at(DAY, 9), type=T.INSPECTION, place="甲地")
    b = _activity(org, start=h.at(DAY, 9), type=T.INSPECTION, place="乙地")
    assert "没有时间地点冲突或人员冲突" in client.get(url).text
    activity_services.invitations_add(activity=a, members=[org.member], by=org.staff)
    activity_services.invitations_add(activity=b, members=[org.member], by=org.staff)
    assert "发现 1 处冲突" in client.get(url).text
    activity_services.activity_cancel(activity=b, reason="改期", by=org.staff)
    assert "没有时间地点冲突或人员冲突" in client.get(url).text
