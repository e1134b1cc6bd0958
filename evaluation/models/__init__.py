"""The evaluation module's models, by topic: the quotas of the board (quotas.py), the annual
scoring's rule sets (rules.py) and runs (runs.py), the body's meetings (meetings.py), the
members' 履职报告表 (reports.py), and the committees' evaluation, awards and annual
summaries (committees.py)."""

from .committees import (
    Award,
    CommitteeQuotaResult,
    CommitteeRun,
    CommitteeScore,
    CommitteeScoreLine,
    CommitteeSummary,
)
from .meetings import BodyMeeting, MeetingAttendance, Speech
from .quotas import Quota, QuotaEvidence, evidence_upload_to
from .reports import PerformanceReport
from .rules import GRADE_BADGES, POINTS, Grade, Rule, RuleSet, Target
from .runs import MemberScore, Objection, ScoreLine, ScoringRun

__all__ = [
    "GRADE_BADGES",
    "POINTS",
    "Award",
    "BodyMeeting",
    "CommitteeQuotaResult",
    "CommitteeRun",
    "CommitteeScore",
    "CommitteeScoreLine",
    "CommitteeSummary",
    "Grade",
    "MeetingAttendance",
    "MemberScore",
    "Objection",
    "PerformanceReport",
    "Quota",
    "QuotaEvidence",
    "Rule",
    "RuleSet",
    "ScoreLine",
    "ScoringRun",
    "Speech",
    "Target",
    "evidence_upload_to",
]
