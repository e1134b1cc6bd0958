"""Writes of notices: drafting (text sanitised, audience checked against what the publisher
may reach), attachments, publishing (one receipt per member in office in the audience,
notifications after the commit), closing and withdrawing, read receipts, reply slips and
reminders. Each runs in one transaction and names the actor for the history."""

from .common import MAX_FIELDS, MAX_REMIND_HOURS, RECEIPT_TASK, R, S, detail_url
from .drafts import (
    Draft,
    attachment_add,
    attachment_delete,
    notice_create,
    notice_delete,
    notice_update,
    seated_in,
)
from .publishing import (
    notice_close,
    notice_publish,
    notice_withdraw,
    notify_recipients,
    recipients_of,
)
from .receipts import (
    Reply,
    check_reply,
    notice_remind,
    receipt_answer,
    receipt_read,
    remind_due_replies,
)

__all__ = [
    "MAX_FIELDS",
    "MAX_REMIND_HOURS",
    "R",
    "RECEIPT_TASK",
    "S",
    "detail_url",
    "Draft",
    "attachment_add",
    "attachment_delete",
    "notice_create",
    "notice_delete",
    "notice_update",
    "seated_in",
    "notice_close",
    "notice_publish",
    "notice_withdraw",
    "notify_recipients",
    "recipients_of",
    "Reply",
    "check_reply",
    "notice_remind",
    "receipt_answer",
    "receipt_read",
    "remind_due_replies",
]
