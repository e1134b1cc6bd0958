"""Issue 9: obligations of the source document that had no quota row yet, and the scope
and metric labels in the documents' words (本级政协; the board shows 指标完成情况)."""

from django.db import migrations, models

REMIND = [50, 75, 90]

# code, article, title, requirement (the source's words), scope, period, metric, plan kind
ADDED = [
    ("Q25", 12, "专委会年度工作计划报分管副主席同意",
     "专委会年度工作计划……须报请分管副主席同意。",
     "committee", "year", "plan_approved", "annual_plan"),
    ("Q26", 12, "专委会年度工作总结报分管副主席同意",
     "专委会年度工作……总结……须报请分管副主席同意。",
     "committee", "year", "plan_approved", "annual_summary"),
    ("Q27", 5, "年度政协协商选题建议",
     "各专委会……提出年度政协协商选题建议，并对办公室综合征集的协商选题提出意见。",
     "committee", "year", "consultation_topic_proposals", ""),
    ("Q28", 6, "年度界别活动计划",
     "商讨新年度界别活动议题（办公室汇总编制年度界别活动计划，第13条统筹）。",
     "body", "year", "office_plan_approved", "sector_activity"),
]  # fmt: skip


def forwards(apps, schema_editor):
    Quota = apps.get_model("evaluation", "Quota")
    last = Quota.objects.filter(body=None).order_by("-order").values_list("order", flat=True)
    order = (last.first() or 0) + 1
    for code, article, title, requirement, scope, period, metric, plan in ADDED:
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
                "activity_types": [],
                "plan_kind": plan,
                "target": 1,
                "target_max": None,
                "reminder_points": REMIND,
                "order": order,
            },
        )
        order += 1


def backwards(apps, schema_editor):
    apps.get_model("evaluation", "Quota").objects.filter(
        body=None, code__in=[row[0] for row in ADDED]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0004_organisation_moved")]
    operations = [migrations.RunPython(forwards, backwards)]
