"""Writes of activities (§1–3, §6, §7, §12, §15): creating and editing, approval of major
activities, publishing (invitations go out on commit), invitations and answers, QR check-in,
attendance (谁组织谁记录), outside participants, outputs and calendar feeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member, MemberTerm
from members.selectors import active_on
from organisation.models import Committee, SectorGroup
from portal.access import is_office
from portal.models import User
from portal.queue import enqueue_on_commit
from portal.services import notifications_close, notify
from portal.uploads import check_upload

from .. import todos
from ..models import Activity, ActivityInvitation, ActivityOutput, ActivityParticipant, CalendarFeed
from ..models.activities import new_token
from ..workflow import ACTIVITY_WORKFLOW, manages_activity, works_in
from .plans import approval_decide, approval_submit

A = Activity.Status
I = ActivityInvitation  # noqa: E741


def checkin_opens_minutes() -> int:
    """How long before the start QR check-in opens (setting ACTIVITY_CHECKIN_OPENS_MINUTES)."""
    return settings.ACTIVITY_CHECKIN_OPENS_MINUTES


def check_manager(activity: Activity, by: User) -> None:
    if not manages_activity(activity, by):
        raise PermissionDenied(_("只有组织方可以管理这项活动（谁组织谁记录）。"))


# ---- create, edit -----------------------------------------------------------------------


def _owner_of(
    *, body_id: int, committee: Committee | None, groups: list[SectorGroup], by: User
) -> Committee | None:
    """Who runs the activity: the organising committee; else the one committee the
    organising sector groups are linked to (§3); none when the office organises it."""
    if any(g.body_id != body_id for g in groups) or (
        committee is not None and committee.body_id != body_id
    ):
        raise ValidationError(_("组织方不属于本级政协。"))
    if committee is not None:
        return committee
    if is_office(by) and by.body_id == body_id:
        return None  # the office organises it (a body-wide meeting, a cross-group 界别协商)
    if not groups:
        raise ValidationError(_("请选择组织活动的专委会或界别活动组（至少一项）。"))
    linked = {g.committee_id for g in groups}
    if len(linked) > 1:
        raise ValidationError(_("所选界别活动组联系不同的专委会，请同时选择负责组织的专委会。"))
    return groups[0].committee


@transaction.atomic
def activity_save(
    *,
    activity: Activity,
    sector_groups: Iterable[SectorGroup],
    by: User,
    version: int | None = None,
) -> Activity:
    """Create an activity (a draft) or change one that is still a draft or returned."""
    groups = list(sector_groups)
    creating = activity.pk is None
    if not creating:
        current = Activity.objects.select_for_update().get(pk=activity.pk)
        check_manager(current, by)
        if not current.is_editable:
            raise ValidationError(
                _("「%(status)s」的活动不能修改。") % {"status": current.get_status_display()}
            )
        if version is not None and current.version != version:
            raise ValidationError(_("该活动已被他人修改，请重新打开后再编辑。"))
        activity.version = current.version + 1
        activity.status = current.status
    activity.owner_committee = _owner_of(
        body_id=activity.body_id, committee=activity.committee, groups=groups, by=by
    )
    if activity.owner_committee is not None and not works_in(activity.owner_committee, by):
        raise PermissionDenied(_("只能为本专委会组织活动。"))
    if activity.owner_committee is None and activity.is_major:
        raise ValidationError(_("办公室组织的本级政协会议不走专委会重大活动审批。"))
    if activity.ends_at <= activity.starts_at:
        raise ValidationError(_("结束时间须晚于开始时间。"))
    if activity.plan_item_id is not None:
        item = activity.plan_item
        if item.plan.committee_id != activity.owner_committee_id:
            raise ValidationError(_("只能关联本专委会计划中的事项。"))
    if creating:
        activity.created_by = by
    else:
        _check_invitees_still_seated(activity)
    activity.full_clean(exclude=["created_by", "checkin_token"])
    activity._history_user = by
    activity.save()
    activity.sector_groups.set(groups)
    return activity


def _check_invitees_still_seated(activity: Activity) -> None:
    """A new date must still find every invited member in office."""
    day = timezone.localtime(activity.starts_at).date()
    unseated = Member.objects.filter(invitations__activity=activity).exclude(
        pk__in=MemberTerm.objects.filter(active_on(day)).values("member_id")
    )
    names = list(unseated.values_list("name", flat=True)[:10])
    if names:
        raise ValidationError(
            _("以下已邀请的委员在 %(day)s 不在任，不能改到这一天：%(names)s")
            % {"day": day, "names": "、".join(names)}
        )


def _lock(activity: Activity) -> Activity:
    return (
        Activity.objects.select_for_update(of=("self",))
        .select_related("owner_committee", "body")
        .get(pk=activity.pk)
    )


# ---- approval, publishing, holding, cancelling ----------------------------------------------


@transaction.atomic
def activity_submit(*, activity: Activity, by: User) -> Activity:
    """A major activity goes to the vice-chair in charge before it is announced (§12)."""
    locked = _lock(activity)
    approval_submit(
        locked,
        workflow=ACTIVITY_WORKFLOW,
        target=A.PENDING,
        committee=locked.owner_committee,
        by=by,
        title=_("待审批的重大活动：%(topic)s") % {"topic": locked.topic},
        body=_("%(committee)s 报批重大履职活动「%(topic)s」，请审批。")
        % {"committee": getattr(locked.owner_committee, "name", ""), "topic": locked.topic},
        url=reverse("committees:activity_detail", args=[locked.pk]),
    )
    return locked


@transaction.atomic
def activity_decide(*, activity: Activity, approve: bool, comment: str = "", by: User) -> Activity:
    locked = _lock(activity)
    title = _("重大活动已批准：%(topic)s") if approve else _("重大活动被退回：%(topic)s")
    approval_decide(
        locked,
        workflow=ACTIVITY_WORKFLOW,
        target=A.APPROVED if approve else A.RETURNED,
        comment=comment,
        committee=locked.owner_committee,
        by=by,
        title=title % {"topic": locked.topic},
        url=reverse("committees:activity_detail", args=[locked.pk]),
    )
    return locked


@transaction.atomic
def activity_publish(*, activity: Activity, by: User) -> Activity:
    """Announce the activity: the invited members see it and, after the commit, get their
    invitations (activities entered after the fact are announced without notifications)."""
    locked = _lock(activity)
    ACTIVITY_WORKFLOW.move(locked, A.PUBLISHED, by=by)
    notifications_close(target=locked, task=todos.PUBLISH)
    locked.announced_at = timezone.now()
    locked._history_user = by
    locked.save(update_fields=["status", "announced_at"])
    _send_invitations_on_commit(locked)
    return locked


def _send_invitations_on_commit(activity: Activity) -> None:
    if activity.status == A.PUBLISHED and activity.starts_at > timezone.now():
        from ..tasks import send_activity_invitations_task

        # Redis down, the invitations are sent in the request (portal.queue).
        enqueue_on_commit(send_activity_invitations_task, activity.pk, inline_if_down=True)


@transaction.atomic
def activity_mark_held(*, activity: Activity, by: User) -> Activity:
    locked = _lock(activity)
    if locked.starts_at > timezone.now():
        raise ValidationError(_("活动尚未开始，不能标记为已举行。"))
    ACTIVITY_WORKFLOW.move(locked, A.HELD, by=by)
    notifications_close(target=locked, task=todos.INVITATION)  # too late to answer
    locked.held_at = timezone.now()
    locked._history_user = by
    locked.save(update_fields=["status", "held_at"])
    return locked


@transaction.atomic
def activity_cancel(*, activity: Activity, reason: str, by: User) -> Activity:
    locked = _lock(activity)
    announced = locked.announced_at is not None
    ACTIVITY_WORKFLOW.move(locked, A.CANCELLED, by=by, comment=reason)
    notifications_close(target=locked)
    locked._history_user = by
    locked.save(update_fields=["status"])
    if announced:
        invited = User.objects.filter(member__invitations__activity=locked)
        notify(
            recipients=invited,
            title=_("活动取消：%(topic)s") % {"topic": locked.topic},
            body=reason,
            url=reverse("committees:my_activities"),
            dedupe_key=f"activity:{locked.pk}:cancelled",
        )
    return locked


# ---- invitations ---------------------------------------------------------------------------


def seated_on(day: dt.date, member_ids: Iterable[int]) -> set[int]:
    """Which of these members hold a seat (are in office) on `day`."""
    return set(
        MemberTerm.objects.filter(active_on(day), member_id__in=list(member_ids)).values_list(
            "member_id", flat=True
        )
    )


@transaction.atomic
def invitations_add(*, activity: Activity, members: Iterable[Member], by: User) -> int:
    """Invite members. Only members in office on the activity's date may be invited (a
    member who joined in June is not invited, nor absent, in March). Returns how many were
    new; members already invited are left as they are."""
    locked = _lock(activity)
    check_manager(locked, by)
    if locked.status == A.CANCELLED:
        raise ValidationError(_("活动已取消。"))
    members = [m for m in members if m.body_id == locked.body_id]
    day = locked.local_date
    seated = seated_on(day, [m.pk for m in members])
    refused = [m.name for m in members if m.pk not in seated]
    if refused:
        raise ValidationError(
            _("以下委员在 %(day)s 不在任，不能邀请：%(names)s")
            % {"day": day, "names": "、".join(refused[:20])}
        )
    already = set(
        ActivityInvitation.objects.filter(activity=locked).values_list("member_id", flat=True)
    )
    new = [ActivityInvitation(activity=locked, member=m) for m in members if m.pk not in already]
    for invitation in new:
        invitation._history_user = by
        invitation.save()
    if new:
        _send_invitations_on_commit(locked)
    return len(new)


@transaction.atomic
def invitation_remove(*, invitation: ActivityInvitation, by: User) -> None:
    check_manager(invitation.activity, by)
    if not invitation.activity.invitations_withdrawable:
        raise ValidationError(
            _("「%(status)s」的活动不能取消邀请。")
            % {"status": invitation.activity.get_status_display()}
        )
    if invitation.checked_in_at or invitation.attendance:
        raise ValidationError(_("该委员已签到或已登记考勤，不能取消邀请。"))
    invitation._history_user = by
    invitation.delete()


@transaction.atomic
def invitation_respond(
    *, invitation: ActivityInvitation, response: str, reason: str = "", by: User
) -> ActivityInvitation:
    """The member answers his invitation: he comes, or asks for leave with a reason."""
    locked = (
        ActivityInvitation.objects.select_for_update(of=("self",))
        .select_related("activity", "member")
        .get(pk=invitation.pk)
    )
    if locked.member.user_id != by.pk:
        raise PermissionDenied
    activity = locked.activity
    if activity.status != A.PUBLISHED:
        raise ValidationError(_("活动不在报名阶段，不能回复。"))
    if activity.starts_at <= timezone.now():
        raise ValidationError(_("活动已经开始，不能再回复；如需请假请联系组织方。"))
    response = I.Response(response)
    if response == I.Response.PENDING:
        raise ValidationError(_("请选择参加或请假。"))
    reason = reason.strip()
    if response == I.Response.LEAVE and not reason:
        raise ValidationError(_("请假须填写事由。"))
    locked.response = response
    locked.response_reason = reason if response == I.Response.LEAVE else ""
    locked.responded_at = timezone.now()
    locked._history_user = by
    locked.save(update_fields=["response", "response_reason", "responded_at"])
    notifications_close(target=activity, task=todos.INVITATION, recipients=[by])
    return locked


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
def attendance_record(*, activity: Activity, entries: dict[int, tuple[str, str]], by: User) -> int:
    """Record attendance per invited member: present / excused (with a reason) / absent.
    `entries` maps invitation id -> (attendance, reason). Returns the rows changed. When
    every invitation has an attendance, the activity's attendance counts as recorded."""
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


