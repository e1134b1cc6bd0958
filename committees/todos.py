"""The committee work waiting for each person (portal.registry.todo_kinds): plans and
major activities awaiting the vice-chair's decision, returned ones to fix, approved
activities to publish, invitations to answer, attendance to record (谁组织谁记录).

Which kinds apply is read from the roles loaded once per request (`roles_of`), so it
costs no query; the kernel counts all kinds in one query. The keys are also the `task`
of the notifications that ask for the work (committees.services)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import roles_of
from portal.models import Role, User
from portal.registry import Todo, TodoKind

from .models import Activity, ActivityInvitation, WorkPlan

PLAN_APPROVAL = "committees.plan_approval"
ACTIVITY_APPROVAL = "committees.activity_approval"
PLAN_RETURNED = "committees.plan_returned"
ACTIVITY_RETURNED = "committees.activity_returned"
PUBLISH = "committees.publish"
INVITATION = "committees.invitation"
ATTENDANCE = "committees.attendance"


def approval_task(obj: WorkPlan | Activity) -> str:
    """The task of the vice-chair's notification about a submission."""
    return PLAN_APPROVAL if isinstance(obj, WorkPlan) else ACTIVITY_APPROVAL


def decided_task(obj: WorkPlan | Activity) -> str:
    """The task the vice-chair's decision leaves to the committee's staff: fix a returned
    plan or activity, publish an approved activity; none for an approved plan."""
    if obj.status == WorkPlan.Status.RETURNED:
        return PLAN_RETURNED if isinstance(obj, WorkPlan) else ACTIVITY_RETURNED
    return PUBLISH if isinstance(obj, Activity) else ""


def _committee_ids(user: User, role: str) -> list[int]:
    return [a.committee_id for a in roles_of(user).of(role) if a.body_id == user.body_id]


# ---- the vice-chair in charge (§12) -------------------------------------------------------


def plan_approval_open(user: User) -> QuerySet | None:
    ids = _committee_ids(user, Role.VICE_CHAIR)
    if not ids:
        return None
    return (
        WorkPlan.objects.filter(committee_id__in=ids, status=WorkPlan.Status.SUBMITTED)
        .exclude(submitted_by=user)
        .select_related("committee")
        .order_by("submitted_at", "pk")
    )


def plan_approval_todo(plan: WorkPlan) -> Todo:
    return Todo(
        title=_("审批：%(title)s") % {"title": plan.title},
        url=reverse("committees:plan_detail", args=[plan.pk]),
        since=plan.submitted_at,
        detail=plan.committee.name,
    )


def activity_approval_open(user: User) -> QuerySet | None:
    ids = _committee_ids(user, Role.VICE_CHAIR)
    if not ids:
        return None
    return (
        Activity.objects.filter(owner_committee_id__in=ids, status=Activity.Status.PENDING)
        .exclude(submitted_by=user)
        .select_related("owner_committee")
        .order_by("submitted_at", "pk")
    )


def activity_approval_todo(activity: Activity) -> Todo:
    return Todo(
        title=_("审批重大活动：%(topic)s") % {"topic": activity.topic},
        url=reverse("committees:activity_detail", args=[activity.pk]),
        since=activity.submitted_at,
        due=activity.starts_at,
        detail=activity.owner_committee.name,
    )


# ---- committee staff ----------------------------------------------------------------------


def plan_returned_open(user: User) -> QuerySet | None:
    ids = _committee_ids(user, Role.COMMITTEE_STAFF)
    if not ids:
        return None
    return (
        WorkPlan.objects.filter(committee_id__in=ids, status=WorkPlan.Status.RETURNED)
        .select_related("committee")
        .order_by("decided_at", "pk")
    )


def plan_returned_todo(plan: WorkPlan) -> Todo:
    return Todo(
        title=_("修改后重新报送：%(title)s") % {"title": plan.title},
        url=reverse("committees:plan_detail", args=[plan.pk]),
        since=plan.decided_at,
        detail=_("%(committee)s · 分管副主席已退回") % {"committee": plan.committee.name},
    )


def _staff_activities(user: User, status: str) -> QuerySet | None:
    ids = _committee_ids(user, Role.COMMITTEE_STAFF)
    if not ids:
        return None
    return Activity.objects.filter(owner_committee_id__in=ids, status=status).select_related(
        "owner_committee"
    )


