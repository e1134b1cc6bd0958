"""Writes of activities (§1–3, §6, §7, §12, §15): creating and editing, approval of major
activities, publishing (invitations go out on commit), invitations and answers, QR check-in,
attendance (谁组织谁记录), outside participants, outputs and calendar feeds."""

from .attendance import (
    CheckinResult,
    activity_checkin,
    attendance_record,
    participant_add,
    participant_remove,
)
from .common import A, I, check_manager, checkin_opens_minutes
from .invitations import (
    calendar_feed_reset,
    invitation_remove,
    invitation_respond,
    invitations_add,
    notify_invited,
    seated_on,
)
from .lifecycle import (
    activity_cancel,
    activity_decide,
    activity_mark_held,
    activity_publish,
    activity_save,
    activity_submit,
)
from .outputs import IMAGE_TYPES, output_add, output_delete

__all__ = [
    "A",
    "I",
    "check_manager",
    "checkin_opens_minutes",
    "activity_cancel",
    "activity_decide",
    "activity_mark_held",
    "activity_publish",
    "activity_save",
    "activity_submit",
    "calendar_feed_reset",
    "invitation_remove",
    "invitation_respond",
    "invitations_add",
    "notify_invited",
    "seated_on",
    "CheckinResult",
    "activity_checkin",
    "attendance_record",
    "participant_add",
    "participant_remove",
    "IMAGE_TYPES",
    "output_add",
    "output_delete",
]