# Photos must be images; the other outputs may be documents or images.
IMAGE_TYPES = ("image/jpeg", "image/png")


@transaction.atomic
def output_add(
    *,
    activity: Activity,
    kind: str,
    title: str,
    upload: UploadedFile,
    speaker: Member | None = None,
    by: User,
) -> ActivityOutput:
    """Attach a result to the activity. The file is checked (size, allowed type, content
    sniffed from the bytes) and stored under a random name."""
    check_manager(activity, by)
    if activity.status not in (A.PUBLISHED, A.HELD):
        raise ValidationError(_("活动发布后才能上传成果。"))
    checked = check_upload(upload)
    kind = ActivityOutput.Kind(kind)
    if kind == ActivityOutput.Kind.PHOTO and checked.content_type not in IMAGE_TYPES:
        raise ValidationError(_("活动照片只能是 JPG 或 PNG 图片。"))
    if speaker is not None and speaker.body_id != activity.body_id:
        raise ValidationError(_("发言委员不属于本级政协。"))
    output = ActivityOutput(
        activity=activity,
        kind=kind,
        title=title.strip() or checked.name,
        speaker=speaker,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        uploaded_by=by,
    )
    output.file.save(checked.name, ContentFile(checked.data), save=False)
    output._history_user = by
    output.save()
    return output


