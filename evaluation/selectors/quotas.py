"""Which quotas apply to a body, whether their records exist yet, and where each count
comes from (the explanation the board shows)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from committees.models import Activity, ActivityInvitation, OfficePlan, WorkPlan
from committees.models.types import ActivityType
from organisation.models import Committee
from portal.registry import Counter, quota_counters

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


# Metrics another module counts, through the quota counter it registers under this key
# (portal.registry.quota_counters), with the module's name for "not live yet".
COUNTED_BY = {
    M.COLLECTIVE_PROPOSALS: ("collective_proposals", _lazy("提案")),
    M.SOCIAL_OPINION_REPORTS: ("social_opinion_reports", _lazy("社情民意")),
    M.PERFORMANCE_REPORTS: ("performance_reports", _lazy("履职档案")),
    M.KEY_CONSULTATION_TOPICS: ("key_consultations_held", _lazy("协商")),
    M.CONSULTATION_TOPIC_PROPOSALS: ("consultation_topic_proposals", _lazy("协商")),
}
# Ranges of the document that are a ceiling ("精选1—2个"): above it the board asks to
# select. Elsewhere ("至少2—3次") the upper number is an expectation, never a limit.
CEILING_METRICS = (M.KEY_CONSULTATION_TOPICS, M.KEY_INFORMATION_TOPICS)


def counter_of(quota: Quota) -> Counter | None:
    """The registered counter a quota's count comes from, if another module counts it."""
    if quota.metric not in COUNTED_BY:
        return None
    key = COUNTED_BY[quota.metric][0]
    return quota_counters.get(key) if key in quota_counters else None


def source_missing(quota: Quota) -> str:
    """Why a quota cannot be counted yet ("" when it can): no fake numbers."""
    if quota.metric in COUNTED_BY and counter_of(quota) is None:
        return _("%(module)s模块尚未上线，暂计 0。") % {"module": COUNTED_BY[quota.metric][1]}
    return ""


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
        M.ACTIVITIES: _(
            "统计%(unit)s%(period)s负责组织、已举行并登记了考勤（至少一名委员出席）和成果"
            "（纪要、照片、报告等；走访看望、谈心交流除外）的%(types)s活动次数；"
            "已举行但未登记考勤或成果的不计。"
        ),
        M.ACTIVITY_TYPES: _(
            "%(unit)s%(period)s%(types)s各至少举办 1 次（已举行并登记考勤和成果）。%(office_too)s"
        ),
        M.ACTIVITIES_WITH_OUTPUTS: _(
            "统计%(unit)s%(period)s组织界别活动组开展、已举行、有该界别活动组委员出席并形成书面成果"
            "（纪要、调研报告或发言材料，仅有照片不算）的%(types)s活动次数。"
            "原文“至少2—3次”：2次为达标，3次为期望，不设上限。"
        ),
        M.VISIT_COVERAGE: _(
            "本届内，本专委会截至统计日的现有委员（已调出专委会或已离任的委员不计）中，"
            "在本专委会组织的%(types)s活动中考勤为“出席”、且当天有本专委会主任或副主任"
            "（当天在任）出席的人数所占比例。"
        ),
        M.SECTOR_COVERAGE: _(
            "本届内有委员“出席”已举行的%(types)s活动的界别数，占本级政协全部界别的比例。"
        ),
        M.ATTENDANCE_COVERAGE: _(
            "本届内“出席”过已举行的%(types)s活动的委员所占比例。应参加的委员：统计日在任的"
            "全体委员，以及已离任但在任时参加过的委员；培训前已离任的委员不计。"
        ),
        M.KEY_CONSULTATION_TOPICS: _(
            "%(unit)s当年已批准的年度工作计划中标为“重点协商课题”的事项为“已安排”"
            "（草稿或被退回计划中的标记不算）；课题实际开展协商（已举行）后才计为完成。"
        ),
        M.KEY_INFORMATION_TOPICS: _(
            "%(unit)s当年已批准的年度工作计划中标为“重点信息课题”的事项数"
            "（草稿或被退回计划中的标记不算）。"
        ),
        M.PLAN_APPROVED: _("%(unit)s的「%(plan)s」经分管副主席批准即为完成。"),
        M.COLLECTIVE_PROPOSALS: _("%(unit)s%(period)s的集体提案件数，由提案模块统计。"),
        M.SOCIAL_OPINION_REPORTS: _(
            "%(unit)s%(period)s报送的社情民意信息篇数，由社情民意模块统计。"
        ),
        M.PERFORMANCE_REPORTS: _("%(unit)s%(period)s提交的履职报告表，由履职档案模块统计。"),
        M.EVIDENCE: _("办公室登记的完成记录（日期、名称、文件）%(period)s的条数。"),
        M.MEMBER_ATTENDANCE: _("%(unit)s%(period)s“出席”已举行的%(types)s活动次数。"),
        M.OFFICE_PLAN_APPROVED: _("办公室编制的「%(office_plan)s」%(period)s经批准即为完成。"),
        M.CONSULTATION_TOPIC_PROPOSALS: _(
            "%(unit)s%(period)s向年度政协协商计划提出的协商选题建议件数，由协商模块统计。"
        ),
    }
    plan = dict(WorkPlan.Kind.choices).get(quota.plan_kind, quota.plan_kind)
    office_plan = dict(OfficePlan.Kind.choices).get(quota.plan_kind, quota.plan_kind)
    office_too = (
        _("由提案委员会组织、由办公室组织或联合组织的均计入。")
        if quota.scope == S.PROPOSALS_COMMITTEE
        else ""
    )
    text = texts[quota.metric] % {
        "unit": unit,
        "period": period,
        "types": types or _("各类"),
        "plan": plan,
        "office_too": office_too,
        "office_plan": office_plan,
    }
    if quota.scope == S.COMMITTEE and quota.metric == M.COLLECTIVE_PROPOSALS:
        unit_note = _("只计以本专委会名义提出的，所联系界别活动组的集体提案计入界别活动组指标。")
        text = text.replace(_("本专委会（含其联系的界别活动组）"), _("本专委会"))
        text += unit_note
    counter = counter_of(quota)
    if counter is not None and counter.explanation:
        text += str(counter.explanation)
    if quota.scope == S.MEMBER and quota.period == Quota.Period.YEAR:
        text += _(
            "委员以当年 7 月 1 日在任为准：当年 7 月 1 日不在任的委员（年中增补或已离任）不计。"
        )
    return text
