"""协商 outcomes: recommendations, leaders' instructions, the departments' answers."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Department
from portal.models import Role, User
from portal.services import notifications_close, notify

from ..models import (
    Consultation,
    Instruction,
    Outcome,
    Recommendation,
)
from ..workflow import (
    OUTCOME,
    RECOMMENDATION,
)
from .common import FEEDBACK_TASK, REVIEW_TASK, SIGN_TASK, _locked, _save, _text, _users_with
from .meetings import _ask, _manages

# ---- the outcome ------------------------------------------------------------------------------


@transaction.atomic
def outcome_save(
    *,
    consultation: Consultation,
    kind: str,
    title: str,
    text: str,
    by: User,
    number: str = "",
    sent_to: str = "",
) -> Outcome:
    """Draft the outcome of a held consultation, or edit it while drafted or returned."""
    consultation = _locked(consultation)
    _manages(consultation, by)
    if consultation.status != Consultation.Status.HELD:
        raise ValidationError(_("协商会议召开后才能起草协商成果。"))
    outcome = Outcome.objects.filter(consultation=consultation).first() or Outcome(
        consultation=consultation
    )
    if outcome.pk and outcome.status not in (Outcome.Status.DRAFT, Outcome.Status.RETURNED):
        raise ValidationError(_("协商成果已报送审核，不能修改。"))
    outcome.kind = Outcome.Kind(kind)
    outcome.title = _text(title, _("标题"), 200)
    outcome.text = _text(text, _("正文"))
    outcome.number = number.strip()[:60]
    outcome.sent_to = sent_to.strip()[:200]
    _save(outcome, by)
    return outcome


def _editable_outcome(outcome: Outcome, by: User) -> None:
    _manages(outcome.consultation, by)
    if outcome.status not in (Outcome.Status.DRAFT, Outcome.Status.RETURNED):
        raise ValidationError(_("协商成果已报送审核，不能修改建议。"))


@transaction.atomic
def recommendation_add(
    *, outcome: Outcome, text: str, department: Department, deadline: dt.date, by: User
) -> Recommendation:
    outcome = _locked(outcome)
    _editable_outcome(outcome, by)
    if department.body_id != outcome.consultation.body_id:
        raise ValidationError(_("所选部门不属于本级政协。"))
    if deadline <= timezone.localdate():
        raise ValidationError(_("反馈期限须晚于今天。"))
    recommendation = Recommendation(
        outcome=outcome,
        number=(outcome.recommendations.aggregate(m=Max("number"))["m"] or 0) + 1,
        text=_text(text, _("建议内容")),
        department=department,
        deadline=deadline,
    )
    _save(recommendation, by)
    return recommendation


@transaction.atomic
def recommendation_remove(*, recommendation: Recommendation, by: User) -> None:
    outcome = _locked(recommendation.outcome)
    _editable_outcome(outcome, by)
    recommendation._history_user = by
    recommendation.delete()


@transaction.atomic
def outcome_move(*, outcome: Outcome, target: str, by: User, comment: str = "") -> Outcome:
    outcome = _locked(outcome)
    OUTCOME.move(outcome, target, by=by, comment=comment)
    fields = ["status"]
    S = Outcome.Status
    committee = outcome.consultation.committee
    if target == S.REVIEWING:
        outcome.submitted_by = by
        fields.append("submitted_by")
        _ask(outcome, committee, REVIEW_TASK, _("请审核协商成果"))
    elif target == S.SIGNING:
        notifications_close(target=outcome, task=REVIEW_TASK)
        _ask(outcome, committee, SIGN_TASK, _("请签发协商成果"))
    elif target == S.RETURNED:
        notifications_close(target=outcome, task=[REVIEW_TASK, SIGN_TASK])
    elif target == S.SENT:
        notifications_close(target=outcome, task=SIGN_TASK)
        outcome.sent_at = timezone.now()
        fields.append("sent_at")
        _ask_departments(outcome)
    elif target == S.CLOSED:
        outcome.closed_at = timezone.now()
        fields.append("closed_at")
    _save(outcome, by, fields)
    return outcome


def _ask_departments(outcome: Outcome) -> None:
    """Each recommendation's department (its logins) is asked for feedback."""
    recommendations = list(outcome.recommendations.select_related("department"))
    units = {}
    for r in recommendations:
        if r.department_id not in units:
            units[r.department_id] = _users_with(Role.HANDLING_UNIT, department_id=r.department_id)

    def send() -> None:
        for r in recommendations:
            notify(
                recipients=units[r.department_id],
                title=_("请反馈协商建议采纳情况：%(title)s") % {"title": outcome.title},
                body=_("第%(n)d条，反馈期限 %(deadline)s")
                % {"n": r.number, "deadline": r.deadline.isoformat()},
                url=reverse("consultations:recommendation_detail", args=[r.pk]),
                target=r,
                task=FEEDBACK_TASK,
            )

    transaction.on_commit(send)


@transaction.atomic
def instruction_add(
    *, outcome: Outcome, leader: str, level: str, on: dt.date, text: str, by: User
) -> Instruction:
    outcome = _locked(outcome)
    _manages(outcome.consultation, by)
    if outcome.status not in (Outcome.Status.SENT, Outcome.Status.CLOSED):
        raise ValidationError(_("协商成果报送后才能登记领导批示。"))
    if on > timezone.localdate() or (outcome.sent_at and on < timezone.localdate(outcome.sent_at)):
        raise ValidationError(_("批示日期须在报送之后、今天之前。"))
    instruction = Instruction(
        outcome=outcome,
        leader=_text(leader, _("批示领导"), 60),
        level=Instruction.Level(level),
        on=on,
        text=_text(text, _("批示内容")),
        recorded_by=by,
    )
    _save(instruction, by)
    return instruction


@transaction.atomic
def recommendation_answer(
    *, recommendation: Recommendation, status: str, answer: str, by: User
) -> Recommendation:
    """The department's feedback (or staff recording it): adopted, partly, not adopted
    (with its reason), in progress, implemented."""
    recommendation = _locked(recommendation)
    answer = _text(answer, _("反馈意见"), 4000)
    RECOMMENDATION.move(recommendation, status, by=by, comment=answer)
    recommendation.answer = answer
    recommendation.answered_at = timezone.now()
    recommendation.answered_by = by
    _save(recommendation, by, ["status", "answer", "answered_at", "answered_by"])
    notifications_close(target=recommendation, task=FEEDBACK_TASK)
    return recommendation
