"""Writes of 社情民意: writing and submitting (with co-authors who confirm), the editors'
decisions (受理 with a number, 退回修改, 不予采用, 转交), editing beside the original, merging
into a 综合 item, issues of 《社情民意》, adoptions and 批示, forwarding to a higher body.
Each runs in one transaction, locks what it changes, moves states only through
`workflow.REPORT` and names the actor for the history."""

from .adoptions import (
    ADOPTABLE,
    InstructionData,
    adoption_record,
    instruction_record,
    instruction_set_result,
)
from .common import COAUTHOR_TASK, FORWARD_TASK, QUEUE_TASK, S, detail_url, editors_of
from .decisions import (
    EDITABLE_BY_EDITORS,
    report_accept,
    report_edit,
    report_pass_on,
    report_reject,
    report_return,
    reports_merge,
)
from .forwarding import (
    FORWARDABLE,
    forward_targets,
    forwarding_accept,
    forwarding_decline,
    report_forward,
)
from .issues import issue_context, issue_create, issue_pdf, issue_publish, issue_set_entries
from .reference import adoption_level_save, defaults_create, key_topic_create, rejection_reason_save
from .writing import (
    MAX_ATTACHMENTS,
    MAX_COAUTHORS,
    Draft,
    attachment_add,
    attachment_delete,
    coauthor_answer,
    report_create,
    report_delete,
    report_recall,
    report_submit,
    report_update,
    report_withdraw,
)

__all__ = [
    "COAUTHOR_TASK",
    "FORWARD_TASK",
    "QUEUE_TASK",
    "S",
    "detail_url",
    "editors_of",
    "adoption_level_save",
    "defaults_create",
    "key_topic_create",
    "rejection_reason_save",
    "Draft",
    "MAX_ATTACHMENTS",
    "MAX_COAUTHORS",
    "attachment_add",
    "attachment_delete",
    "coauthor_answer",
    "report_create",
    "report_delete",
    "report_recall",
    "report_submit",
    "report_update",
    "report_withdraw",
    "EDITABLE_BY_EDITORS",
    "report_accept",
    "report_edit",
    "report_pass_on",
    "report_reject",
    "report_return",
    "reports_merge",
    "issue_context",
    "issue_create",
    "issue_pdf",
    "issue_publish",
    "issue_set_entries",
    "ADOPTABLE",
    "InstructionData",
    "adoption_record",
    "instruction_record",
    "instruction_set_result",
    "FORWARDABLE",
    "forward_targets",
    "forwarding_accept",
    "forwarding_decline",
    "report_forward",
]
