"""QR check-in, attendance (谁组织谁记录) and outside participants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User
from portal.services import notifications_close

from ... import todos
from ...models import (
    Activity,
    ActivityInvitation,
    ActivityParticipant,
)
from .common import A, I, _lock, check_manager, checkin_opens_minutes
from .invitations import seated_on


@dataclass(frozen=True)
class CheckinResult:
    invitation: ActivityInvitation
    already: bool


@transaction.atomic
def activity_checkin(
    *, activity: Activity, by: User, now: dt.datetime | None = None
) -> CheckinResult:
    """QR check-in at the venue: open from ACTIVITY_CHECKIN_OPENS_MINUTES before the start
    to the end, for invited members only; a second scan changes nothing."""
    now = now or timezone.now()
    if activity.status not in (A.PUBLISHED, A.HELD):
        raise ValidationError(_("活动未发布或已取消，不能签到。"))
    opens = activity.starts_at - dt.timedelta(minutes=checkin_opens_minutes())
    if now < opens:
        raise ValidationError(
            _("签到尚未开始：开始前 %(n)d 分钟（%(at)s）开放签到。")
            % {
                "n": checkin_opens_minutes(),
                "at": timezone.localtime(opens).strftime("%m-%d %H:%M"),
            }
        )
    if now > activity.ends_at:
        raise ValidationError(_("活动已结束，签到已关闭。"))
    invitation = (
        ActivityInvitation.objects.select_for_update(of=("self",))
        .filter(activity=activity, member__user=by)
        .first()
    )
    if invitation is None:
        raise PermissionDenied(_("您不在本次活动的邀请名单中，不能签到。"))
    if invitation.checked_in_at is not None:
        return CheckinResult(invitation, already=True)
    invitation.checked_in_at = now
    fields = ["checked_in_at"]
    if not invitation.attendance:
        invitation.attendance = I.Attendance.PRESENT
        invitation.attendance_reason = ""
        fields += ["attendance", "attendance_reason"]
    invitation._history_user = by
    invitation.save(update_fields=fields)
    return CheckinResult(invitation, already=False)


# ---- attendance (谁组织谁记录) ------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *,
    activity: Activity,
    entries: dict[int, tuple[str, str]],
    by: User,
    seen: str | None = None,
) -> int:
    """Record attendance per invited member: present / excused (with a reason) / absent.
    `entries` maps invitation id -> (attendance, reason). Returns the rows changed. When
    every invitation has an attendance, the activity's attendance counts as recorded.

    `seen` is the sheet's version the form was drawn from (selectors.attendance_version):
    the activity's row lock queues two saves of the same sheet, and the second, finding
    the sheet changed since it was drawn, is refused and changes nothing."""
    from ...selectors.activities import attendance_version

    locked = _lock(activity)
    check_manager(locked, by)
    if locked.status in (A.CANCELLED, A.DRAFT, A.PENDING, A.RETURNED, A.APPROVED):
        raise ValidationError(_("活动尚未发布或已取消，不能登记考勤。"))
    if locked.starts_at > timezone.now():
        raise ValidationError(_("活动尚未开始，不能登记考勤。"))
    invitations = {
        inv.pk: inv
        for inv in ActivityInvitation.objects.select_for_update(of=("self",))
        .filter(activity=locked)
        .select_related("member")
    }
    if seen is not None and seen != attendance_version(invitations.values()):
        raise ValidationError(
            _("考勤已被他人修改并保存，您这次的登记未保存。请核对最新登记后重新保存。"),
            code="stale",
        )
    seated = seated_on(locked.local_date, [inv.member_id for inv in invitations.values()])
    now = timezone.now()
    changed = 0
    errors = []
    for pk, (attendance, reason) in entries.items():
        invitation = invitations.get(pk)
        if invitation is None:
            raise ValidationError(_("考勤名单已变化，请刷新后重新登记。"))
        attendance = I.Attendance(attendance)
        reason = reason.strip()
        if attendance == I.Attendance.EXCUSED and not reason:
            errors.append(_("%(name)s：请假须填写事由。") % {"name": invitation.member.name})
            continue
        if attendance and invitation.member_id not in seated:
            errors.append(
                _("%(name)s：活动当天不在任，不计考勤。") % {"name": invitation.member.name}
            )
            continue
        if (attendance, reason) == (invitation.attendance, invitation.attendance_reason):
            continue
        invitation.attendance, invitation.attendance_reason = attendance, reason
        invitation.recorded_by, invitation.recorded_at = by, now
        invitation._history_user = by
        invitation.save(
            update_fields=["attendance", "attendance_reason", "recorded_by", "recorded_at"]
        )
        changed += 1
    if errors:
        raise ValidationError(errors)
    complete = all(inv.attendance for inv in invitations.values())
    if complete and invitations and locked.attendance_recorded_at is None:
        locked.attendance_recorded_at = now
        locked._history_user = by
        locked.save(update_fields=["attendance_recorded_at"])
        notifications_close(target=locked, task=todos.ATTENDANCE)
    elif not complete and locked.attendance_recorded_at is not None:
        locked.attendance_recorded_at = None
        locked.save(update_fields=["attendance_recorded_at"])
    return changed


# ---- outside participants and outputs ---------------------------------------------------------


@transaction.atomic
def participant_add(*, participant: ActivityParticipant, by: User) -> ActivityParticipant:
    check_manager(participant.activity, by)
    if participant.department_id and participant.department.body_id != participant.activity.body_id:
        raise ValidationError(_("所选单位不属于本级政协。"))
    participant.full_clean()
    participant._history_user = by
    participant.save()
    return participant


@transaction.atomic
def participant_remove(*, participant: ActivityParticipant, by: User) -> None:
    check_manager(participant.activity, by)
    participant._history_user = by
    participant.delete()
