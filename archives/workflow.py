"""The states of 文史资料 records, one table per workflow (STYLE.md). Services move them
with `<TABLE>.move(obj, target, by=user, comment=...)`, which checks who acts, refuses
illegal or repeated moves in Chinese and writes the transition log.

Manuscripts: 草稿 → 登记 → 初审 (三亲 and fact check) → 编辑加工 → 复审 → 终审 → 校样确认 →
待入选 → 入选 (a volume) → 已出版; 退修 (back to the author, with comments) and 存稿 (kept for
later) from every review step, 不予采用 (with a reason) likewise; a kept manuscript may be
taken up again. 入选 and 已出版 are set by the volume services, not by a review."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.workflow import Transition, Workflow

from .access import approves_plan, edits, is_author, manages_plan
from .models import CollectionPlan, Manuscript, Review, Volume

P = CollectionPlan.Status

PLAN = Workflow(
    Transition(P.DRAFT, P.SUBMITTED, _("报送审批"), allowed=manages_plan),
    Transition(P.RETURNED, P.SUBMITTED, _("重新报送"), allowed=manages_plan),
    Transition(P.SUBMITTED, P.APPROVED, _("批准"), allowed=approves_plan),
    Transition(P.SUBMITTED, P.RETURNED, _("退回"), allowed=approves_plan, needs_comment=True),
    Transition(P.APPROVED, P.OPEN, _("发布征稿启事"), allowed=manages_plan),
    Transition(P.OPEN, P.CLOSED, _("结束征稿"), allowed=manages_plan),
)

S = Manuscript.Status

MANUSCRIPT = Workflow(
    Transition(S.DRAFT, S.REGISTERED, _("提交登记"), allowed=is_author),
    Transition(S.RETURNED, S.REGISTERED, _("修改后重新提交"), allowed=is_author),
    Transition(S.REGISTERED, S.FIRST_REVIEW, _("受理初审"), allowed=edits),
    # 初审: 三亲 and the facts checked
    Transition(S.FIRST_REVIEW, S.EDITING, _("初审通过"), allowed=edits),
    Transition(S.FIRST_REVIEW, S.RETURNED, _("退修"), allowed=edits, needs_comment=True),
    Transition(S.FIRST_REVIEW, S.KEPT, _("存稿"), allowed=edits),
    Transition(S.FIRST_REVIEW, S.REJECTED, _("不予采用"), allowed=edits, needs_comment=True),
    Transition(S.EDITING, S.SECOND_REVIEW, _("提交复审"), allowed=edits),
    # 复审
    Transition(S.SECOND_REVIEW, S.FINAL_REVIEW, _("复审通过"), allowed=edits),
    Transition(S.SECOND_REVIEW, S.EDITING, _("退回编辑加工"), allowed=edits, needs_comment=True),
    Transition(S.SECOND_REVIEW, S.RETURNED, _("退修"), allowed=edits, needs_comment=True),
    Transition(S.SECOND_REVIEW, S.KEPT, _("存稿"), allowed=edits),
    Transition(S.SECOND_REVIEW, S.REJECTED, _("不予采用"), allowed=edits, needs_comment=True),
    # 终审 (the editorial committee)
    Transition(S.FINAL_REVIEW, S.PROOFING, _("终审通过"), allowed=edits),
    Transition(S.FINAL_REVIEW, S.EDITING, _("退回编辑加工"), allowed=edits, needs_comment=True),
    Transition(S.FINAL_REVIEW, S.RETURNED, _("退修"), allowed=edits, needs_comment=True),
    Transition(S.FINAL_REVIEW, S.KEPT, _("存稿"), allowed=edits),
    Transition(S.FINAL_REVIEW, S.REJECTED, _("不予采用"), allowed=edits, needs_comment=True),
    Transition(S.PROOFING, S.READY, _("校样确认"), allowed=edits),
    Transition(S.KEPT, S.FIRST_REVIEW, _("重新审理"), allowed=edits),
    # Set by the volume services
    Transition(S.READY, S.SELECTED, _("入选"), allowed=edits),
    Transition(S.SELECTED, S.READY, _("移出本辑"), allowed=edits),
    Transition(S.SELECTED, S.PUBLISHED, _("出版"), allowed=edits),
)

# The review step a state is, and the decision each move out of it records.
REVIEW_STAGES = {
    S.FIRST_REVIEW: Review.Stage.FIRST,
    S.SECOND_REVIEW: Review.Stage.SECOND,
    S.FINAL_REVIEW: Review.Stage.FINAL,
}
DECISIONS = {
    S.EDITING: Review.Decision.PASS,
    S.FINAL_REVIEW: Review.Decision.PASS,
    S.PROOFING: Review.Decision.PASS,
    S.RETURNED: Review.Decision.RETURN,
    S.KEPT: Review.Decision.KEEP,
    S.REJECTED: Review.Decision.REJECT,
}
# Moves a reviewer makes from the manuscript's page (the volume moves are not among them).
VOLUME_MOVES = (S.SELECTED, S.PUBLISHED)

V = Volume.Status

VOLUME = Workflow(Transition(V.EDITING, V.PUBLISHED, _("出版")))
