"""What the writes of activities share: the statuses, who manages an activity, locking, when
check-in opens."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from organisation.models import Committee, SectorGroup
from portal.access import is_office
from portal.models import User

from ...models import (
    Activity,
    ActivityInvitation,
)
from ...workflow import manages_activity

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


def _lock(activity: Activity) -> Activity:
    return (
        Activity.objects.select_for_update(of=("self",))
        .select_related("owner_committee", "body")
        .get(pk=activity.pk)
    )
