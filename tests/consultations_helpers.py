"""Builders for 协商 tests: each step goes through the services, as the office, the
economy committee's staff, its vice-chair in charge and the chair of
`tests.conftest.build_org` would in the portal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations import services
from consultations.models import (
    Consultation,
    ConsultationKind,
    Outcome,
    Plan,
    PlanItem,
    Recommendation,
    Research,
    ResearchReport,
    Thread,
)
from portal.models import Role, TransitionLog, User
from portal.services import role_grant

from .conftest import Org
from .factories import UserFactory


def chair_of(org: Org) -> User:
    """The chair (主席) of org's body, made once."""
    existing = User.objects.filter(username=f"chair@{org.body.pk}").first()
    if existing is not None:
        return existing
    chair = UserFactory(username=f"chair@{org.body.pk}", full_name="陈主席", body=org.body)
    role_grant(user=chair, role=Role.CHAIR, body=org.body, by=None)
    return chair


def ensure_kinds() -> None:
    """The forms of consultation seeded by migration 0002 (a transactional test's flush
    removes them for the tests that follow)."""
    from importlib import import_module

    seeds = import_module("consultations.migrations.0002_kinds_and_reminders").KINDS
    for order, (code, name, online) in enumerate(seeds, start=1):
        ConsultationKind.objects.get_or_create(
            code=code, defaults={"name": name, "is_online": online, "order": order}
        )


def kind(code: str = "topic") -> ConsultationKind:
    ensure_kinds()
    return ConsultationKind.objects.get(code=code)


def plan(org: Org, *, year: int | None = None) -> Plan:
    year = year or timezone.localdate().year
    existing = Plan.objects.filter(body=org.body, year=year).first()
    return existing or services.plan_create(body_id=org.body.pk, year=year, by=org.office)


def item(org: Org, the_plan: Plan | None = None, **fields) -> PlanItem:
    values = {
        "title": "推动能源产业高质量发展",
        "kind": kind(),
        "committee": org.economy,
        "month": 6,
        "is_key": True,
        "departments": [org.department],
        "leader": "分管副市长",
    } | fields
    return services.plan_item_add(plan=the_plan or plan(org), by=org.office, **values)


CHAIR = object()  # default: the chair of the org (chair_of)


def approve(org: Org, the_plan: Plan, *, chair=CHAIR) -> Plan:
    """Submit → reviewed by the chair meeting → approved by the party committee."""
    today = timezone.localdate()
    services.plan_move(plan=the_plan, target=Plan.Status.SUBMITTED, by=org.office)
    services.plan_move(
        plan=the_plan, target=Plan.Status.REVIEWED, on=today, doc="主席会议纪要〔2026〕3号",
        by=chair_of(org) if chair is CHAIR else chair,
    )  # fmt: skip
    return services.plan_move(
        plan=the_plan, target=Plan.Status.APPROVED, on=today, doc="市委办字〔2026〕12号",
        by=org.office,
    )  # fmt: skip


def consultation(
    org: Org, *, key: bool = True, title: str = "推动能源产业高质量发展", chair=CHAIR
) -> Consultation:
    """A consultation of the economy committee, just started (researching)."""
    the_plan = plan(org)
    if the_plan.status in (Plan.Status.DRAFT, Plan.Status.RETURNED):
        the_item = item(org, the_plan, is_key=key, title=title)
        approve(org, the_plan, chair=chair)
    else:
        the_plan.status = Plan.Status.DRAFT  # a second item in an approved plan (tests only)
        the_plan.save(update_fields=["status"])
        the_item = item(org, the_plan, is_key=key, title=title)
        the_plan.status = Plan.Status.APPROVED
        the_plan.save(update_fields=["status"])
    return services.consultation_start(item=the_item, by=org.staff)


