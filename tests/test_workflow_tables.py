"""Each workflow's table is the single rule (issue 8): for every table, the exact set of
allowed (from, to, action) moves, written out here by hand (never derived from the table),
and every other (from, to) pair between the model's states refused by `move()`.

A change to a table (a new shortcut such as 草稿 → 已批准, a lost step) fails here and
must be made on purpose in both places."""

from __future__ import annotations

import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError

# (module, table, models module, model, the allowed moves)
TABLES = [
    pytest.param(
        "portal.imports.services",
        "WORKFLOW",
        "portal.models",
        "ImportBatch",
        {
            ("previewed", "confirmed", "确认导入"),
            ("previewed", "discarded", "放弃导入"),
        },
        id="imports",
    ),
    pytest.param(
        "committees.workflow",
        "PLAN_WORKFLOW",
        "committees.models",
        "WorkPlan",
        {
            ("draft", "submitted", "报送审批"),
            ("returned", "submitted", "修改后重新报送"),
            ("submitted", "approved", "批准"),
            ("submitted", "returned", "退回修改"),
        },
        id="committee_plan",
    ),
    pytest.param(
        "committees.workflow",
        "ACTIVITY_WORKFLOW",
        "committees.models",
        "Activity",
        {
            ("draft", "published", "发布"),
            ("draft", "pending", "报分管副主席审批"),
            ("returned", "pending", "修改后重新报批"),
            ("returned", "published", "发布"),
            ("pending", "approved", "批准"),
            ("pending", "returned", "退回修改"),
            ("approved", "published", "发布"),
            ("published", "held", "标记为已举行"),
            ("draft", "cancelled", "取消活动"),
            ("pending", "cancelled", "取消活动"),
            ("returned", "cancelled", "取消活动"),
            ("approved", "cancelled", "取消活动"),
            ("published", "cancelled", "取消活动"),
        },
        id="activity",
    ),
    pytest.param(
        "committees.workflow",
        "OFFICE_PLAN_WORKFLOW",
        "committees.models",
        "OfficePlan",
        {
            ("draft", "approved", "批准"),
            ("approved", "draft", "重新编制"),
        },
        id="office_plan",
    ),
    pytest.param(
        "proposals.workflow",
        "PROPOSAL",
        "proposals.models",
        "Proposal",
        {
            ("draft", "submitted", "提交"),
            ("draft", "awaiting_signers", "提交联名确认"),
            ("draft", "withdrawn", "撤回"),
            ("awaiting_signers", "submitted", "联名确认完成"),
            ("awaiting_signers", "draft", "退回草稿"),
            ("awaiting_signers", "withdrawn", "撤回"),
            ("submitted", "withdrawn", "撤回"),
            ("submitted", "filed", "立案"),
            ("submitted", "merged", "并案"),
            ("submitted", "not_filed", "不予立案"),
            ("filed", "assigned", "交办"),
            ("assigned", "handling", "签收办理"),
            ("assigned", "filed", "退回重新交办"),
            ("handling", "filed", "退回重新交办"),
            ("handling", "replied", "答复"),
            ("replied", "evaluated", "评价"),
            ("evaluated", "rehandling", "重新办理"),
            ("rehandling", "replied", "再次答复"),
            ("evaluated", "closed", "办结"),
            ("replied", "closed", "办结（未评价）"),
        },
        id="proposal",
    ),
    pytest.param(
        "proposals.workflow",
        "ASSIGNMENT",
        "proposals.models",
        "Assignment",
        {
            ("", "assigned", "交办"),
            ("assigned", "handling", "签收"),
            ("assigned", "returned", "退回"),
            ("handling", "replied", "答复"),
            ("handling", "opinion_sent", "提交协办意见"),
            ("assigned", "cancelled", "撤销交办"),
            ("handling", "cancelled", "撤销交办"),
        },
        id="assignment",
    ),
    pytest.param(
        "proposals.workflow",
        "SIGNER",
        "proposals.models",
        "ProposalSigner",
        {
            ("invited", "confirmed", "确认联名"),
            ("invited", "declined", "谢绝联名"),
            ("confirmed", "invited", "重新邀请"),
            ("declined", "invited", "重新邀请"),
        },
        id="signer",
    ),
    pytest.param(
        "proposals.workflow",
        "COMMUNICATION",
        "proposals.models",
        "Communication",
        {
            ("pending", "confirmed", "确认已沟通"),
            ("pending", "disputed", "反映未沟通"),
        },
        id="communication",
    ),
    pytest.param(
        "public_opinion.workflow",
        "REPORT",
        "public_opinion.models",
        "Report",
        {
            ("draft", "submitted", "提交"),
            ("draft", "awaiting_coauthors", "提交联名确认"),
            ("awaiting_coauthors", "submitted", "联名确认完成"),
            ("awaiting_coauthors", "draft", "收回修改"),
            ("submitted", "withdrawn", "撤回"),
            ("submitted", "accepted", "受理"),
            ("submitted", "returned", "退回修改"),
            ("submitted", "rejected", "不予采用"),
            ("submitted", "to_proposal", "转为提案线索"),
            ("submitted", "to_department", "转交有关部门"),
            ("submitted", "merged", "合并"),
            ("returned", "submitted", "修改后重新提交"),
            ("returned", "withdrawn", "撤回"),
            ("accepted", "published", "编发"),
            ("accepted", "adopted", "登记采用"),
            ("accepted", "merged", "合并"),
            ("accepted", "to_proposal", "转为提案线索"),
            ("accepted", "to_department", "转交有关部门"),
            ("published", "adopted", "登记采用"),
        },
        id="opinion_report",
    ),
    pytest.param(
        "public_opinion.workflow",
        "COAUTHOR",
        "public_opinion.models",
        "Author",
        {
            ("invited", "confirmed", "确认联名"),
            ("invited", "declined", "谢绝联名"),
        },
        id="coauthor",
    ),
    pytest.param(
        "public_opinion.workflow",
        "ISSUE",
        "public_opinion.models",
        "Issue",
        {
            ("draft", "published", "印发"),
        },
        id="opinion_issue",
    ),
    pytest.param(
        "consultations.workflow",
        "TOPIC",
        "consultations.models",
        "Topic",
        {
            ("submitted", "accepted", "采用"),
            ("submitted", "merged", "合并"),
            ("submitted", "declined", "不予采用"),
        },
        id="topic",
    ),
    pytest.param(
        "consultations.workflow",
        "PLAN",
        "consultations.models",
        "Plan",
        {
            ("draft", "submitted", "报主席会议审议"),
            ("returned", "submitted", "修改后重新报送"),
            ("submitted", "reviewed", "主席会议审议通过"),
            ("submitted", "returned", "退回修改"),
            ("reviewed", "approved", "登记市委审定"),
            ("approved", "issued", "印发"),
        },
        id="consultation_plan",
    ),
    pytest.param(
        "consultations.workflow",
        "CONSULTATION",
        "consultations.models",
        "Consultation",
        {
            ("researching", "scheduled", "安排协商会议"),
            ("scheduled", "held", "标记为已召开"),
            ("scheduled", "researching", "改期（退回筹备）"),
            ("researching", "cancelled", "取消"),
            ("scheduled", "cancelled", "取消"),
        },
        id="consultation",
    ),
    pytest.param(
        "consultations.workflow",
        "RESEARCH",
        "consultations.models",
        "Research",
        {
            ("planned", "held", "登记为已开展"),
            ("planned", "cancelled", "取消"),
        },
        id="research",
    ),
    pytest.param(
        "consultations.workflow",
        "REPORT",
        "consultations.models",
        "ResearchReport",
        {
            ("draft", "submitted", "报分管副主席审核"),
            ("returned", "submitted", "修改后重新报送"),
            ("submitted", "approved", "审定"),
            ("submitted", "returned", "退回修改"),
        },
        id="research_report",
    ),
    pytest.param(
        "consultations.workflow",
        "OUTCOME",
        "consultations.models",
        "Outcome",
        {
            ("draft", "reviewing", "报分管副主席审核"),
            ("returned", "reviewing", "修改后重新报送"),
            ("reviewing", "signing", "审核通过，报主席签发"),
            ("reviewing", "returned", "退回修改"),
            ("signing", "sent", "签发报送"),
            ("signing", "returned", "退回修改"),
            ("sent", "closed", "办结"),
        },
        id="outcome",
    ),
    pytest.param(
        "consultations.workflow",
        "RECOMMENDATION",
        "consultations.models",
        "Recommendation",
        {
            ("pending", "adopted", "反馈"),
            ("pending", "partly", "反馈"),
            ("pending", "not_adopted", "反馈"),
            ("pending", "in_progress", "反馈"),
            ("pending", "implemented", "反馈"),
            ("adopted", "implemented", "更新为已落实"),
            ("partly", "implemented", "更新为已落实"),
            ("in_progress", "implemented", "更新为已落实"),
            ("adopted", "in_progress", "更新为落实中"),
            ("partly", "in_progress", "更新为落实中"),
        },
        id="recommendation",
    ),
    pytest.param(
        "consultations.workflow",
        "THREAD",
        "consultations.models",
        "Thread",
        {
            ("draft", "open", "开始议政"),
            ("open", "closed", "结束并形成综述"),
        },
        id="thread",
    ),
    pytest.param(
        "consultations.workflow",
        "POST",
        "consultations.models",
        "Post",
        {
            ("visible", "hidden", "屏蔽"),
            ("hidden", "visible", "恢复显示"),
        },
        id="post",
    ),
    pytest.param(
        "archives.workflow",
        "PLAN",
        "archives.models",
        "CollectionPlan",
        {
            ("draft", "submitted", "报送审批"),
            ("returned", "submitted", "重新报送"),
            ("submitted", "approved", "批准"),
            ("submitted", "returned", "退回"),
            ("approved", "open", "发布征稿启事"),
            ("open", "closed", "结束征稿"),
        },
        id="collection_plan",
    ),
    pytest.param(
        "archives.workflow",
        "MANUSCRIPT",
        "archives.models",
        "Manuscript",
        {
            ("draft", "registered", "提交登记"),
            ("returned", "registered", "修改后重新提交"),
            ("registered", "first_review", "受理初审"),
            ("first_review", "editing", "初审通过"),
            ("first_review", "returned", "退修"),
            ("first_review", "kept", "存稿"),
            ("first_review", "rejected", "不予采用"),
            ("editing", "second_review", "提交复审"),
            ("second_review", "final_review", "复审通过"),
            ("second_review", "editing", "退回编辑加工"),
            ("second_review", "returned", "退修"),
            ("second_review", "kept", "存稿"),
            ("second_review", "rejected", "不予采用"),
            ("final_review", "proofing", "终审通过"),
            ("final_review", "editing", "退回编辑加工"),
            ("final_review", "returned", "退修"),
            ("final_review", "kept", "存稿"),
            ("final_review", "rejected", "不予采用"),
            ("proofing", "ready", "校样确认"),
            ("kept", "first_review", "重新审理"),
            ("ready", "selected", "入选"),
            ("selected", "ready", "移出本辑"),
            ("selected", "published", "出版"),
        },
        id="manuscript",
    ),
    pytest.param(
        "archives.workflow",
        "VOLUME",
        "archives.models",
        "Volume",
        {
            ("editing", "published", "出版"),
        },
        id="volume",
    ),
    pytest.param(
        "notices.workflow",
        "NOTICE",
        "notices.models",
        "Notice",
        {
            ("draft", "published", "发布"),
            ("published", "closed", "结束"),
            ("published", "withdrawn", "撤回"),
            ("closed", "withdrawn", "撤回"),
        },
        id="notice",
    ),
    pytest.param(
        "evaluation.scoring.workflow",
        "RULE_SET",
        "evaluation.models",
        "RuleSet",
        {
            ("draft", "published", "发布"),
            ("published", "draft", "撤回发布"),
            ("published", "frozen", "冻结"),
        },
        id="rule_set",
    ),
    pytest.param(
        "evaluation.scoring.workflow",
        "RUN",
        "evaluation.models",
        "ScoringRun",
        {
            ("computed", "public", "公示"),
            ("public", "computed", "撤回公示"),
            ("public", "frozen", "冻结"),
        },
        id="scoring_run",
    ),
    pytest.param(
        "evaluation.scoring.workflow",
        "OBJECTION",
        "evaluation.models",
        "Objection",
        {
            ("open", "adjusted", "调整分数"),
            ("open", "rejected", "维持原分"),
        },
        id="objection",
    ),
    pytest.param(
        "evaluation.scoring.workflow",
        "REPORT",
        "evaluation.models",
        "PerformanceReport",
        {
            ("draft", "submitted", "提交"),
            ("returned", "submitted", "重新提交"),
            ("submitted", "confirmed", "确认"),
            ("submitted", "returned", "退回"),
        },
        id="performance_report",
    ),
    pytest.param(
        "evaluation.committee_scoring.workflow",
        "COMMITTEE_RUN",
        "evaluation.models",
        "CommitteeRun",
        {
            ("computed", "frozen", "冻结"),
        },
        id="committee_run",
    ),
    pytest.param(
        "evaluation.committee_scoring.workflow",
        "SUMMARY",
        "evaluation.models",
        "CommitteeSummary",
        {
            ("draft", "submitted", "提交"),
            ("returned", "submitted", "重新提交"),
            ("submitted", "confirmed", "确认"),
            ("submitted", "returned", "退回"),
        },
        id="committee_summary",
    ),
]


