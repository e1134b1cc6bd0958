"""The quotas of SPEC §3.9, seeded from the source document (鄂政协发〔2021〕2号) with their
article numbers, as default rows (no body). An office that edits one gets its own copy."""

from django.db import migrations

REMIND = [50, 75, 90]

# code, article, title, requirement (the source's words), scope, period, metric,
# activity types, plan kind, target, target max
QUOTAS = [
    ("Q1", 3, "理论学习活动", "每年至少组织召开1次理论学习活动。", "committee", "year",
     "activities", ["theory_study"], "", 1, None),
    ("Q2", 3, "政策宣讲活动", "每年至少组织召开1次政策宣讲活动。", "committee", "year",
     "activities", ["policy_briefing"], "", 1, None),
    ("Q3", 3, "谈心交流活动", "每年至少组织召开1次谈心交流活动。", "committee", "year",
     "activities", ["heart_to_heart"], "", 1, None),
    ("Q4", 3, "专题调研活动", "每年至少组织召开1次专题调研活动。", "committee", "year",
     "activities", ["research"], "", 1, None),
    ("Q5", 3, "主题党日活动", "每年至少组织召开1次主题党日活动。", "committee", "year",
     "activities", ["party_day"], "", 1, None),
    ("Q6", 3, "走访看望界别委员全覆盖", "届内实现专委会负责同志走访看望界别委员全覆盖。",
     "committee", "term", "visit_coverage", ["member_visit"], "", 100, None),
    ("Q7", 5, "重点协商课题", "每个专委会每年要精选1—2个重点课题开展协商议政。",
     "committee", "year", "key_consultation_topics", [], "", 1, 2),
    ("Q8", 6, "界别协商覆盖所有界别", "原则上每届内界别协商（活动）覆盖所有界别。",
     "body", "term", "sector_coverage", ["sector_consultation"], "", 100, None),
    ("Q9", 6, "高质量界别活动",
     "每个专委会每届至少组织界别活动组开展2—3次主题突出、高质量、有成果的活动。",
     "committee", "term", "activities_with_outputs", ["sector_activity"], "", 2, 3),
    ("Q10", 10, "全体委员提案工作培训", "每届组织全体委员开展提案工作培训。",
     "body", "term", "attendance_coverage", ["proposal_training"], "", 100, None),
    ("Q11", 10, "提案交办会和提案工作座谈会", "每年召开提案交办会和提案工作座谈会。",
     "proposals_committee", "year", "activity_types",
     ["proposal_assignment", "proposal_symposium"], "", 2, None),
    ("Q12", 10, "提案委全体会议", "每半年召开1次提案委全体会议。",
     "proposals_committee", "half_year", "activities", ["committee_plenary"], "", 1, None),
    ("Q13", 10, "专委会集体提案", "每年至少以专委会名义提交1件以上集体提案。",
     "committee", "year", "collective_proposals", [], "", 1, None),
    ("Q14", 10, "界别活动组集体提案",
     "督促所联系的界别活动组每年至少提交1篇高质量的集体提案。",
     "sector_group", "year", "collective_proposals", [], "", 1, None),
    ("Q15", 11, "重点信息课题", "各专委会每年确定1—2个重点信息课题。",
     "committee", "year", "key_information_topics", [], "", 1, 2),
    ("Q16", 11, "专委会社情民意信息", "每年至少提交1篇有价值的社情民意信息。",
     "committee", "year", "social_opinion_reports", [], "", 1, None),
    ("Q17", 11, "委员社情民意信息", "督促委员每年至少报送1篇高质量的社情民意信息。",
     "member", "year", "social_opinion_reports", [], "", 1, None),
    ("Q18", 13, "秘书长和专委会主任联席会议",
     "建立秘书长和专委会主任联席会议制度，每年至少召开1次会议。",
     "body", "year", "activities", ["joint_meeting"], "", 1, None),
    ("Q19", 15, "专委会工作会议", "市政协每届至少召开1次专委会工作会议。",
     "body", "term", "activities", ["committee_work_meeting"], "", 1, None),
    ("Q20", 15, "专委会全体会议", "各专委会每年至少召开1次专委会全体会议。",
     "committee", "year", "activities", ["committee_plenary"], "", 1, None),
    ("Q21", 15, "旗区对口专委会工作座谈会",
     "各专委会每年至少召开1次旗区对口专委会工作座谈会。",
     "committee", "year", "activities", ["counterpart_symposium"], "", 1, None),
    ("Q22", 2, "编印《政协委员履职导引》", "每年编印《政协委员履职导引》。",
     "body", "year", "evidence", [], "", 1, None),
    ("Q23", 14, "年度履职报告表",
     "委员认真填写年度履职报告表；政协常委提交年度履职报告并述职。",
     "member", "year", "performance_reports", [], "", 1, None),
    ("Q24a", 4, "文史资料征集届内规划", "文化文史和学习委员会要制定文史资料征集届内规划。",
     "culture_committee", "term", "plan_approved", [], "archives_term_plan", 1, None),
    ("Q24b", 4, "文史资料年度工作计划", "文化文史和学习委员会要制定文史资料年度工作计划。",
     "culture_committee", "year", "plan_approved", [], "archives_annual_plan", 1, None),
]


def forwards(apps, schema_editor):
    Quota = apps.get_model("evaluation", "Quota")
    for order, row in enumerate(QUOTAS, start=1):
        code, article, title, requirement, scope, period, metric, types, plan, target, top = row
        Quota.objects.update_or_create(
            body=None,
            code=code,
            defaults={
                "article": article,
                "title": title,
                "requirement": requirement,
                "scope": scope,
                "period": period,
                "metric": metric,
                "activity_types": types,
                "plan_kind": plan,
                "target": target,
                "target_max": top,
                "reminder_points": REMIND,
                "order": order,
            },
        )


def backwards(apps, schema_editor):
    apps.get_model("evaluation", "Quota").objects.filter(body=None).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
