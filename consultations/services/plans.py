"""协商 annual plans: creating, items, comments, status moves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Committee, Department
from portal.models import Role, User
from portal.services import notifications_close, notify

from ..access import office_of, works_in
from ..models import (
    ConsultationKind,
    Plan,
    PlanComment,
    PlanItem,
    Topic,
)
from ..workflow import (
    PLAN,
)
from .common import MAX_KEY_TOPICS, PLAN_TASK, _locked, _save, _text, _users_with
from .topics import _Body

# ---- the annual plan ------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, body_id: int, year: int, by: User) -> Plan:
    if not office_of(_Body(body_id), by):
        raise PermissionDenied
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + 1:
        raise ValidationError(_("计划年度须为去年、今年或明年。"))
    if Plan.objects.filter(body_id=body_id, year=year).exists():
        raise ValidationError(_("%(year)d 年的协商计划已经存在。") % {"year": year})
    plan = Plan(body_id=body_id, year=year, title=_("%(year)d年度政协协商计划") % {"year": year})
    _save(plan, by)
    return plan


def _editable_plan(plan: Plan, by: User) -> None:
    if not office_of(plan, by):
        raise PermissionDenied
    if not plan.editable:
        raise ValidationError(_("协商计划已报送，不能再修改课题。"))


@transaction.atomic
def plan_item_add(
    *,
    plan: Plan,
    title: str,
    kind: ConsultationKind,
    committee: Committee,
    month: int,
    by: User,
    topic: Topic | None = None,
    co_committees: Sequence[Committee] = (),
    leader: str = "",
    departments: Sequence[Department] = (),
    is_key: bool = False,
) -> PlanItem:
    plan = _locked(plan)
    _editable_plan(plan, by)
    if committee.body_id != plan.body_id or any(c.body_id != plan.body_id for c in co_committees):
        raise ValidationError(_("所选专委会不属于本级政协。"))
    if any(d.body_id != plan.body_id for d in departments):
        raise ValidationError(_("所选部门不属于本级政协。"))
    if committee in co_committees:
        raise ValidationError(_("牵头专委会不能同时是协办专委会。"))
    if not 1 <= month <= 12:
        raise ValidationError(_("计划月份须在 1 至 12 之间。"))
    if topic is not None:
        topic = Topic.objects.get(pk=topic.pk)  # its current state, not the caller's copy
        if topic.body_id != plan.body_id or topic.status != Topic.Status.ACCEPTED:
            raise ValidationError(_("只能把已采用的选题列入计划。"))
        if topic.plan_items.filter(plan=plan).exists():
            raise ValidationError(_("该选题已列入本计划。"))
    if is_key:
        keys = plan.items.filter(committee=committee, is_key=True).count()
        if keys >= MAX_KEY_TOPICS:
            raise ValidationError(
                _("%(committee)s本年度已有 %(n)d 个重点协商课题（§5：每年1—2个）。")
                % {"committee": committee.name, "n": keys}
            )
    item = PlanItem(
        plan=plan,
        topic=topic,
        title=_text(title, _("协商课题"), 200),
        kind=kind,
        committee=committee,
        leader=leader.strip()[:100],
        month=month,
        is_key=is_key,
        order=(plan.items.aggregate(m=Max("order"))["m"] or 0) + 1,
    )
    _save(item, by)
    item.co_committees.set(co_committees)
    item.departments.set(departments)
    return item


@transaction.atomic
def plan_item_remove(*, item: PlanItem, by: User) -> None:
    _editable_plan(_locked(item.plan), by)
    item._history_user = by
    item.delete()


@transaction.atomic
def plan_comment_add(*, plan: Plan, committee: Committee, text: str, by: User) -> PlanComment:
    """A committee's comment on the compiled draft (§5)."""
    plan = _locked(plan)
    if not works_in(committee, by) or committee.body_id != plan.body_id:
        raise PermissionDenied
    if not plan.editable:
        raise ValidationError(_("协商计划已报送，不再征求意见。"))
    comment = PlanComment(plan=plan, committee=committee, text=_text(text, _("意见"), 2000), by=by)
    _save(comment, by)
    return comment


@transaction.atomic
def plan_move(
    *,
    plan: Plan,
    target: str,
    by: User,
    comment: str = "",
    on: dt.date | None = None,
    doc: str = "",
) -> Plan:
    """Submit to the chair meeting, record its review (or return), the party committee's
    approval and the issue: each step with its date and document number."""
    plan = _locked(plan)
    fields = ["status"]
    dated = {
        Plan.Status.REVIEWED: ("reviewed_on", "reviewed_doc"),
        Plan.Status.APPROVED: ("approved_on", "approved_doc"),
        Plan.Status.ISSUED: ("issued_on", "issued_doc"),
    }
    if target in dated:
        day_field, doc_field = dated[target]
        if on is not None and on > timezone.localdate():
            raise ValidationError(_("日期不能晚于今天。"))
        setattr(plan, day_field, on)
        setattr(plan, doc_field, doc.strip()[:60])
        fields += [day_field, doc_field]
    PLAN.move(plan, target, by=by, comment=comment)
    if target == Plan.Status.SUBMITTED:
        plan.submitted_by = by
        fields.append("submitted_by")
        chairs = _users_with(Role.CHAIR, body_id=plan.body_id)
        url = reverse("consultations:plan_detail", args=[plan.pk])
        transaction.on_commit(
            lambda: notify(
                recipients=chairs,
                title=_("请审议：%(title)s") % {"title": plan.title},
                url=url,
                target=plan,
                task=PLAN_TASK,
            )
        )
    if target in (Plan.Status.REVIEWED, Plan.Status.RETURNED):
        notifications_close(target=plan, task=PLAN_TASK)
    _save(plan, by, fields)
    return plan
