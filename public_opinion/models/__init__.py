"""社情民意信息 (SPEC §3.5, source article 11): an item written by members (alone or with
co-authors) or in the name of a committee or sector group; the information section's
editing (受理 with a number, 退回修改, 不予采用 with a standard reason, its own edited text
beside the original, merging into a 综合 item), the bulletin 《社情民意》, forwarding to a
higher body, adoptions at levels that are data, and leader instructions (批示)."""

from .adoptions import Adoption, Instruction
from .forwarding import Forwarding
from .issues import Issue, IssueEntry
from .reference import (
    DEFAULT_ADOPTION_LEVELS,
    DEFAULT_REJECTION_REASONS,
    AdoptionLevel,
    KeyTopic,
    NamedByTitle,
    RejectionReason,
)
from .reports import Attachment, Author, Report, ReportCounter, attachment_path

__all__ = [
    "AdoptionLevel",
    "DEFAULT_ADOPTION_LEVELS",
    "DEFAULT_REJECTION_REASONS",
    "KeyTopic",
    "NamedByTitle",
    "RejectionReason",
    "Attachment",
    "Author",
    "Report",
    "ReportCounter",
    "attachment_path",
    "Issue",
    "IssueEntry",
    "Adoption",
    "Instruction",
    "Forwarding",
]
