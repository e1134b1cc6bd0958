"""Every write of 文史资料: one function per action, in one transaction, naming who acts
(django-simple-history records him). Statuses move only through archives.workflow.
Texts are never overwritten without a trace: each save of a changed text is a new
ManuscriptVersion, the first one the author's original."""

from .archive import item_create, item_update
from .common import (
    ITEM_FIELDS,
    MANUSCRIPT_FIELDS,
    PLAN_FIELDS,
    RETURNED_TASK,
    REVIEW_TASK,
    VOLUME_FIELDS,
    P,
    S,
)
from .manuscripts import (
    file_add,
    file_delete,
    has_authorisation,
    manuscript_create,
    manuscript_move,
    manuscript_submit,
    manuscript_update,
)
from .plans import plan_create, plan_move, plan_update
from .reminders import CALL_WARNING_DAYS, DEFAULT_REVIEW_WAIT_DAYS, remind
from .volumes import (
    volume_add,
    volume_create,
    volume_publish,
    volume_remove,
    volume_reorder,
    volume_update,
)

__all__ = [
    "ITEM_FIELDS",
    "MANUSCRIPT_FIELDS",
    "P",
    "PLAN_FIELDS",
    "RETURNED_TASK",
    "REVIEW_TASK",
    "S",
    "VOLUME_FIELDS",
    "plan_create",
    "plan_move",
    "plan_update",
    "file_add",
    "file_delete",
    "has_authorisation",
    "manuscript_create",
    "manuscript_move",
    "manuscript_submit",
    "manuscript_update",
    "volume_add",
    "volume_create",
    "volume_publish",
    "volume_remove",
    "volume_reorder",
    "volume_update",
    "item_create",
    "item_update",
    "CALL_WARNING_DAYS",
    "DEFAULT_REVIEW_WAIT_DAYS",
    "remind",
]
