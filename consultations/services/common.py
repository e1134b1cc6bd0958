"""What the writes of 协商 share: task kinds, saving with the actor, locking, who holds a role, a
meeting's address."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.models import RoleAssignment, User

from ..models import (
    Consultation,
)

# Task keys: the to-do kinds (consultations.todos) the notifications ask for.
REVIEW_TASK = "consultations.review"
SIGN_TASK = "consultations.sign"
FEEDBACK_TASK = "consultations.feedback"
REPORT_REVIEW_TASK = "consultations.report_review"
PLAN_TASK = "consultations.plan"

MAX_KEY_TOPICS = 2  # §5: each committee picks 1–2 key topics a year
RESEARCH_REMIND_DAYS = 7


def _save(obj: Model, by: User | None, fields: list[str] | None = None) -> None:
    obj._history_user = by
    obj.save(update_fields=fields)


def _locked(obj: Model) -> Model:
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _text(value: str, label: str, limit: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("请填写%(label)s。") % {"label": label})
    if limit and len(value) > limit:
        raise ValidationError(_("%(label)s不能超过 %(n)d 字。") % {"label": label, "n": limit})
    return value


def _users_with(role: str, **where) -> list[User]:
    return [
        a.user
        for a in RoleAssignment.objects.filter(role=role, user__is_active=True, **where)
        .select_related("user")
        .order_by("pk")
    ]


def consultation_url(consultation: Consultation) -> str:
    return reverse("consultations:consultation_detail", args=[consultation.pk])
