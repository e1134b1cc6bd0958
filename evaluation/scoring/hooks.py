"""What the annual scoring brings to the kernel (portal.registry): its own score sources
(the body's meetings and speeches), menu entries, the annual report job and its records in
the change history. Called from evaluation.hooks.register()."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.access import roles_of
from portal.models import Role
from portal.navigation import link
from portal.registry import (
    HistorySource,
    JobKind,
    NavEntry,
    NavItem,
    committee_score_sources,
    history_sources,
    job_kinds,
    nav_entries,
    quota_counters,
    score_sources,
    todo_kinds,
)

from ..models import (
    BodyMeeting,
    Objection,
    PerformanceReport,
    Rule,
    RuleSet,
    ScoreLine,
    ScoringRun,
)
from . import reports, tasks, todos  # noqa: F401 (tasks: Celery registers them on import)
from .report import all_dossiers_job, annual_report_job
from .sources import SOURCES


def nav(request: HttpRequest) -> list[NavItem]:
    roles = roles_of(request.user)
    items = []
    if roles.member is not None:
        items.append(link(_("我的履职档案"), "evaluation:my_dossier", "person-vcard"))
        items.append(link(_("我的考评"), "evaluation:my_score", "award"))
        items.append(link(_("履职报告表"), "evaluation:my_reports", "file-earmark-text"))
    if roles.has(Role.OFFICE):
        items.append(link(_("年度考评"), "evaluation:scoring_home", "award"))
        items.append(link(_("全会及常委会议"), "evaluation:meeting_list", "people"))
        items.append(link(_("履职报告表审核"), "evaluation:report_list", "file-earmark-check"))
        items.append(link(_("评优表彰"), "evaluation:award_list", "trophy"))
        items.append(link(_("专委会年度工作总结"), "evaluation:summary_list", "journal-text"))
    elif roles.has(Role.COMMITTEE_STAFF):
        items.append(link(_("委员考评"), "evaluation:scoring_home", "award"))
        items.append(link(_("专委会年度工作总结"), "evaluation:summary_list", "journal-text"))
        items.append(link(_("履职报告表审核"), "evaluation:report_list", "file-earmark-check"))
    return items


def _of_runs(body_id: int) -> Q:
    return Q(run_id__in=ScoringRun.objects.filter(body_id=body_id).values("pk"))


def _of_rule_sets(body_id: int) -> Q:
    return Q(rule_set_id__in=RuleSet.objects.filter(body_id=body_id).values("pk"))


def _of_members(body_id: int) -> Q:
    from members.models import Member

    return Q(member_id__in=Member.objects.filter(body_id=body_id).values("pk"))


def _of_committees(body_id: int) -> Q:
    from organisation.models import Committee

    return Q(committee_id__in=Committee.objects.filter(body_id=body_id).values("pk"))


def register() -> None:
    from ..committee_scoring.sources import SOURCES as COMMITTEE_SOURCES
    from ..models import Award, CommitteeRun, CommitteeSummary

    for source in SOURCES:
        score_sources.register(source)
    for source in COMMITTEE_SOURCES:
        committee_score_sources.register(source)
    for entry in (
        HistorySource("committee_run", _("专委会年度考评"), CommitteeRun.history.model,
                      "body_id", order=69),
        HistorySource("award", _("评优表彰"), Award.history.model, "body_id", order=70),
        HistorySource("committee_summary", _("专委会年度工作总结"),
                      CommitteeSummary.history.model, _of_committees, order=71),
    ):  # fmt: skip
        history_sources.register(entry)
    nav_entries.register(NavEntry("evaluation_scoring", nav, order=41))
    quota_counters.register(reports.COUNTER)
    for kind in todos.KINDS:
        todo_kinds.register(kind)
    job_kinds.register(
        JobKind("scoring_annual_report", _("年度委员履职考评报告（PDF）"), annual_report_job)
    )
    job_kinds.register(
        JobKind("scoring_all_dossiers", _("全体委员履职档案（PDF）"), all_dossiers_job)
    )
    for entry in (
        HistorySource("scoring_rule_set", _("考评规则"), RuleSet.history.model, "body_id",
                      order=62),
        HistorySource("scoring_rule", _("考评细则"), Rule.history.model, _of_rule_sets, order=63),
        HistorySource("scoring_run", _("年度考评"), ScoringRun.history.model, "body_id", order=64),
        HistorySource("scoring_line", _("考评调整"), ScoreLine.history.model, _of_runs, order=65),
        HistorySource("scoring_objection", _("考评异议"), Objection.history.model, _of_runs,
                      order=66),
        HistorySource("body_meeting", _("全会及常委会议"), BodyMeeting.history.model, "body_id",
                      order=67),
        HistorySource("performance_report", _("履职报告表"), PerformanceReport.history.model,
                      _of_members, order=68),
    ):  # fmt: skip
        history_sources.register(entry)
