"""The transition tables of the annual scoring (portal.workflow): rule sets, scoring runs
and objections. Only evaluation.scoring.services moves them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.access import is_office
from portal.workflow import Transition, Workflow

from ..models import Objection, PerformanceReport, RuleSet, ScoringRun


def _office(obj, user) -> bool:
    return is_office(user) and user.body_id == obj.body_id


def _office_of_run(obj, user) -> bool:
    return is_office(user) and user.body_id == obj.run.body_id


R = RuleSet.Status
RULE_SET = Workflow(
    Transition(R.DRAFT, R.PUBLISHED, _("发布"), allowed=_office),
    Transition(R.PUBLISHED, R.DRAFT, _("撤回发布"), allowed=_office, needs_comment=True),
    Transition(R.PUBLISHED, R.FROZEN, _("冻结"), allowed=_office),
)

S = ScoringRun.Status
RUN = Workflow(
    Transition(S.COMPUTED, S.PUBLIC, _("公示"), allowed=_office),
    Transition(S.PUBLIC, S.COMPUTED, _("撤回公示"), allowed=_office, needs_comment=True),
    Transition(S.PUBLIC, S.FROZEN, _("冻结"), allowed=_office),
)

OS = Objection.Status
OBJECTION = Workflow(
    Transition(OS.OPEN, OS.ADJUSTED, _("调整分数"), allowed=_office_of_run, needs_comment=True),
    Transition(OS.OPEN, OS.REJECTED, _("维持原分"), allowed=_office_of_run, needs_comment=True),
)


def _own_report(report, user) -> bool:
    member = getattr(user, "member", None) if user.is_authenticated else None
    return member is not None and member.pk == report.member_id


def _reviewer(report, user) -> bool:
    from .access import may_review

    return may_review(user, report.member, report.year)


P = PerformanceReport.Status
REPORT = Workflow(
    Transition(P.DRAFT, P.SUBMITTED, _("提交"), allowed=_own_report),
    Transition(P.RETURNED, P.SUBMITTED, _("重新提交"), allowed=_own_report),
    Transition(P.SUBMITTED, P.CONFIRMED, _("确认"), allowed=_reviewer),
    Transition(P.SUBMITTED, P.RETURNED, _("退回"), allowed=_reviewer, needs_comment=True),
)
