"""Invitations and answers, telling the invited, the member's calendar feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member, MemberTerm
from members.selectors import active_on
from portal.models import User
from portal.services import notifications_close, notify

from ... import todos
from ...models import (
    Activity,
    ActivityInvitation,
    CalendarFeed,
)
from ...models.activities import new_token
from .common import A, I, _lock, check_manager
from .lifecycle import _send_invitations_on_commit

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
