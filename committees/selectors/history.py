"""The records of committee work in the office's change history (registered with
portal.registry.history_sources by committees.hooks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.registry import HistorySource


def history_sources() -> list[HistorySource]:
    from ..models import (
        Activity,
        ActivityInvitation,
        ActivityOutput,
        ActivityParticipant,
        OfficePlan,
        PlanItem,
        WorkPlan,
    )

    return [
        HistorySource(
            "work_plan",
            _("工作计划与总结"),
            WorkPlan.history.model,
            "committee__body_id",
            ("committee",),
            order=40,
        ),
        HistorySource(
            "plan_item",
            _("计划事项"),
            PlanItem.history.model,
            "plan__committee__body_id",
            ("plan",),
            order=41,
        ),
        HistorySource(
            "office_plan",
            _("年度计划（办公室）"),
            OfficePlan.history.model,
            "body_id",
            ("body",),
            order=42,
        ),
        HistorySource(
            "activity",
            _("履职活动"),
            Activity.history.model,
            "body_id",
            ("owner_committee",),
            order=43,
        ),
        HistorySource(
            "invitation",
            _("活动邀请与考勤"),
            ActivityInvitation.history.model,
            "activity__body_id",
            ("activity", "member"),
            order=44,
        ),
        HistorySource(
            "participant",
            _("其他参加人员"),
            ActivityParticipant.history.model,
            "activity__body_id",
            ("activity",),
            order=45,
        ),
        HistorySource(
            "output",
            _("活动成果"),
            ActivityOutput.history.model,
            "activity__body_id",
            ("activity",),
            order=46,
        ),
    ]