def activity_returned_open(user: User) -> QuerySet | None:
    qs = _staff_activities(user, Activity.Status.RETURNED)
    return qs.order_by("decided_at", "pk") if qs is not None else None


def activity_returned_todo(activity: Activity) -> Todo:
    return Todo(
        title=_("修改后重新报批：%(topic)s") % {"topic": activity.topic},
        url=reverse("committees:activity_detail", args=[activity.pk]),
        since=activity.decided_at,
        due=activity.starts_at,
        detail=_("%(committee)s · 分管副主席已退回") % {"committee": activity.owner_committee},
    )


def publish_open(user: User) -> QuerySet | None:
    qs = _staff_activities(user, Activity.Status.APPROVED)
    return qs.order_by("decided_at", "pk") if qs is not None else None


def publish_todo(activity: Activity) -> Todo:
    return Todo(
        title=_("发布已批准的活动：%(topic)s") % {"topic": activity.topic},
        url=reverse("committees:activity_detail", args=[activity.pk]),
        since=activity.decided_at,
        due=activity.starts_at,
        detail=str(activity.owner_committee),
    )


def attendance_open(user: User) -> QuerySet | None:
    """谁组织谁记录: the staff of the owning committee; the office for its own meetings.
    Activities that ended with members invited and attendance not complete."""
    ids = _committee_ids(user, Role.COMMITTEE_STAFF)
    office = any(a.body_id == user.body_id for a in roles_of(user).of(Role.OFFICE))
    if not ids and not office:
        return None
    organised = Q(owner_committee_id__in=ids)
    if office:
        organised |= Q(owner_committee__isnull=True, body_id=user.body_id)
    return (
        Activity.objects.filter(
            organised,
            status__in=Activity.ANNOUNCED,
            ends_at__lt=timezone.now(),
            attendance_recorded_at__isnull=True,
        )
        .filter(Exists(ActivityInvitation.objects.filter(activity=OuterRef("pk"))))
        .select_related("owner_committee")
        .order_by("ends_at", "pk")
    )


def attendance_todo(activity: Activity) -> Todo:
    return Todo(
        title=_("登记考勤：%(topic)s") % {"topic": activity.topic},
        url=reverse("committees:activity_attendance", args=[activity.pk]),
        since=activity.ends_at,
        detail=_("%(when)s · %(place)s")
        % {
            "when": timezone.localtime(activity.starts_at).strftime("%Y-%m-%d"),
            "place": activity.place,
        },
    )


# ---- members ------------------------------------------------------------------------------


def invitation_open(user: User) -> QuerySet | None:
    member = roles_of(user).member
    if member is None:
        return None
    return (
        ActivityInvitation.objects.filter(
            member_id=member.pk,
            response=ActivityInvitation.Response.PENDING,
            activity__status=Activity.Status.PUBLISHED,
            activity__starts_at__gt=timezone.now(),
        )
        .select_related("activity")
        .order_by("invited_at", "pk")
    )


def invitation_todo(invitation: ActivityInvitation) -> Todo:
    activity = invitation.activity
    return Todo(
        title=_("回复活动邀请：%(topic)s") % {"topic": activity.topic},
        url=reverse("committees:my_activities") + "#upcoming",
        since=invitation.invited_at,
        due=activity.starts_at,
        detail=_("%(when)s · %(place)s · 参加或请假")
        % {
            "when": timezone.localtime(activity.starts_at).strftime("%m-%d %H:%M"),
            "place": activity.place,
        },
    )


KINDS = (
    TodoKind(PLAN_APPROVAL, gettext_lazy("计划待审批"), plan_approval_open, plan_approval_todo, 10),
    TodoKind(
        ACTIVITY_APPROVAL,
        gettext_lazy("重大活动待审批"),
        activity_approval_open,
        activity_approval_todo,
        11,
    ),
    TodoKind(
        PLAN_RETURNED, gettext_lazy("被退回的计划"), plan_returned_open, plan_returned_todo, 12
    ),
    TodoKind(
        ACTIVITY_RETURNED,
        gettext_lazy("被退回的活动"),
        activity_returned_open,
        activity_returned_todo,
        13,
    ),
    TodoKind(PUBLISH, gettext_lazy("活动待发布"), publish_open, publish_todo, 14),
    TodoKind(ATTENDANCE, gettext_lazy("考勤待登记"), attendance_open, attendance_todo, 15),
    TodoKind(INVITATION, gettext_lazy("活动邀请"), invitation_open, invitation_todo, 16),
)
