"""The consultation work waiting for each person (portal.registry.todo_kinds): reports and
outcomes for the vice-chair in charge to review, outcomes and the plan for the chair to
decide, recommendations for a department to answer. Which kinds apply is read from the
roles loaded once per request, so it costs no query. The keys are the `task` of the
notifications that ask for the work (consultations.services)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import roles_of
from portal.models import Role, User
from portal.registry import Todo, TodoKind

from .models import Outcome, Plan, Recommendation, ResearchReport
from .services import FEEDBACK_TASK, PLAN_TASK, REPORT_REVIEW_TASK, REVIEW_TASK, SIGN_TASK


def _committee_ids(user: User, role: str) -> list[int]:
    return [a.committee_id for a in roles_of(user).of(role) if a.body_id == user.body_id]


def review_open(user: User) -> QuerySet | None:
    """Research reports and outcomes of the overseen committees waiting for review."""
    ids = _committee_ids(user, Role.VICE_CHAIR)
    if not ids:
        return None
    return (
        Outcome.objects.filter(consultation__committee_id__in=ids, status=Outcome.Status.REVIEWING)
        .exclude(submitted_by=user)
        .select_related("consultation__committee")
        .order_by("pk")
    )


def review_todo(outcome: Outcome) -> Todo:
    return Todo(
        title=_("审核协商成果：%(t)s") % {"t": outcome.title},
        url=reverse("consultations:consultation_detail", args=[outcome.consultation_id])
        + "#outcome",
        since=None,
        detail=outcome.consultation.committee.name,
    )


def report_review_open(user: User) -> QuerySet | None:
    ids = _committee_ids(user, Role.VICE_CHAIR)
    if not ids:
        return None
    return (
        ResearchReport.objects.filter(
            consultation__committee_id__in=ids, status=ResearchReport.Status.SUBMITTED
        )
        .exclude(submitted_by=user)
        .select_related("consultation__committee")
        .order_by("pk")
    )


def report_review_todo(report: ResearchReport) -> Todo:
    return Todo(
        title=_("审定调研报告：%(t)s") % {"t": report.title},
        url=reverse("consultations:consultation_detail", args=[report.consultation_id])
        + "#research",
        since=None,
        detail=report.consultation.committee.name,
    )


def sign_open(user: User) -> QuerySet | None:
    if not roles_of(user).has(Role.CHAIR):
        return None
    return (
        Outcome.objects.filter(consultation__body_id=user.body_id, status=Outcome.Status.SIGNING)
        .exclude(submitted_by=user)
        .select_related("consultation__committee")
        .order_by("pk")
    )


def sign_todo(outcome: Outcome) -> Todo:
    return Todo(
        title=_("签发协商成果：%(t)s") % {"t": outcome.title},
        url=reverse("consultations:consultation_detail", args=[outcome.consultation_id])
        + "#outcome",
        since=None,
        detail=outcome.consultation.committee.name,
    )


def plan_open(user: User) -> QuerySet | None:
    if not roles_of(user).has(Role.CHAIR):
        return None
    return (
        Plan.objects.filter(body_id=user.body_id, status=Plan.Status.SUBMITTED)
        .exclude(submitted_by=user)
        .order_by("pk")
    )


def plan_todo(plan: Plan) -> Todo:
    return Todo(
        title=_("审议：%(t)s") % {"t": plan.title},
        url=reverse("consultations:plan_detail", args=[plan.pk]),
        since=None,
    )


def feedback_open(user: User) -> QuerySet | None:
    ids = [a.department_id for a in roles_of(user).of(Role.HANDLING_UNIT)]
    if not ids:
        return None
    return (
        Recommendation.objects.filter(
            department_id__in=ids,
            status=Recommendation.Status.PENDING,
            outcome__status=Outcome.Status.SENT,
        )
        .select_related("outcome")
        .order_by("deadline", "pk")
    )


def feedback_todo(rec: Recommendation) -> Todo:
    return Todo(
        title=_("反馈协商建议：%(t)s 第%(n)d条") % {"t": rec.outcome.title, "n": rec.number},
        url=reverse("consultations:recommendation_detail", args=[rec.pk]),
        since=rec.outcome.sent_at,
        due=rec.deadline,
        detail=rec.text[:60],
    )


KINDS = (
    TodoKind(REVIEW_TASK, gettext_lazy("协商成果审核"), review_open, review_todo, 50),
    TodoKind(
        REPORT_REVIEW_TASK,
        gettext_lazy("调研报告审定"),
        report_review_open,
        report_review_todo,
        51,
    ),
    TodoKind(SIGN_TASK, gettext_lazy("协商成果签发"), sign_open, sign_todo, 52),
    TodoKind(PLAN_TASK, gettext_lazy("协商计划审议"), plan_open, plan_todo, 53),
    TodoKind(FEEDBACK_TASK, gettext_lazy("协商建议反馈"), feedback_open, feedback_todo, 54),
)
