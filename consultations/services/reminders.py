"""协商 reminders: research due before a meeting, recommendations whose answer is overdue."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Role, User
from portal.services import notify

from ..models import (
    Consultation,
    Outcome,
    Recommendation,
)
from .common import RESEARCH_REMIND_DAYS, _users_with, consultation_url

# ---- reminders ----------------------------------------------------------------------------------


def remind_research(now: dt.datetime | None = None) -> int:
    """Consultations whose meeting is set within RESEARCH_REMIND_DAYS but whose research is
    not done yet (无调研不协商): the lead committee's staff are told once per meeting date."""
    from ..workflow import research_missing

    now = now or timezone.now()
    due = (
        Consultation.objects.filter(
            status=Consultation.Status.RESEARCHING,
            starts_at__gt=now,
            starts_at__lte=now + dt.timedelta(days=RESEARCH_REMIND_DAYS),
        )
        .select_related("committee")
        .prefetch_related("research", "reports")
    )
    sent = 0
    staff: dict[int, list[User]] = {}
    for consultation in due:
        missing = research_missing(consultation)
        if not missing:
            continue
        if consultation.committee_id not in staff:
            staff[consultation.committee_id] = _users_with(
                Role.COMMITTEE_STAFF, committee_id=consultation.committee_id
            )
        when = timezone.localtime(consultation.starts_at).strftime("%Y-%m-%d %H:%M")
        sent += len(
            notify(
                recipients=staff[consultation.committee_id],
                title=_("调研尚未完成：%(title)s") % {"title": consultation.title},
                body=_("协商会议拟于 %(when)s 召开，但%(missing)s。")
                % {"when": when, "missing": "；".join(missing)},
                url=consultation_url(consultation),
                dedupe_key=f"consultations.research:{consultation.pk}:{when}",
            )
        )
    return sent


def overdue_recommendations(day: dt.date) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(
        status=Recommendation.Status.PENDING,
        outcome__status=Outcome.Status.SENT,
        deadline__lt=day,
    ).select_related("outcome__consultation", "department")


def remind_overdue_feedback(day: dt.date | None = None) -> int:
    """Recommendations past their feedback deadline: the department's logins and the lead
    committee's staff are reminded, once each."""
    day = day or timezone.localdate()
    sent = 0
    for r in overdue_recommendations(day):
        consultation = r.outcome.consultation
        recipients = _users_with(Role.HANDLING_UNIT, department_id=r.department_id) + _users_with(
            Role.COMMITTEE_STAFF, committee_id=consultation.committee_id
        )
        sent += len(
            notify(
                recipients=recipients,
                title=_("协商建议反馈已逾期：%(title)s") % {"title": r.outcome.title},
                body=_("第%(n)d条（%(department)s），期限 %(deadline)s")
                % {"n": r.number, "department": r.department.name, "deadline": r.deadline},
                url=reverse("consultations:recommendation_detail", args=[r.pk]),
                dedupe_key=f"consultations.overdue:{r.pk}",
            )
        )
    return sent
