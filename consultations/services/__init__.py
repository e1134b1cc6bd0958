"""Writes of 协商. Each runs in one transaction, checks who acts, moves statuses only through
consultations.workflow (which logs the move) and names the actor for the history;
notifications go out with the commit."""

from .common import (
    FEEDBACK_TASK,
    MAX_KEY_TOPICS,
    PLAN_TASK,
    REPORT_REVIEW_TASK,
    RESEARCH_REMIND_DAYS,
    REVIEW_TASK,
    SIGN_TASK,
    consultation_url,
)
from .meetings import (
    attendance_record,
    consultation_move,
    consultation_prepare,
    consultation_set_follow_up,
    consultation_start,
    participant_add_person,
    participants_invite,
    speech_add,
)
from .outcomes import (
    instruction_add,
    outcome_move,
    outcome_save,
    recommendation_add,
    recommendation_answer,
    recommendation_remove,
)
from .plans import plan_comment_add, plan_create, plan_item_add, plan_item_remove, plan_move
from .quality import quality_indicators, quality_score, weighted_total
from .reminders import overdue_recommendations, remind_overdue_feedback, remind_research
from .research import report_move, report_save, research_add, research_move
from .threads import post_add, post_moderate, thread_create, thread_move
from .topics import topic_decide, topic_propose

__all__ = [
    "FEEDBACK_TASK",
    "MAX_KEY_TOPICS",
    "PLAN_TASK",
    "REPORT_REVIEW_TASK",
    "RESEARCH_REMIND_DAYS",
    "REVIEW_TASK",
    "SIGN_TASK",
    "consultation_url",
    "topic_decide",
    "topic_propose",
    "plan_comment_add",
    "plan_create",
    "plan_item_add",
    "plan_item_remove",
    "plan_move",
    "attendance_record",
    "consultation_move",
    "consultation_prepare",
    "consultation_set_follow_up",
    "consultation_start",
    "participant_add_person",
    "participants_invite",
    "speech_add",
    "report_move",
    "report_save",
    "research_add",
    "research_move",
    "instruction_add",
    "outcome_move",
    "outcome_save",
    "recommendation_add",
    "recommendation_answer",
    "recommendation_remove",
    "post_add",
    "post_moderate",
    "thread_create",
    "thread_move",
    "overdue_recommendations",
    "remind_overdue_feedback",
    "remind_research",
    "quality_indicators",
    "quality_score",
    "weighted_total",
]
