"""Celery tasks of committee work. Tasks take ids (or nothing), call selectors and services,
and are safe to run twice: every reminder has a dedupe key, so nobody is told twice.

Scheduled daily by django-celery-beat (PeriodicTask rows created by migration
committees/0004; the office or the administrator edits the schedule in /admin/)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.selectors import vice_chair_of
from portal.models import Role, User
from portal.services import Note, notify, notify_many

from . import todos
from .models import Activity, ActivityInvitation, WorkPlan
from .selectors.activities import attendance_missing
from .services.activities import notify_invited
from .services.plans import committee_staff

ATTENDANCE_GRACE_DAYS = 3
APPROVAL_REMINDER_DAYS = 7


@shared_task(acks_late=True)
def send_activity_invitations_task(activity_id: int) -> int:
    """Invitations of an announced activity, to every invited member not told yet."""
    activity = Activity.objects.filter(pk=activity_id, status=Activity.Status.PUBLISHED).first()
    if activity is None or activity.starts_at <= timezone.now():
        return 0
    return notify_invited(activity=activity)


@shared_task(acks_late=True)
def remind_tomorrows_activities_task() -> int:
    """The day before: a reminder to each invited member who has not asked for leave."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    activities = list(
        Activity.objects.filter(
            status=Activity.Status.PUBLISHED, starts_at__gte=start, starts_at__lt=end
        ).order_by("starts_at", "pk")
    )
    # Everyone coming, for all of tomorrow's activities in one query, and all reminders
    # written together: the same queries however many activities there are.
    coming: dict[int, list[User]] = {a.pk: [] for a in activities}
    invitations = (
        ActivityInvitation.objects.filter(activity__in=activities, member__user__isnull=False)
        .exclude(response=ActivityInvitation.Response.LEAVE)
        .select_related("member__user")
    )
    for invitation in invitations:
        coming[invitation.activity_id].append(invitation.member.user)
    return notify_many(
        Note(
            recipients=coming[activity.pk],
            title=_("明天的活动：%(topic)s") % {"topic": activity.topic},
            body=_("%(when)s 在 %(place)s。到场后请扫描现场二维码签到。")
            % {
                "when": timezone.localtime(activity.starts_at).strftime("%m-%d %H:%M"),
                "place": activity.place,
            },
            url=reverse("committees:activity_detail", args=[activity.pk]),
            dedupe_key=f"activity:{activity.pk}:eve",
        )
        for activity in activities
    )


@shared_task(acks_late=True)
def remind_unrecorded_attendance_task() -> int:
    """谁组织谁记录: staff are told when an activity ended three days ago and its attendance
    is still not recorded (the office, for the meetings it organises)."""
    older_than = timezone.now() - dt.timedelta(days=ATTENDANCE_GRACE_DAYS)
    sent = 0
    for activity in attendance_missing(older_than=older_than).select_related("owner_committee"):
        if activity.owner_committee_id is not None:
            recipients = committee_staff([activity.owner_committee_id])
        else:
            recipients = list(
                User.objects.filter(
                    role_assignments__role=Role.OFFICE,
                    role_assignments__body_id=activity.body_id,
                    is_active=True,
                )
            )
        sent += len(
            notify(
                recipients=recipients,
                title=_("请登记考勤：%(topic)s") % {"topic": activity.topic},
                body=_("活动已结束 %(days)d 天，考勤尚未登记完整。")
                % {"days": ATTENDANCE_GRACE_DAYS},
                url=reverse("committees:activity_attendance", args=[activity.pk]),
                dedupe_key=f"activity:{activity.pk}:attendance",
                target=activity,
                task=todos.ATTENDANCE,
            )
        )
    return sent


@shared_task(acks_late=True)
def remind_pending_approvals_task() -> int:
    """Plans, summaries and major activities waiting more than seven days: a reminder to
    the vice-chair in charge (once per submission: the key names its date)."""
    cutoff = timezone.now() - dt.timedelta(days=APPROVAL_REMINDER_DAYS)
    sent = 0
    plans = WorkPlan.objects.filter(
        status=WorkPlan.Status.SUBMITTED, submitted_at__lt=cutoff
    ).select_related("committee")
    for plan in plans:
        sent += _remind_approver(
            plan,
            committee=plan.committee,
            title=plan.title,
            url=reverse("committees:plan_detail", args=[plan.pk]),
            key=f"plan:{plan.pk}:pending:{plan.submitted_at:%Y%m%d%H%M%S}",
            exclude=plan.submitted_by_id,
        )
    activities = Activity.objects.filter(
        Q(status=Activity.Status.PENDING), submitted_at__lt=cutoff
    ).select_related("owner_committee")
    for activity in activities:
        sent += _remind_approver(
            activity,
            committee=activity.owner_committee,
            title=activity.topic,
            url=reverse("committees:activity_detail", args=[activity.pk]),
            key=f"activity:{activity.pk}:pending:{activity.submitted_at:%Y%m%d%H%M%S}",
            exclude=activity.submitted_by_id,
        )
    return sent


def _remind_approver(
    obj: WorkPlan | Activity, *, committee, title: str, url: str, key: str, exclude: int | None
) -> int:
    approver = vice_chair_of(committee)
    if approver is None or approver.pk == exclude:
        return 0
    return len(
        notify(
            recipients=[approver],
            title=_("待审批已超过 %(days)d 天：%(title)s")
            % {"days": APPROVAL_REMINDER_DAYS, "title": title},
            body=_("%(committee)s 报送的事项仍在等待您的审批。") % {"committee": committee.name},
            url=url,
            dedupe_key=key,
            target=obj,
            task=todos.approval_task(obj),
        )
    )
