"""Quota reminders: an unmet quota at 50 %, 75 % and 90 % of its period reminds the
committee's staff, at 90 % the vice-chair in charge too; body quotas remind the office; a
member's own quota reminds the member. Each once: a run twice sends nothing new."""

from __future__ import annotations

import datetime as dt

import pytest

from committees.models import Activity
from evaluation import tasks
from evaluation.models import Quota
from evaluation.selectors import body_board
from evaluation.services import reminder_point, send_quota_reminders
from portal.models import Notification

from . import committee_work_helpers as h

T = Activity.Type


@pytest.fixture
def quota_org(org):
    org.term.end_date = dt.date(2026, 12, 31)
    org.term.save()
    # Keep the test to one quota of each kind of unit.
    Quota.objects.filter(body=None).exclude(code__in=["Q1", "Q18"]).update(is_active=False)
    return org


def _keys(user) -> set[str]:
    return set(Notification.objects.filter(recipient=user).values_list("dedupe_key", flat=True))


def _remind(org, day: dt.date) -> int:
    return send_quota_reminders(body_board(org.body, day))


def test_reminders_at_50_75_and_90_percent_each_once(quota_org):
    org = quota_org
    economy = f"quota:Q1:committee:{org.economy.pk}:2024"
    assert _remind(org, dt.date(2024, 6, 1)) == 0  # 42 % of the year
    _remind(org, dt.date(2024, 7, 2))  # 50 %
    assert _keys(org.staff) == {f"{economy}:50"}
    assert _keys(org.vice_chair) == set()
    assert _remind(org, dt.date(2024, 7, 3)) == 0  # nothing new the next day
    _remind(org, dt.date(2024, 10, 1))  # 75 %
    _remind(org, dt.date(2024, 11, 25))  # 90 %
    assert _keys(org.staff) == {f"{economy}:50", f"{economy}:75", f"{economy}:90"}
    # At 90 % the vice-chair in charge of the committee is told as well.
    assert _keys(org.vice_chair) == {f"{economy}:90"}
    # The body's quota goes to the office.
    assert f"quota:Q18:body:{org.body.pk}:2024:90" in _keys(org.office)
    assert not _keys(org.member_user)


def test_a_late_first_run_sends_only_the_latest_point(quota_org):
    _remind(quota_org, dt.date(2024, 11, 25))
    assert {k.rsplit(":", 1)[1] for k in _keys(quota_org.staff)} == {"90"}


def test_a_met_quota_reminds_nobody(quota_org):
    org = quota_org
    h.done_activity(org, day=dt.date(2024, 3, 1), type=T.THEORY_STUDY)
    _remind(org, dt.date(2024, 7, 2))
    assert not any(f"committee:{org.economy.pk}" in k for k in _keys(org.staff))


def test_reminder_points_are_the_offices_choice(quota_org):
    from evaluation.services import quota_update

    org = quota_org
    quota_update(
        quota=Quota.objects.get(code="Q1"),
        body=org.body,
        changes={"reminder_points": [30]},
        by=org.office,
    )
    _remind(org, dt.date(2024, 11, 25))
    assert {k.rsplit(":", 1)[1] for k in _keys(org.staff)} == {"30"}


def test_a_members_own_quota_reminds_the_member(quota_org):
    org = quota_org
    Quota.objects.create(
        body=org.body,
        code="M1",
        article=14,
        title="参加履职活动",
        requirement="每年至少参加1次",
        scope="member",
        period="year",
        metric="member_attendance",
        activity_types=list(T.values),
        target=1,
        reminder_points=[50],
    )
    h.held_activity(org, day=dt.date(2024, 3, 1), present=[org.other_member])
    _remind(org, dt.date(2024, 7, 2))
    assert _keys(org.member_user) == {f"quota:M1:member:{org.member.pk}:2024:50"}
    assert _keys(org.other_member_user) == set()  # he attended


def test_unavailable_quotas_remind_nobody(quota_org, monkeypatch):
    from portal.registry import quota_counters

    monkeypatch.setattr(quota_counters, "_entries", dict(quota_counters._entries))
    quota_counters.unregister("social_opinion_reports")  # as before the module is installed
    Quota.objects.filter(code="Q16").update(is_active=True)
    board = body_board(quota_org.body, dt.date(2024, 11, 25))
    progress = next(u for u in board.committees if u.pk == quota_org.economy.pk).progress["Q16"]
    assert reminder_point(progress, board.day) is None


def test_the_daily_task_runs_twice_without_sending_anything_new(quota_org, monkeypatch):
    from types import SimpleNamespace

    monkeypatch.setattr(tasks, "timezone", SimpleNamespace(localdate=lambda: dt.date(2024, 11, 25)))
    tasks.quota_reminders_task()
    first = Notification.objects.count()
    assert first >= 3  # staff and vice-chair (Q1), the office (Q18)
    tasks.quota_reminders_task()
    assert Notification.objects.count() == first
