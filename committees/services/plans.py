"""Writes of plans and summaries (§4, §5, §12) and of the office's plans (§13). Each runs in
one transaction, names the actor for the history, and moves states only through the
transition tables of committees.workflow."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Committee, SectorGroup, Term
from organisation.selectors import vice_chair_of
from portal.models import Role, User
from portal.services import notifications_close, notify
from portal.workflow import Workflow

from .. import todos
from ..models import Activity, OfficePlan, PlanItem, WorkPlan
from ..workflow import OFFICE_PLAN_WORKFLOW, PLAN_WORKFLOW, works_in

P = WorkPlan.Status


def term_of_year(committee: Committee, year: int) -> Term:
    """The term of the committee's body that the year belongs to (its first day, or the
    term that starts during the year)."""
    terms = Term.objects.filter(body_id=committee.body_id, start_date__year__lte=year).filter(
        end_date__year__gte=year
    )
    term = terms.order_by("-start_date").first()
    if term is None:
        raise ValidationError(
            _(
                "%(year)s 年还不在本级政协的任何届次内，无法编制该年计划。"
                "请办公室先在“系统管理 → 届次”中建立该年所在的届次（可提前建立下一届），再编制。"
            )
            % {"year": year}
        )
    return term


def _check_staff(committee: Committee, by: User) -> None:
    if not works_in(committee, by):
        raise ValidationError(_("只有本专委会的工作人员可以编辑本专委会的计划。"))


@transaction.atomic
def plan_create(
    *, committee: Committee, kind: str, year: int, title: str, content: str = "", by: User
) -> WorkPlan:
    """A new draft plan or summary. 文史资料 plans (§4) belong to the culture & history
    committee; its term plan is kept under the term's first year."""
    _check_staff(committee, by)
    kind = WorkPlan.Kind(kind)
    if kind in WorkPlan.ARCHIVES_KINDS and committee.kind != Committee.Kind.CULTURE_HISTORY:
        raise ValidationError(_("文史资料规划和计划由文化文史和学习委员会制定（第4条）。"))
    term = term_of_year(committee, year)
    if kind == WorkPlan.Kind.ARCHIVES_TERM_PLAN:
        year = term.start_date.year
    if WorkPlan.objects.filter(committee=committee, kind=kind, year=year).exists():
        raise ValidationError(
            _("%(committee)s %(year)s 年的「%(kind)s」已经存在，请直接打开编辑。")
            % {"committee": committee.name, "year": year, "kind": kind.label}
        )
    plan = WorkPlan(
        committee=committee,
        term=term,
        kind=kind,
        year=year,
        title=title.strip(),
        content=content,
        created_by=by,
    )
    plan._history_user = by
    plan.save()
    return plan


