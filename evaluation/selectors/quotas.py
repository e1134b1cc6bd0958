"""Which quotas apply to a body, whether their records exist yet, and where each count
comes from (the explanation the board shows)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import (
    Q,
)
from django.utils.translation import gettext as _

from committees.models import Activity, ActivityInvitation, WorkPlan
from committees.models.types import ActivityType
from organisation.models import Committee

from ..models import Quota

S, M = Quota.Scope, Quota.Metric
HELD = Activity.Status.HELD
PRESENT = ActivityInvitation.Attendance.PRESENT
COMMITTEE_SCOPES = (S.COMMITTEE, S.PROPOSALS_COMMITTEE, S.CULTURE_COMMITTEE)
SCOPE_KIND = {
    S.PROPOSALS_COMMITTEE: Committee.Kind.PROPOSALS,
    S.CULTURE_COMMITTEE: "culture_history",
}


# ---- which quotas apply ---------------------------------------------------------------------


def effective_quotas(body_id: int, *, active_only: bool = True) -> list[Quota]:
    """The body's quotas: its own edited rows where it has them, the defaults otherwise."""
    rows = Quota.objects.filter(Q(body_id=body_id) | Q(body__isnull=True))
    chosen: dict[str, Quota] = {}
    for quota in rows.order_by("order", "code", "body_id"):
        if quota.body_id is not None or quota.code not in chosen:
            chosen[quota.code] = quota
    quotas = sorted(chosen.values(), key=lambda q: (q.order, q.code))
    return [q for q in quotas if q.is_active or not active_only]


def source_missing(quota: Quota) -> str:
    """Why a quota cannot be counted yet ("" when it can): no fake numbers."""
    if quota.metric == M.COLLECTIVE_PROPOSALS and not proposals_counter():
        return _("提案模块尚未上线，暂计 0。")
    if quota.metric == M.SOCIAL_OPINION_REPORTS:
        return _("社情民意模块尚未上线，暂计 0。")
    if quota.metric == M.PERFORMANCE_REPORTS:
        return _("履职报告表模块尚未上线，暂计 0。")
    return ""


def proposals_counter():
    if not apps.is_installed("proposals"):
        return None
    try:
        from proposals.selectors import collective_proposal_counts
    except ImportError:
        return None
    return collective_proposal_counts


def _types_label(quota: Quota) -> str:
    labels = dict(ActivityType.choices)
    return "、".join(f"「{labels.get(t, t)}」" for t in quota.activity_types)


def explain(quota: Quota) -> str:
    """Where the count of a quota comes from, in the words the office reads."""
    unit = {
        S.COMMITTEE: _("本专委会（含其联系的界别活动组）"),
        S.SECTOR_GROUP: _("本界别活动组"),
        S.MEMBER: _("委员本人"),
        S.BODY: _("本级政协（含办公室和各专委会）"),
        S.PROPOSALS_COMMITTEE: _("提案委员会"),
        S.CULTURE_COMMITTEE: _("文化文史和学习委员会"),
    }[quota.scope]
    period = quota.get_period_display()
    types = _types_label(quota)
    texts = {
        M.ACTIVITIES: _("统计%(unit)s%(period)s负责组织、已标记“已举行”的%(types)s活动次数。"),
        M.ACTIVITY_TYPES: _("%(unit)s%(period)s%(types)s各至少举办 1 次（已举行）。"),
        M.ACTIVITIES_WITH_OUTPUTS: _(
            "统计%(unit)s%(period)s已举行并上传了成果（纪要、报告、照片等）的%(types)s活动次数。"
        ),
        M.VISIT_COVERAGE: _(
            "本届内，本专委会所联系界别活动组的委员中，在本专委会组织的%(types)s活动中"
            "考勤为“出席”的人数，占本届截至统计日在任过的这些委员的比例（届中增补的委员自任职起计入）。"
        ),
        M.SECTOR_COVERAGE: _(
            "本届内有委员“出席”已举行的%(types)s活动的界别数，占本级政协全部界别的比例。"
        ),
        M.ATTENDANCE_COVERAGE: _(
            "本届内“出席”过已举行的%(types)s活动的委员，占本届在任过的全部委员的比例。"
        ),
        M.KEY_CONSULTATION_TOPICS: _(
            "%(unit)s当年已批准的年度工作计划中标为“重点协商课题”的事项数。"
        ),
        M.KEY_INFORMATION_TOPICS: _(
            "%(unit)s当年已批准的年度工作计划中标为“重点信息课题”的事项数。"
        ),
        M.PLAN_APPROVED: _("%(unit)s的「%(plan)s」经分管副主席批准即为完成。"),
        M.COLLECTIVE_PROPOSALS: _(
            "%(unit)s%(period)s以集体名义提交的提案件数（不含草稿和撤回），由提案模块统计。"
        ),
        M.SOCIAL_OPINION_REPORTS: _(
            "%(unit)s%(period)s报送的社情民意信息篇数，由社情民意模块统计。"
        ),
        M.PERFORMANCE_REPORTS: _("%(unit)s%(period)s提交的履职报告表，由履职档案模块统计。"),
        M.EVIDENCE: _("办公室登记的完成记录（日期、名称、文件）%(period)s的条数。"),
        M.MEMBER_ATTENDANCE: _("%(unit)s%(period)s“出席”已举行的%(types)s活动次数。"),
    }
    plan = dict(WorkPlan.Kind.choices).get(quota.plan_kind, quota.plan_kind)
    text = texts[quota.metric] % {
        "unit": unit,
        "period": period,
        "types": types or _("各类"),
        "plan": plan,
    }
    return text