def _table_and_model(module: str, name: str, models: str, model: str):
    table = getattr(importlib.import_module(module), name)
    return table, getattr(importlib.import_module(models), model)


def _states(model, field: str, moves) -> list[str]:
    states = [str(value) for value, _label in model._meta.get_field(field).flatchoices]
    # A state outside the choices (the assignment's empty "entering" state).
    return sorted(set(states) | {src for src, _dst, _action in moves})


@pytest.mark.parametrize(("module", "name", "models", "model", "moves"), TABLES)
def test_the_table_allows_exactly_these_moves(module, name, models, model, moves):
    table, _model = _table_and_model(module, name, models, model)
    assert table.moves() == moves


@pytest.mark.parametrize(("module", "name", "models", "model", "moves"), TABLES)
def test_every_other_pair_of_states_is_refused_by_move(module, name, models, model, moves):
    table, model_class = _table_and_model(module, name, models, model)
    allowed = {(src, dst) for src, dst, _action in moves}
    states = _states(model_class, table.field, moves)
    assert {s for pair in allowed for s in pair} <= set(states)  # moves between real states
    refused = 0
    for src in states:
        for dst in states:
            if (src, dst) in allowed:
                continue
            record = model_class(**{table.field: src})
            with pytest.raises(ValidationError) as error:
                table.move(record, dst, by=None, system=True)
            message = error.value.messages[0]
            assert "不能变为" in message or "无需重复操作" in message, (src, dst, message)
            assert getattr(record, table.field) == src
            refused += 1
    assert refused == len(states) ** 2 - len(allowed)


