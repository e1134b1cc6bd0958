"""The transition tables of committee work (STYLE.md): plans and summaries, activities and
the office's plans. Services call ``<WORKFLOW>.move(obj, target, by=..., comment=...)``;
the table says which moves exist and who may make them, and the log keeps every comment.

§12: the plan, the summary and every major activity of a committee go to the vice-chair
in charge of that committee; only he decides, and never on his own submission.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from organisation.models import Committee
from portal.access import OVERSEE_COMMITTEE, WORK_IN_COMMITTEE, is_office
from portal.models import User
from portal.workflow import Transition, Workflow

from .models import Activity, OfficePlan, WorkPlan


def works_in(committee: Committee | None, user: User) -> bool:
    """Whether user is staff of the committee (an object permission, read per request, so a
    revoked role takes effect at once)."""
    return (
        committee is not None
        and user.is_authenticated
        and user.has_perm(WORK_IN_COMMITTEE, committee)
    )


def oversees(committee: Committee | None, user: User) -> bool:
    """Whether user is the vice-chair in charge of the committee."""
    return (
        committee is not None
        and user.is_authenticated
        and user.has_perm(OVERSEE_COMMITTEE, committee)
    )


# ---- plans and summaries ----------------------------------------------------------------

P = WorkPlan.Status


def _plan_staff(plan: WorkPlan, user: User) -> bool:
    return works_in(plan.committee, user)


def _plan_approver(plan: WorkPlan, user: User) -> bool:
    # Nobody decides on what he submitted himself, even if he also oversees the committee.
    return oversees(plan.committee, user) and not plan.submitted_by_user(user)


PLAN_WORKFLOW = Workflow(
    Transition(P.DRAFT, P.SUBMITTED, _("报送审批"), allowed=_plan_staff),
    Transition(P.RETURNED, P.SUBMITTED, _("修改后重新报送"), allowed=_plan_staff),
    Transition(P.SUBMITTED, P.APPROVED, _("批准"), allowed=_plan_approver),
    Transition(P.SUBMITTED, P.RETURNED, _("退回修改"), allowed=_plan_approver, needs_comment=True),
)


# ---- activities -------------------------------------------------------------------------

A = Activity.Status


def manages_activity(activity: Activity, user: User) -> bool:
    """谁组织谁记录: the staff of the owning committee, or the office for the activities it
    organises itself."""
    if activity.owner_committee_id is None:
        return is_office(user) and user.body_id == activity.body_id
    return works_in(activity.owner_committee, user)


def _publish_directly(activity: Activity, user: User) -> bool:
    return not activity.is_major and manages_activity(activity, user)


def _submit_major(activity: Activity, user: User) -> bool:
    return activity.is_major and manages_activity(activity, user)


def _hold(activity: Activity, user: User) -> bool:
    """An activity is marked held by its organiser once it has started, not before."""
    return activity.has_started and manages_activity(activity, user)


def _activity_approver(activity: Activity, user: User) -> bool:
    return oversees(activity.owner_committee, user) and not activity.submitted_by_user(user)


ACTIVITY_WORKFLOW = Workflow(
    Transition(A.DRAFT, A.PUBLISHED, _("发布"), allowed=_publish_directly),
    Transition(A.DRAFT, A.PENDING, _("报分管副主席审批"), allowed=_submit_major),
    Transition(A.RETURNED, A.PENDING, _("修改后重新报批"), allowed=_submit_major),
    Transition(A.RETURNED, A.PUBLISHED, _("发布"), allowed=_publish_directly),
    Transition(A.PENDING, A.APPROVED, _("批准"), allowed=_activity_approver),
    Transition(
        A.PENDING, A.RETURNED, _("退回修改"), allowed=_activity_approver, needs_comment=True
    ),
    Transition(A.APPROVED, A.PUBLISHED, _("发布"), allowed=manages_activity),
    Transition(A.PUBLISHED, A.HELD, _("标记为已举行"), allowed=_hold),
    *[
        Transition(source, A.CANCELLED, _("取消活动"), allowed=manages_activity, needs_comment=True)
        for source in (A.DRAFT, A.PENDING, A.RETURNED, A.APPROVED, A.PUBLISHED)
    ],
)


# ---- the office's plans -----------------------------------------------------------------

O = OfficePlan.Status  # noqa: E741


def _office_of_plan(plan: OfficePlan, user: User) -> bool:
    return is_office(user) and user.body_id == plan.body_id


OFFICE_PLAN_WORKFLOW = Workflow(
    Transition(O.DRAFT, O.APPROVED, _("批准"), allowed=_office_of_plan),
    Transition(O.APPROVED, O.DRAFT, _("重新编制"), allowed=_office_of_plan, needs_comment=True),
)
