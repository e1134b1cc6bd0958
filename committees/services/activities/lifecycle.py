"""An activity's life: creating and editing, submitting, approval of major activities, publishing
(invitations go out on commit), held, cancelled."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member, MemberTerm
from members.selectors import active_on
from organisation.models import SectorGroup
from portal.models import User
from portal.queue import enqueue_on_commit
from portal.services import notifications_close, notify

from ... import todos
from ...models import (
    Activity,
)
from ...workflow import ACTIVITY_WORKFLOW, works_in
from ..plans import approval_decide, approval_submit
from .common import A, _lock, _owner_of, check_manager


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
        from ...tasks import send_activity_invitations_task

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
