"""Collection plans: creating, editing, status moves."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User

from ..access import manages_plan
from ..models import (
    CollectionPlan,
)
from ..workflow import PLAN
from .common import PLAN_FIELDS, P, _stale

# ---- collection plans -------------------------------------------------------------------


def _check_plan(plan: CollectionPlan) -> None:
    if plan.committee.body_id != plan.body_id or plan.committee.kind != "culture_history":
        raise ValidationError(_("征集计划只能由本级政协的文化文史和学习委员会制定。"))
    if not plan.theme_list:
        raise ValidationError(_("请至少填写一个征集主题。"))


@transaction.atomic
def plan_create(*, body_id: int, data: dict[str, Any], by: User) -> CollectionPlan:
    plan = CollectionPlan(body_id=body_id, created_by=by, **{f: data[f] for f in PLAN_FIELDS})
    _check_plan(plan)
    if not manages_plan(plan, by):
        raise PermissionDenied
    plan.save()
    return plan


@transaction.atomic
def plan_update(
    *, plan: CollectionPlan, data: dict[str, Any], version: int, by: User
) -> CollectionPlan:
    plan = CollectionPlan.objects.select_for_update().get(pk=plan.pk)
    _stale(plan, version)
    if plan.status not in (P.DRAFT, P.RETURNED, P.APPROVED, P.OPEN):
        raise ValidationError(_("待审批或已结束的征集计划不能修改。"))
    if not manages_plan(plan, by):
        raise PermissionDenied
    changed = {f for f in PLAN_FIELDS if getattr(plan, f) != data[f]}
    if plan.status in (P.APPROVED, P.OPEN) and changed - {"call_text", "closes_on"}:
        raise ValidationError(_("已批准的计划只能修改征稿启事和截稿日期。"))
    for f in PLAN_FIELDS:
        setattr(plan, f, data[f])
    _check_plan(plan)
    plan.version += 1
    plan._change_reason = "修改"
    plan.save()
    return plan


@transaction.atomic
def plan_move(*, plan: CollectionPlan, target: str, by: User, comment: str = "") -> CollectionPlan:
    plan = (
        CollectionPlan.objects.select_for_update(of=("self",))
        .select_related("committee")
        .get(pk=plan.pk)
    )
    if target == P.SUBMITTED:
        plan.submitted_by = by  # the approver must be someone else
    PLAN.move(plan, target, by=by, comment=comment)
    fields = ["status", "submitted_by"]
    if target == P.APPROVED:
        plan.approved_by, plan.approved_at = by, timezone.now()
        fields += ["approved_by", "approved_at"]
    if target == P.OPEN:
        if not plan.call_text.strip():
            raise ValidationError(_("请先填写征稿启事。"))
        if plan.closes_on < timezone.localdate():
            raise ValidationError(_("截稿日期已过，请先修改截稿日期。"))
        plan.opened_at = timezone.now()
        fields.append("opened_at")
    plan.save(update_fields=fields)
    return plan
