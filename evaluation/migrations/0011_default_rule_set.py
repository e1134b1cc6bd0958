"""The reference scoring scheme every body starts from (copied per year by the office).

Source: the member performance assessment of the Jinan CPPCC (济南市政协, 2015), as publicly
reported: base score 70, bonus up to 50; absence from a plenary session without leave −30,
with leave −10; grades 优秀 ≥ 85, 称职 60–84, 不称职 < 60. The points for proposals,
activities and speeches follow the published practice listed in SPEC §3.8 (filed proposal
+15 for the first proposer, co-signers share; key proposal extra; activity +2 each with a
cap). The office edits its own copy; this row is never scored.
"""

from decimal import Decimal as D

from django.db import migrations

DESCRIPTION = (
    "参照济南市政协2015年委员履职考核办法（据公开报道）：基础分70分，加分最高50分；"
    "无故缺席全体会议每次扣30分，请假每次扣10分；总分85分以上为优秀，60—84分为称职，"
    "60分以下为不称职。提案、活动、大会发言的分值参照各地公开做法（立案提案第一提案人"
    "15分、联名人平分5分，重点提案另加10分，参加活动每次2分、全年最多20分）。"
    "各政协复制后按本年度实际修改。"
)

RULES = [
    # indicator, kind, source, roles, kinds, points, co_points, co_share, cap
    (
        "全体会议缺席（未请假）",
        "deduction",
        "meetings",
        ["absent"],
        ["plenary"],
        D(30),
        None,
        False,
        None,
    ),
    ("全体会议请假", "deduction", "meetings", ["leave"], ["plenary"], D(10), None, False, None),
    (
        "常委会议缺席（未请假）",
        "deduction",
        "meetings",
        ["absent"],
        ["standing"],
        D(10),
        None,
        False,
        None,
    ),
    ("常委会议请假", "deduction", "meetings", ["leave"], ["standing"], D(5), None, False, None),
    ("提案立案", "bonus", "proposals", ["first"], ["filed", "key"], D(15), D(5), True, None),
    ("重点提案", "bonus", "proposals", ["first"], ["key"], D(10), None, False, None),
    ("参加履职活动", "bonus", "activities", ["present"], [], D(2), None, False, D(20)),
    ("履职活动缺席（未请假）", "deduction", "activities", ["absent"], [], D(2), None, False, D(10)),
    ("大会口头发言", "bonus", "speeches", ["oral"], [], D(10), None, False, None),
    ("大会书面发言", "bonus", "speeches", ["written"], [], D(5), None, False, None),
]


def seed(apps, schema_editor):
    RuleSet = apps.get_model("evaluation", "RuleSet")
    Rule = apps.get_model("evaluation", "Rule")
    rule_set = RuleSet.objects.create(
        body=None,
        year=2015,
        name="参考方案：济南市政协委员履职考核（2015）",
        description=DESCRIPTION,
        status="published",
        base_score=D(70),
        bonus_cap=D(50),
        excellent_min=D(85),
        competent_min=D(60),
    )
    for order, (indicator, kind, source, roles, kinds, points, co, share, cap) in enumerate(RULES):
        Rule.objects.create(
            rule_set=rule_set, indicator=indicator, kind=kind, source=source, roles=roles,
            kinds=kinds, points=points, co_points=co, co_share=share, cap=cap, order=order,
        )  # fmt: skip


def unseed(apps, schema_editor):
    apps.get_model("evaluation", "RuleSet").objects.filter(body=None).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0010_scoring")]

    operations = [migrations.RunPython(seed, unseed)]
