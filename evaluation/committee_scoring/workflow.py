"""The transition tables of the committees' evaluation (portal.workflow): the run (计算 →
冻结) and a committee's annual summary (草稿 → 已提交 → 已确认 / 已退回). Only
evaluation.committee_scoring.services moves them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.access import is_office
from portal.workflow import Transition, Workflow

from ..models import CommitteeRun, CommitteeSummary


def _office(obj, user) -> bool:
    return is_office(user) and user.body_id == obj.body_id


def _office_of_committee(obj, user) -> bool:
    return is_office(user) and user.body_id == obj.committee.body_id


def _committee_staff(obj, user) -> bool:
    from .access import may_write_summary

    return may_write_summary(user, obj.committee)


R = CommitteeRun.Status
COMMITTEE_RUN = Workflow(Transition(R.COMPUTED, R.FROZEN, _("冻结"), allowed=_office))

S = CommitteeSummary.Status
SUMMARY = Workflow(
    Transition(S.DRAFT, S.SUBMITTED, _("提交"), allowed=_committee_staff),
    Transition(S.RETURNED, S.SUBMITTED, _("重新提交"), allowed=_committee_staff),
    Transition(S.SUBMITTED, S.CONFIRMED, _("确认"), allowed=_office_of_committee),
    Transition(
        S.SUBMITTED, S.RETURNED, _("退回"), allowed=_office_of_committee, needs_comment=True
    ),
)