def research_done(org: Org, c: Consultation) -> Consultation:
    """One held research activity and an approved report: 无调研不协商 satisfied."""
    research = services.research_add(
        consultation=c, kind=Research.Kind.RESEARCH, title="赴准格尔旗专题调研",
        starts_on=timezone.localdate() - dt.timedelta(days=3), place="准格尔旗", by=org.staff,
    )  # fmt: skip
    services.research_move(
        research=research, target=Research.Status.HELD, summary="走访企业6家", by=org.staff
    )
    report = services.report_save(
        consultation=c, title="关于能源产业高质量发展的调研报告", text="一、基本情况……",
        by=org.staff,
    )  # fmt: skip
    services.report_move(report=report, target=ResearchReport.Status.SUBMITTED, by=org.staff)
    services.report_move(report=report, target=ResearchReport.Status.APPROVED, by=org.vice_chair)
    return c


def schedule(org: Org, c: Consultation, *, when: dt.datetime | None = None) -> Consultation:
    services.participants_invite(consultation=c, members=[org.member], by=org.staff)
    services.consultation_prepare(
        consultation=c, starts_at=when or timezone.now() - dt.timedelta(hours=2),
        place="市政协第一会议室", notice="请准时参加", materials="", by=org.staff,
    )  # fmt: skip
    return services.consultation_move(
        consultation=c, target=Consultation.Status.SCHEDULED, by=org.staff
    )


def held(org: Org, **kw) -> Consultation:
    """A held consultation of the economy committee, org.member invited."""
    c = research_done(org, consultation(org, **kw))
    schedule(org, c)
    return services.consultation_move(consultation=c, target=Consultation.Status.HELD, by=org.staff)


def drafted_outcome(org: Org, c: Consultation | None = None) -> Outcome:
    c = c or held(org)
    outcome = services.outcome_save(
        consultation=c, kind=Outcome.Kind.BRIEFING, title="关于推动能源产业高质量发展的建议",
        text="经协商，提出如下建议。", number="协商专报〔2026〕1号", sent_to="市委、市政府",
        by=org.staff,
    )  # fmt: skip
    deadline = timezone.localdate() + dt.timedelta(days=60)
    for text, department in (
        ("加快煤电一体化项目审批", org.department),
        ("加强新能源人才培养", org.other_department),
    ):
        services.recommendation_add(
            outcome=outcome, text=text, department=department, deadline=deadline, by=org.staff
        )
    return outcome


def sent_outcome(org: Org, c: Consultation | None = None, *, chair=CHAIR) -> Outcome:
    outcome = drafted_outcome(org, c)
    services.outcome_move(outcome=outcome, target=Outcome.Status.REVIEWING, by=org.staff)
    services.outcome_move(outcome=outcome, target=Outcome.Status.SIGNING, by=org.vice_chair)
    chair = chair_of(org) if chair is CHAIR else chair
    return services.outcome_move(outcome=outcome, target=Outcome.Status.SENT, by=chair)


def recommendation(outcome: Outcome, number: int = 1) -> Recommendation:
    return outcome.recommendations.get(number=number)


def thread(org: Org, *, open_: bool = True, **fields) -> Thread:
    values = {
        "title": "如何优化营商环境",
        "description": "请委员就优化营商环境建言。",
        "audience": Thread.Audience.COMMITTEE,
        "committee": org.economy,
        "closes_at": timezone.now() + dt.timedelta(days=7),
    } | fields
    t = services.thread_create(body_id=org.body.pk, by=org.staff, **values)
    if open_:
        t = services.thread_move(thread=t, target=Thread.Status.OPEN, by=org.staff)
    return t


def refused(action, message: str = "") -> None:
    """The action is refused with a ValidationError (containing `message`) and logs no move."""
    logs = TransitionLog.objects.count()
    with pytest.raises(ValidationError) as error:
        action()
    assert TransitionLog.objects.count() == logs
    if message:
        assert message in error.value.messages[0], error.value.messages[0]


def outcome_mover(outcome, target, by):
    return lambda: services.outcome_move(outcome=outcome, target=target, by=by)


def reload(obj):
    obj.refresh_from_db()
    return obj