@pytest.mark.parametrize(("module", "name", "models", "model", "moves"), TABLES)
def test_every_allowed_move_passes_the_table(monkeypatch, module, name, models, model, moves):
    """The other half: a listed move is not refused by the table (the log is not written
    here; moves with a guard on the record are tested with real records in each module)."""
    table, model_class = _table_and_model(module, name, models, model)
    logged = []
    monkeypatch.setattr(
        "portal.workflow.TransitionLog",
        SimpleNamespace(objects=SimpleNamespace(create=lambda **kw: logged.append(kw))),
    )
    monkeypatch.setattr(
        "portal.workflow.ContentType",
        SimpleNamespace(objects=SimpleNamespace(get_for_model=lambda obj: None)),
    )
    for src, dst, _action in sorted(moves):
        if getattr(table._table[(src, dst)], "guard", None) is not None:
            continue
        record = model_class(**{table.field: src})
        table.move(record, dst, by=None, system=True, comment="理由")
        assert getattr(record, table.field) == dst
    assert all(entry["actor"] is None for entry in logged)


def test_every_workflow_table_of_the_portal_is_listed_here():
    """A new table (any `*workflow` module of the project's apps) is added to TABLES."""
    from portal.workflow import Workflow

    listed = {(module, name) for module, name, *_rest in (p.values for p in TABLES)}
    found = set()
    for config in apps.get_app_configs():
        if not str(config.path).startswith(str(settings.BASE_DIR)):
            continue  # third-party apps
        package = importlib.import_module(config.name)
        names = [config.name] + [
            info.name
            for info in pkgutil.walk_packages(package.__path__, f"{config.name}.")
            if ".migrations" not in info.name
        ]
        for name in names:
            if not name.endswith(("workflow", "imports.services")):
                continue
            module = importlib.import_module(name)
            for attr, value in vars(module).items():
                if isinstance(value, Workflow) and attr.isupper():
                    found.add((module.__name__, attr))
    assert found == listed