def _lock_editable(plan: WorkPlan, by: User) -> WorkPlan:
    locked = WorkPlan.objects.select_for_update().select_related("committee").get(pk=plan.pk)
    _check_staff(locked.committee, by)
    if not locked.is_editable:
        raise ValidationError(
            _("「%(status)s」的计划不能修改。") % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def plan_update(*, plan: WorkPlan, title: str, content: str, version: int, by: User) -> WorkPlan:
    """Edit a draft or returned plan; a form opened before someone else saved is refused
    (nothing is overwritten silently)."""
    locked = _lock_editable(plan, by)
    if locked.version != version:
        raise ValidationError(_("该计划已被他人修改，请重新打开后再编辑。"))
    locked.title, locked.content = title.strip(), content
    locked.version += 1
    locked._history_user = by
    locked.save(update_fields=["title", "content", "version"])
    return locked


@transaction.atomic
def plan_item_save(*, item: PlanItem, sector_groups: Iterable[SectorGroup], by: User) -> PlanItem:
    """Add or change one item of an editable plan."""
    plan = _lock_editable(item.plan, by)
    if not plan.has_items:
        raise ValidationError(_("年度总结没有计划事项。"))
    groups = list(sector_groups)
    if any(g.body_id != plan.committee.body_id for g in groups):
        raise ValidationError(_("所选界别活动组不属于本级政协。"))
    item.plan = plan
    item.full_clean(exclude=["plan"])
    item._history_user = by
    item.save()
    item.sector_groups.set(groups)
    _touch(plan, by)
    return item


@transaction.atomic
def plan_item_delete(*, item: PlanItem, by: User) -> None:
    plan = _lock_editable(item.plan, by)
    item._history_user = by
    item.delete()
    _touch(plan, by)


def _touch(plan: WorkPlan, by: User) -> None:
    """A change of the plan's items is a change of the plan: open forms become stale."""
    plan.version += 1
    plan.save(update_fields=["version"])


def committee_staff(committee_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(
            role_assignments__role=Role.COMMITTEE_STAFF,
            role_assignments__committee_id__in=list(committee_ids),
            is_active=True,
        ).distinct()
    )


@transaction.atomic
def plan_submit(*, plan: WorkPlan, by: User) -> WorkPlan:
    """Send the plan to the vice-chair in charge (§12). A returned plan is resubmitted the
    same way; the comments it was returned with stay in its log."""
    locked = WorkPlan.objects.select_for_update().select_related("committee").get(pk=plan.pk)
    if locked.has_items and not locked.items.exists():
        raise ValidationError(_("计划还没有任何事项，不能报送。"))
    if not locked.has_items and not locked.content.strip():
        raise ValidationError(_("总结正文为空，不能报送。"))
    approval_submit(
        locked,
        workflow=PLAN_WORKFLOW,
        target=P.SUBMITTED,
        committee=locked.committee,
        by=by,
        title=_("待审批：%(title)s") % {"title": locked.title},
        body=_("%(committee)s 报送了「%(title)s」，请审批。")
        % {"committee": locked.committee.name, "title": locked.title},
        url=reverse("committees:plan_detail", args=[locked.pk]),
    )
    return locked


@transaction.atomic
def plan_decide(*, plan: WorkPlan, approve: bool, comment: str = "", by: User) -> WorkPlan:
    """The vice-chair in charge approves, or returns the plan with his comments."""
    locked = WorkPlan.objects.select_for_update().select_related("committee").get(pk=plan.pk)
    approval_decide(
        locked,
        workflow=PLAN_WORKFLOW,
        target=P.APPROVED if approve else P.RETURNED,
        comment=comment,
        committee=locked.committee,
        by=by,
        title=(_("已批准：%(title)s") if approve else _("已退回修改：%(title)s"))
        % {"title": locked.title},
        url=reverse("committees:plan_detail", args=[locked.pk]),
    )
    return locked


def approval_submit(
    obj: WorkPlan | Activity,
    *,
    workflow: Workflow,
    target: str,
    committee: Committee | None,
    by: User,
    title: str,
    body: str,
    url: str,
) -> None:
    """Send a plan, summary or major activity to the vice-chair in charge of its committee
    (§12) and tell him. The caller holds the row lock."""
    approver = vice_chair_of(committee) if committee is not None else None
    if approver is None:
        raise ValidationError(_("本专委会尚未设置分管副主席，请联系办公室。"))
    workflow.move(obj, target, by=by)
    notifications_close(target=obj)  # a returned submission: the fix is done
    fields = obj.record_submission(by)
    obj._history_user = by
    obj.save(update_fields=["status", *fields])
    notify(
        recipients=[approver],
        title=title,
        body=body,
        url=url,
        target=obj,
        task=todos.approval_task(obj),
    )


def approval_decide(
    obj: WorkPlan | Activity,
    *,
    workflow: Workflow,
    target: str,
    comment: str,
    committee: Committee,
    by: User,
    title: str,
    url: str,
) -> None:
    """The vice-chair's decision (the table checks it is he, and not on his own
    submission); the submitter and the committee's staff are told, with his comments."""
    workflow.move(obj, target, by=by, comment=comment)
    notifications_close(target=obj)  # decided, by whoever: off everyone's unread count
    fields = obj.record_decision(by)
    obj._history_user = by
    obj.save(update_fields=["status", *fields])
    notify(
        recipients=[obj.submitted_by, *committee_staff([committee.pk])],
        title=title,
        body=comment,
        url=url,
        target=obj,
        task=todos.decided_task(obj),
    )


# ---- the office's plans (§13) ---------------------------------------------------------------


@transaction.atomic
def office_plan_approve(
    *, body_id: int, year: int, kind: str, comment: str = "", by: User
) -> OfficePlan:
    """Approve the office's plan of one kind for the year. Clashes (same place, or the
    same members, at overlapping times) must have been read: with any left, approval needs
    a comment saying why it goes ahead."""
    from ..selectors.plans import office_plan_clashes

    plan, _created = OfficePlan.objects.select_for_update().get_or_create(
        body_id=body_id, year=year, kind=OfficePlan.Kind(kind)
    )
    clashes = office_plan_clashes(body_id=body_id, year=year, kind=plan.kind)
    if clashes and not comment.strip():
        raise ValidationError(
            _("本计划有 %(n)d 处时间、地点或人员冲突。请先协调；确需批准的，请在意见中说明理由。")
            % {"n": len(clashes)}
        )
    OFFICE_PLAN_WORKFLOW.move(plan, OfficePlan.Status.APPROVED, by=by, comment=comment)
    plan.approved_by, plan.approved_at = by, timezone.now()
    plan._history_user = by
    plan.save(update_fields=["status", "approved_by", "approved_at"])
    return plan


@transaction.atomic
def office_plan_reopen(*, plan: OfficePlan, comment: str, by: User) -> OfficePlan:
    locked = OfficePlan.objects.select_for_update().get(pk=plan.pk)
    OFFICE_PLAN_WORKFLOW.move(locked, OfficePlan.Status.DRAFT, by=by, comment=comment)
    locked.approved_by = locked.approved_at = None
    locked._history_user = by
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    return locked
