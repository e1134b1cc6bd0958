"""Plans and summaries (§12): draft → 待审批 → 已批准 / 已退回; only the vice-chair in
charge of that committee decides, never on his own submission; a returned plan keeps the
comments and is resubmitted; the 文史资料 plans belong to the culture committee (§4)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from committees.models import PlanItem, WorkPlan
from committees.services import plans as services
from portal.models import Notification, Role, TransitionLog
from portal.services import role_grant
from portal.workflow import transitions_of

from . import committee_work_helpers as h
from .factories import UserFactory

S = WorkPlan.Status


def test_it_drafts_submits_and_approves_a_plan(org):
    plan = h.plan(org, items=2)
    assert plan.status == S.DRAFT
    services.plan_submit(plan=plan, by=org.staff)
    plan.refresh_from_db()
    assert plan.status == S.SUBMITTED
    assert plan.submitted_by == org.staff
    # The vice-chair in charge is told.
    assert Notification.objects.filter(recipient=org.vice_chair, title__contains=plan.title)
    services.plan_decide(plan=plan, approve=True, by=org.vice_chair)
    plan.refresh_from_db()
    assert plan.status == S.APPROVED
    assert plan.decided_by == org.vice_chair
    assert [e.to_state for e in transitions_of(plan)] == [S.SUBMITTED, S.APPROVED]


def test_a_returned_plan_keeps_the_comment_and_is_resubmitted(org):
    plan = services.plan_submit(plan=h.plan(org), by=org.staff)
    with pytest.raises(ValidationError, match="需要填写意见"):
        services.plan_decide(plan=plan, approve=False, comment="  ", by=org.vice_chair)
    services.plan_decide(plan=plan, approve=False, comment="请补充调研时间安排", by=org.vice_chair)
    plan.refresh_from_db()
    assert plan.status == S.RETURNED
    # Staff fix it (a returned plan is editable again) and resubmit.
    services.plan_update(
        plan=plan, title=plan.title, content="五月开展调研", version=plan.version, by=org.staff
    )
    services.plan_submit(plan=plan, by=org.staff)
    services.plan_decide(plan=plan, approve=True, by=org.vice_chair)
    log = list(transitions_of(plan))
    assert [e.to_state for e in log] == [S.SUBMITTED, S.RETURNED, S.SUBMITTED, S.APPROVED]
    assert log[1].comment == "请补充调研时间安排"
    assert log[1].actor == org.vice_chair


def test_only_the_vice_chair_in_charge_of_that_committee_decides(org):
    plan = services.plan_submit(plan=h.plan(org), by=org.staff)
    other_vice_chair = UserFactory(body=org.body)
    role_grant(
        user=other_vice_chair, role=Role.VICE_CHAIR, body=org.body, committee=org.education, by=None
    )
    for user in (org.staff, org.office, org.member_user, other_vice_chair):
        with pytest.raises(ValidationError, match="无权"):
            services.plan_decide(plan=plan, approve=True, by=user)
    plan.refresh_from_db()
    assert plan.status == S.SUBMITTED
    assert TransitionLog.objects.filter(to_state=S.APPROVED).count() == 0


def test_nobody_approves_his_own_submission(org):
    # The vice-chair also works in the committee and submits its plan himself.
    role_grant(
        user=org.vice_chair,
        role=Role.COMMITTEE_STAFF,
        body=org.body,
        committee=org.economy,
        by=None,
    )
    plan = services.plan_submit(plan=h.plan(org, by=org.vice_chair), by=org.vice_chair)
    with pytest.raises(ValidationError, match="无权"):
        services.plan_decide(plan=plan, approve=True, by=org.vice_chair)
    with pytest.raises(ValidationError, match="无权"):
        services.plan_decide(plan=plan, approve=False, comment="退回", by=org.vice_chair)


def test_only_the_committees_staff_submit_and_edit(org):
    plan = h.plan(org)
    for user in (org.office, org.vice_chair, org.member_user):
        with pytest.raises(ValidationError):
            services.plan_submit(plan=plan, by=user)
        with pytest.raises(ValidationError):
            services.plan_update(plan=plan, title="x", content="", version=plan.version, by=user)
    with pytest.raises(ValidationError, match="只有本专委会的工作人员"):
        services.plan_create(
            committee=org.education, kind="annual_plan", year=2026, title="x", by=org.staff
        )


def test_a_submitted_or_approved_plan_cannot_be_edited(org):
    plan = services.plan_submit(plan=h.plan(org), by=org.staff)
    with pytest.raises(ValidationError, match="不能修改"):
        services.plan_update(plan=plan, title="改", content="", version=plan.version, by=org.staff)
    item = plan.items.get()
    with pytest.raises(ValidationError, match="不能修改"):
        services.plan_item_delete(item=item, by=org.staff)
    with pytest.raises(ValidationError, match="不能修改"):
        services.plan_item_save(
            item=PlanItem(plan=plan, activity_type="research", topic="t", lead="l"),
            sector_groups=[],
            by=org.staff,
        )
    assert plan.items.count() == 1


def test_repeating_a_transition_has_no_extra_effect(org):
    plan = services.plan_submit(plan=h.plan(org), by=org.staff)
    with pytest.raises(ValidationError, match="无需重复"):
        services.plan_submit(plan=plan, by=org.staff)
    services.plan_decide(plan=plan, approve=True, by=org.vice_chair)
    with pytest.raises(ValidationError):
        services.plan_decide(plan=plan, approve=True, by=org.vice_chair)
    assert TransitionLog.objects.filter(object_id=plan.pk, to_state=S.APPROVED).count() == 1


def test_an_empty_plan_or_summary_is_not_submitted(org):
    plan = h.plan(org, items=0)
    with pytest.raises(ValidationError, match="没有任何事项"):
        services.plan_submit(plan=plan, by=org.staff)
    summary = services.plan_create(
        committee=org.economy,
        kind="annual_summary",
        year=2025,
        title="2025年工作总结",
        by=org.staff,
    )
    with pytest.raises(ValidationError, match="正文为空"):
        services.plan_submit(plan=summary, by=org.staff)
    services.plan_update(
        plan=summary, title=summary.title, content="全年开展活动12次。", version=1, by=org.staff
    )
    assert services.plan_submit(plan=summary, by=org.staff).status == S.SUBMITTED


def test_a_stale_form_does_not_overwrite(org):
    plan = h.plan(org)
    stale = plan.version
    services.plan_update(plan=plan, title="甲", content="", version=stale, by=org.staff)
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.plan_update(plan=plan, title="乙", content="", version=stale, by=org.staff)
    plan.refresh_from_db()
    assert plan.title == "甲"


def test_archives_plans_belong_to_the_culture_committee(org):
    with pytest.raises(ValidationError, match="文化文史和学习委员会"):
        services.plan_create(
            committee=org.economy, kind="archives_annual_plan", year=2026, title="x", by=org.staff
        )
    culture_staff = UserFactory(body=org.body)
    role_grant(
        user=culture_staff,
        role=Role.COMMITTEE_STAFF,
        body=org.body,
        committee=org.culture,
        by=None,
    )
    term_plan = services.plan_create(
        committee=org.culture,
        kind="archives_term_plan",
        year=2024,
        title="届内规划",
        by=culture_staff,
    )
    # The term plan is kept under the term's first year: one per term.
    assert term_plan.year == org.term.start_date.year
    with pytest.raises(ValidationError, match="已经存在"):
        services.plan_create(
            committee=org.culture,
            kind="archives_term_plan",
            year=2025,
            title="again",
            by=culture_staff,
        )


def test_a_plan_outside_every_term_is_refused(org):
    with pytest.raises(ValidationError, match="不在本级政协的任何届次内"):
        services.plan_create(
            committee=org.economy, kind="annual_plan", year=2015, title="x", by=org.staff
        )


def test_plan_items_take_sector_groups_of_the_body_only(org, other_org):
    plan = h.plan(org, items=0)
    item = PlanItem(plan=plan, activity_type="research", topic="调研", lead="张")
    with pytest.raises(ValidationError, match="不属于本级政协"):
        services.plan_item_save(item=item, sector_groups=[other_org.economy_group], by=org.staff)
    services.plan_item_save(item=item, sector_groups=[org.economy_group], by=org.staff)
    assert list(item.sector_groups.all()) == [org.economy_group]


def test_a_committee_without_vice_chair_cannot_submit(org):
    from portal.models import RoleAssignment
    from portal.services import role_revoke

    role_revoke(
        assignment=RoleAssignment.objects.get(role=Role.VICE_CHAIR, committee=org.economy), by=None
    )
    with pytest.raises(ValidationError, match="尚未设置分管副主席"):
        services.plan_submit(plan=h.plan(org), by=org.staff)


def test_in_december_the_office_sets_up_the_next_term_and_staff_plan_the_next_year(org, client):
    """Issue 10, defect 8: next year's plan is refused with what to do, until the office
    enters the next term ahead of time."""
    import datetime as dt

    from django.urls import reverse
    from django.utils import timezone

    from organisation.models import Term

    year = timezone.localdate().year
    org.term.end_date = dt.date(year, 12, 31)
    org.term.save()
    client.force_login(org.staff)
    url = reverse("committees:plan_create", args=[org.economy.pk])
    data = {"kind": "annual_plan", "year": year + 1, "title": f"{year + 1}年工作计划"}
    page = client.post(url, data)
    assert page.status_code == 200
    assert "届次" in page.text and "系统管理" in page.text
    assert not org.economy.work_plans.filter(year=year + 1).exists()
    client.force_login(org.office)
    response = client.post(
        reverse("organisation:term_create"),
        {
            "number": 5,
            "name": "第五届",
            "start_date": f"{year + 1}-01-10",
            "end_date": f"{year + 6}-01-09",
        },
    )
    assert response.status_code == 302
    assert Term.objects.filter(body=org.body, number=5).exists()
    client.force_login(org.staff)
    assert client.post(url, data).status_code == 302
    assert org.economy.work_plans.filter(year=year + 1).count() == 1
