"""Every write of the proposals app, split by subdomain (STYLE.md): each is one
transaction, names its actor for the history, moves states only through
proposals.workflow and tells people through portal.services.notify."""

from .evaluation import proposal_close, proposal_evaluate
from .handling import (
    Answer,
    Contact,
    Plan,
    assignment_accept,
    assignment_extend,
    assignment_reply,
    assignment_return,
    assignment_send_opinion,
    communication_answer,
    communication_record,
    proposal_assign,
)
from .office import (
    proposal_set_excellent,
    proposal_set_key,
    reply_categories_create_defaults,
    reply_category_save,
)
from .reminders import send_due_reminders
from .review import Review, proposal_confirm_recommendation, proposal_decide, proposal_recommend
from .submission import (
    Draft,
    attachment_add,
    attachment_delete,
    proposal_create,
    proposal_recall,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
    signer_answer,
)

__all__ = [
    "Answer",
    "Contact",
    "Draft",
    "Plan",
    "Review",
    "assignment_accept",
    "assignment_extend",
    "assignment_reply",
    "assignment_return",
    "assignment_send_opinion",
    "attachment_add",
    "attachment_delete",
    "communication_answer",
    "communication_record",
    "proposal_assign",
    "proposal_close",
    "proposal_confirm_recommendation",
    "proposal_create",
    "proposal_decide",
    "proposal_evaluate",
    "proposal_recall",
    "proposal_recommend",
    "proposal_set_excellent",
    "proposal_set_key",
    "proposal_submit",
    "proposal_update",
    "proposal_withdraw",
    "reply_categories_create_defaults",
    "reply_category_save",
    "send_due_reminders",
    "signer_answer",
]
