"""协商 (SPEC §3.3, source articles 5–9): topics proposed for the year (选题建议), the annual
consultation plan (年度协商计划) and its items, each consultation with its research
(无调研不协商, §7), participants, attendance and speeches, the outcome (协商成果) with its
numbered recommendations, leaders' instructions (批示) and departments' feedback, and
online deliberation threads (网络议政, §9).

Every status changes only through the tables of consultations.workflow."""

from .meetings import Consultation, Participant, Research, ResearchReport, Speech
from .outcomes import Instruction, Outcome, Recommendation
from .plans import Plan, PlanComment, PlanItem
from .quality import QualityIndicator, QualityScore
from .threads import Post, Thread, post_file_path
from .topics import ConsultationKind, Topic

__all__ = [
    "ConsultationKind",
    "Topic",
    "Plan",
    "PlanComment",
    "PlanItem",
    "Consultation",
    "Participant",
    "Research",
    "ResearchReport",
    "Speech",
    "Instruction",
    "Outcome",
    "Recommendation",
    "Post",
    "Thread",
    "post_file_path",
    "QualityIndicator",
    "QualityScore",
]
