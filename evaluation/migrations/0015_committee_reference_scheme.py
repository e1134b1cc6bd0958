"""The reference scheme of the committees' annual evaluation (copied per year by the office).

Source: article 19 of the source document (专委会工作绩效考评): "以专委会组织的调研、考察、界别活动
等履职活动和调研报告、提案、社情民意信息、大会发言等履职成果为考核指标进行年度考评". The indicators
are those of the article plus the quota board (SPEC §3.8); the points are the portal's
starting weights, to be edited by the office. This row is never scored.
"""

from decimal import Decimal as D

from django.db import migrations

DESCRIPTION = (
    "依据本办法第十九条：以专委会组织的调研、考察、界别活动等履职活动和调研报告、提案、"
    "社情民意信息、大会发言等履职成果为考核指标进行年度考评；另计协商成果及采纳、工作指标完成情况。"
    "分值为平台预置的起始权重，各政协复制后按本年度实际修改。"
)

RULES = [
    # indicator, kind, source, roles, kinds, points, cap
    ("专题调研", "bonus", "committee_activities", ["held"], ["research"], D(5), D(30)),
    ("视察考察", "bonus", "committee_activities", ["held"], ["inspection", "study_tour"], D(4), D(20)),
    ("界别活动", "bonus", "committee_activities", ["held"], ["sector_activity"], D(3), D(15)),
    ("调研报告", "bonus", "committee_outputs", ["report"], [], D(5), D(25)),
    ("集体提案立案", "bonus", "committee_proposals", ["collective"], ["filed", "key"], D(5), None),
    ("集体提案列为重点提案", "bonus", "committee_proposals", ["collective"], ["key"], D(5), None),
    ("报送社情民意信息", "bonus", "committee_opinions", ["submitted"], [], D(2), D(20)),
    ("社情民意信息被采用", "bonus", "committee_opinions", ["adopted"], [], D(5), None),
    ("本委委员大会口头发言", "bonus", "committee_speeches", ["oral"], [], D(3), None),
    ("本委委员大会书面发言", "bonus", "committee_speeches", ["written"], [], D(2), None),
    ("牵头召开协商会议", "bonus", "committee_consultations", ["held"], [], D(5), None),
    ("协商成果报送", "bonus", "committee_consultations", ["outcome"], [], D(5), None),
    ("协商建议被采纳", "bonus", "committee_consultations", ["adopted"], [], D(2), D(20)),
    ("完成工作指标", "bonus", "committee_quotas", ["met"], [], D(2), None),
    ("未完成工作指标", "deduction", "committee_quotas", ["missed"], [], D(2), None),
]  # fmt: skip


def seed(apps, schema_editor):
    RuleSet = apps.get_model("evaluation", "RuleSet")
    Rule = apps.get_model("evaluation", "Rule")
    rule_set = RuleSet.objects.create(
        body=None,
        year=2015,
        target="committee",
        name="参考方案：专委会工作绩效考评（第十九条）",
        description=DESCRIPTION,
        status="published",
        base_score=D(0),
        bonus_cap=None,
        excellent_min=D(85),
        competent_min=D(60),
    )
    for order, (indicator, kind, source, roles, kinds, points, cap) in enumerate(RULES):
        Rule.objects.create(
            rule_set=rule_set, indicator=indicator, kind=kind, source=source, roles=roles,
            kinds=kinds, points=points, cap=cap, order=order,
        )  # fmt: skip


def unseed(apps, schema_editor):
    apps.get_model("evaluation", "RuleSet").objects.filter(
        body=None, target="committee"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0014_committee_evaluation")]

    operations = [migrations.RunPython(seed, unseed)]
