"""The records of committee work and the quota board in the office's change history
(portal.history merges these sources)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


def history_sources() -> dict[str, tuple[str, Any, str, tuple[str, ...]]]:
    from evaluation.models import Quota, QuotaEvidence

    from ..models import (
        Activity,
        ActivityInvitation,
        ActivityOutput,
        ActivityParticipant,
        OfficePlan,
        PlanItem,
        WorkPlan,
    )

    return {
        "work_plan": (
            _("工作计划与总结"),
            WorkPlan.history.model,
            "committee__body_id",
            ("committee",),
        ),
        "plan_item": (_("计划事项"), PlanItem.history.model, "plan__committee__body_id", ("plan",)),
        "office_plan": (_("年度计划（办公室）"), OfficePlan.history.model, "body_id", ("body",)),
        "activity": (_("履职活动"), Activity.history.model, "body_id", ("owner_committee",)),
        "invitation": (
            _("活动邀请与考勤"),
            ActivityInvitation.history.model,
            "activity__body_id",
            ("activity", "member"),
        ),
        "participant": (
            _("其他参加人员"),
            ActivityParticipant.history.model,
            "activity__body_id",
            ("activity",),
        ),
        "output": (_("活动成果"), ActivityOutput.history.model, "activity__body_id", ("activity",)),
        "quota": (_("考核指标"), Quota.history.model, "body_id", ("body",)),
        "quota_evidence": (_("指标完成记录"), QuotaEvidence.history.model, "body_id", ()),
    }