@transaction.atomic
def output_delete(*, output: ActivityOutput, by: User) -> None:
    check_manager(output.activity, by)
    output._history_user = by
    output.delete()
    delete_file_on_commit(output.file)


def delete_file_on_commit(file) -> None:
    """Remove a deleted record's stored file once the deletion is committed (a rollback
    keeps both)."""
    name, storage = file.name, file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# ---- calendar feeds -------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_reset(*, member: Member, by: User) -> CalendarFeed:
    """Create the member's feed URL, or replace it: the old URL stops working at once."""
    if member.user_id != by.pk:
        raise PermissionDenied
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(member=member)
    if not created:
        feed.token = new_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


def notify_invited(*, activity: Activity) -> int:
    """Tell every invited member who has not been told yet (the dedupe key makes it once
    per member and activity, however often this runs). Returns how many were told."""
    start = timezone.localtime(activity.starts_at)
    users = User.objects.filter(member__invitations__activity=activity)
    return len(
        notify(
            recipients=users,
            title=_("活动邀请：%(topic)s") % {"topic": activity.topic},
            body=_("%(when)s 在 %(place)s。请在“我的活动”中确认参加或请假。")
            % {"when": start.strftime("%Y-%m-%d %H:%M"), "place": activity.place},
            url=reverse("committees:my_activities"),
            dedupe_key=f"activity:{activity.pk}:invite",
            target=activity,
            task=todos.INVITATION,
        )
    )
