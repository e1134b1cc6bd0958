"""The transition tables of 协商, one per workflow (STYLE.md): topic, plan, consultation,
research, research report, outcome, recommendation feedback, thread and post. Services
call ``<TABLE>.move(obj, target, by=..., comment=...)``; the table says which moves exist
and who may make them, the log keeps every comment.

Some moves also have a *guard*: a rule about the record itself rather than the person,
checked after the move is found legal and permitted, refused with a Chinese message that
says what is missing. 无调研不协商 (§7) is such a guard: a consultation meeting can be
neither scheduled nor held until at least one research activity is recorded as held and
a research report has been approved by the vice-chair in charge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import TransitionLog, User
from portal.workflow import Transition, Workflow

from .access import (
    chairs,
    manages_consultation,
    office_of,
    oversees,
    works_in,
)
from .models import (
    Consultation,
    Outcome,
    Plan,
    Post,
    Recommendation,
    Research,
    ResearchReport,
    Thread,
    Topic,
)

Guard = Callable[[Any], str]


@dataclass(frozen=True)
class GuardedTransition(Transition):
    # Returns "" when the record may move, else what is missing (Chinese).
    guard: Guard | None = None


class GuardedWorkflow(Workflow):
    """A Workflow whose transitions may carry a guard on the record."""

    def transition(self, obj: models.Model, target: str) -> Transition | None:
        return self._table.get((getattr(obj, self.field), str(target)))

    def blocked(self, obj: models.Model, target: str) -> str:
        """What keeps obj from moving to target ("" if nothing does, or no such move)."""
        t = self.transition(obj, target)
        guard = getattr(t, "guard", None)
        return guard(obj) if guard is not None else ""

    def move(
        self,
        obj: models.Model,
        target: str,
        *,
        by: User | None,
        comment: str = "",
        system: bool = False,
    ) -> TransitionLog:
        if by is None and not system:
            raise ValueError("Workflow.move needs by=<user>, or system=True for a system move")
        self.locked_state(obj)  # the guard judges the state as committed
        t = self.transition(obj, target)
        guard = getattr(t, "guard", None)
        # Legality and permission first (the kernel's messages), then the guard.
        if (
            t is not None
            and guard is not None
            and (by is None or t.allowed is None or t.allowed(obj, by))
        ):
            missing = guard(obj)
            if missing:
                raise ValidationError(missing)
        return super().move(obj, target, by=by, comment=comment, system=system)


T = GuardedTransition

# ---- topics -----------------------------------------------------------------------------

TS = Topic.Status
TOPIC = GuardedWorkflow(
    T(TS.SUBMITTED, TS.ACCEPTED, gettext_lazy("采用"), allowed=office_of),
    T(TS.SUBMITTED, TS.MERGED, gettext_lazy("合并"), allowed=office_of),
    T(TS.SUBMITTED, TS.DECLINED, gettext_lazy("不予采用"), allowed=office_of, needs_comment=True),
)

# ---- the annual plan --------------------------------------------------------------------

PS = Plan.Status


def _plan_has_items(plan: Plan) -> str:
    return "" if plan.items.exists() else _("协商计划还没有任何课题，不能报送。")


def _plan_reviewer(plan: Plan, user: User) -> bool:
    # The chair meeting's decision is recorded by the chair, never on his own submission.
    return chairs(plan, user) and plan.submitted_by_id != user.pk


def _plan_reviewed(plan: Plan) -> str:
    if plan.reviewed_on is None or not plan.reviewed_doc.strip():
        return _("请填写主席会议审议的日期和纪要号。")
    return ""


def _plan_approved(plan: Plan) -> str:
    if plan.approved_on is None or not plan.approved_doc.strip():
        return _("请填写市委审定的日期和文号。")
    return ""


def _plan_issued(plan: Plan) -> str:
    if plan.issued_on is None or not plan.issued_doc.strip():
        return _("请填写印发日期和文号。")
    return ""


PLAN = GuardedWorkflow(
    T(PS.DRAFT, PS.SUBMITTED, gettext_lazy("报主席会议审议"), allowed=office_of,
      guard=_plan_has_items),
    T(PS.RETURNED, PS.SUBMITTED, gettext_lazy("修改后重新报送"), allowed=office_of,
      guard=_plan_has_items),
    T(PS.SUBMITTED, PS.REVIEWED, gettext_lazy("主席会议审议通过"), allowed=_plan_reviewer,
      guard=_plan_reviewed),
    T(PS.SUBMITTED, PS.RETURNED, gettext_lazy("退回修改"), allowed=_plan_reviewer,
      needs_comment=True),
    T(PS.REVIEWED, PS.APPROVED, gettext_lazy("登记市委审定"), allowed=office_of,
      guard=_plan_approved),
    T(PS.APPROVED, PS.ISSUED, gettext_lazy("印发"), allowed=office_of, guard=_plan_issued),
)  # fmt: skip

# ---- consultations: 无调研不协商 ----------------------------------------------------------

CS = Consultation.Status


def research_missing(consultation: Consultation) -> list[str]:
    """What §7 still lacks before the meeting: a held research activity, an approved
    report (two queries; none when both were prefetched)."""
    missing = []
    research = list(consultation.research.all())
    if not research:
        missing.append(_("尚未登记调研活动"))
    elif not any(r.status == Research.Status.HELD for r in research):
        missing.append(_("调研活动尚未开展（须至少一项已开展的专题调研或视察考察）"))
    reports = list(consultation.reports.all())
    if not reports:
        missing.append(_("尚未提交调研报告"))
    elif not any(r.status == ResearchReport.Status.APPROVED for r in reports):
        missing.append(_("调研报告尚未经分管副主席审定"))
    return missing


def _research_done(consultation: Consultation) -> str:
    missing = research_missing(consultation)
    if missing:
        return _("无调研不协商：%(missing)s。") % {"missing": "；".join(missing)}
    return ""


def _schedulable(consultation: Consultation) -> str:
    if consultation.starts_at is None or not consultation.place.strip():
        return _("请先填写会议时间和地点。")
    return _research_done(consultation)


CONSULTATION = GuardedWorkflow(
    T(CS.RESEARCHING, CS.SCHEDULED, gettext_lazy("安排协商会议"),
      allowed=manages_consultation, guard=_schedulable),
    T(CS.SCHEDULED, CS.HELD, gettext_lazy("标记为已召开"), allowed=manages_consultation,
      guard=_research_done),
    T(CS.SCHEDULED, CS.RESEARCHING, gettext_lazy("改期（退回筹备）"),
      allowed=manages_consultation, needs_comment=True),
    T(CS.RESEARCHING, CS.CANCELLED, gettext_lazy("取消"), allowed=manages_consultation,
      needs_comment=True),
    T(CS.SCHEDULED, CS.CANCELLED, gettext_lazy("取消"), allowed=manages_consultation,
      needs_comment=True),
)  # fmt: skip

# ---- research and its report --------------------------------------------------------------

RS = Research.Status


def _manages_research(research: Research, user: User) -> bool:
    return manages_consultation(research.consultation, user)


def _research_open(research: Research) -> str:
    if research.consultation.status != CS.RESEARCHING:
        return _("协商会议已安排或已结束，调研记录不能再变更。")
    return ""


RESEARCH = GuardedWorkflow(
    T(RS.PLANNED, RS.HELD, gettext_lazy("登记为已开展"), allowed=_manages_research,
      guard=_research_open),
    T(RS.PLANNED, RS.CANCELLED, gettext_lazy("取消"), allowed=_manages_research,
      needs_comment=True, guard=_research_open),
)  # fmt: skip

RR = ResearchReport.Status


def _report_author(report: ResearchReport, user: User) -> bool:
    return works_in(report.consultation.committee, user)


def _report_approver(report: ResearchReport, user: User) -> bool:
    return oversees(report.consultation.committee, user) and report.submitted_by_id != user.pk


REPORT = GuardedWorkflow(
    T(RR.DRAFT, RR.SUBMITTED, gettext_lazy("报分管副主席审核"), allowed=_report_author),
    T(RR.RETURNED, RR.SUBMITTED, gettext_lazy("修改后重新报送"), allowed=_report_author),
    T(RR.SUBMITTED, RR.APPROVED, gettext_lazy("审定"), allowed=_report_approver),
    T(RR.SUBMITTED, RR.RETURNED, gettext_lazy("退回修改"), allowed=_report_approver,
      needs_comment=True),
)  # fmt: skip

# ---- outcomes -----------------------------------------------------------------------------

OS = Outcome.Status


def _outcome_author(outcome: Outcome, user: User) -> bool:
    return manages_consultation(outcome.consultation, user)


def _outcome_reviewer(outcome: Outcome, user: User) -> bool:
    return oversees(outcome.consultation.committee, user) and outcome.submitted_by_id != user.pk


def _outcome_signer(outcome: Outcome, user: User) -> bool:
    return chairs(outcome.consultation, user) and outcome.submitted_by_id != user.pk


def _outcome_ready(outcome: Outcome) -> str:
    if outcome.consultation.status != CS.HELD:
        return _("协商会议尚未召开，不能报送成果。")
    if not outcome.recommendations.exists():
        return _("协商成果至少要有一条建议。")
    return ""


def _outcome_signable(outcome: Outcome) -> str:
    if not outcome.sent_to.strip():
        return _("请填写报送对象（如市委、市政府）。")
    return ""


def _all_answered(outcome: Outcome) -> str:
    pending = outcome.recommendations.filter(status=Recommendation.Status.PENDING).count()
    if pending:
        return _("还有 %(n)d 条建议未反馈，不能办结。") % {"n": pending}
    return ""


OUTCOME = GuardedWorkflow(
    T(OS.DRAFT, OS.REVIEWING, gettext_lazy("报分管副主席审核"), allowed=_outcome_author,
      guard=_outcome_ready),
    T(OS.RETURNED, OS.REVIEWING, gettext_lazy("修改后重新报送"), allowed=_outcome_author,
      guard=_outcome_ready),
    T(OS.REVIEWING, OS.SIGNING, gettext_lazy("审核通过，报主席签发"),
      allowed=_outcome_reviewer),
    T(OS.REVIEWING, OS.RETURNED, gettext_lazy("退回修改"), allowed=_outcome_reviewer,
      needs_comment=True),
    T(OS.SIGNING, OS.SENT, gettext_lazy("签发报送"), allowed=_outcome_signer,
      guard=_outcome_signable),
    T(OS.SIGNING, OS.RETURNED, gettext_lazy("退回修改"), allowed=_outcome_signer,
      needs_comment=True),
    T(OS.SENT, OS.CLOSED, gettext_lazy("办结"), allowed=_outcome_author, guard=_all_answered),
)  # fmt: skip

# ---- recommendation feedback ------------------------------------------------------------

RC = Recommendation.Status


def answers_for(recommendation: Recommendation, user: User) -> bool:
    """The department it is addressed to (a login of it), or the consultation's staff or
    office recording an answer given on paper."""
    from portal.access import ACT_FOR_DEPARTMENT

    if not user.is_authenticated:
        return False
    department = recommendation.department
    if user.body_id == department.body_id and user.has_perm(ACT_FOR_DEPARTMENT, department):
        return True
    return manages_consultation(recommendation.outcome.consultation, user)


def _outcome_sent(recommendation: Recommendation) -> str:
    if recommendation.outcome.status != OS.SENT:
        return _("协商成果尚未报送或已办结，不能登记反馈。")
    return ""


_answer = gettext_lazy("反馈")
RECOMMENDATION = GuardedWorkflow(
    *[
        T(RC.PENDING, target, _answer, allowed=answers_for, guard=_outcome_sent,
          needs_comment=target == RC.NOT_ADOPTED)
        for target in Recommendation.ANSWERED
    ],
    *[
        T(source, RC.IMPLEMENTED, gettext_lazy("更新为已落实"), allowed=answers_for,
          guard=_outcome_sent)
        for source in (RC.ADOPTED, RC.PARTLY, RC.IN_PROGRESS)
    ],
    *[
        T(source, RC.IN_PROGRESS, gettext_lazy("更新为落实中"), allowed=answers_for,
          guard=_outcome_sent)
        for source in (RC.ADOPTED, RC.PARTLY)
    ],
)  # fmt: skip

# ---- online deliberation ------------------------------------------------------------------

TH = Thread.Status


def moderates(thread: Thread, user: User) -> bool:
    """The office of the body, or the staff of the organising committee."""
    return office_of(thread, user) or works_in(thread.committee, user)


def _thread_summary(thread: Thread) -> str:
    return "" if thread.summary.strip() else _("结束网络议政须填写议政综述。")


THREAD = GuardedWorkflow(
    T(TH.DRAFT, TH.OPEN, gettext_lazy("开始议政"), allowed=moderates),
    T(TH.OPEN, TH.CLOSED, gettext_lazy("结束并形成综述"), allowed=moderates,
      guard=_thread_summary),
)  # fmt: skip

PO = Post.Status


def _moderates_post(post: Post, user: User) -> bool:
    return moderates(post.thread, user)


POST = GuardedWorkflow(
    T(PO.VISIBLE, PO.HIDDEN, gettext_lazy("屏蔽"), allowed=_moderates_post, needs_comment=True),
    T(PO.HIDDEN, PO.VISIBLE, gettext_lazy("恢复显示"), allowed=_moderates_post),
)
