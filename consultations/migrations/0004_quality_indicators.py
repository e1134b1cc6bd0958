"""The default indicators of the consultation quality evaluation (§9): topic, organisation,
research, outcome, adoption and transformation, equal weights (data: editable in /admin/)."""

from django.db import migrations

INDICATORS = [
    ("topic", "选题质量", "课题是否围绕中心工作和群众关切，切口是否适当", 20),
    ("organisation", "组织协调", "参加人员结构、部门出席、互动交流情况", 20),
    ("research", "调研质量", "调研深入程度、委员参与、调研报告质量", 20),
    ("outcome", "成果质量", "建议的针对性和可操作性", 20),
    ("adoption", "采纳转化", "领导批示、部门采纳和落实情况", 20),
]


def forwards(apps, schema_editor):
    Indicator = apps.get_model("consultations", "QualityIndicator")
    for order, (code, name, description, weight) in enumerate(INDICATORS, start=1):
        Indicator.objects.get_or_create(
            code=code,
            defaults={"name": name, "description": description, "weight": weight, "order": order},
        )


def backwards(apps, schema_editor):
    apps.get_model("consultations", "QualityIndicator").objects.filter(
        code__in=[code for code, *_rest in INDICATORS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("consultations", "0003_quality")]
    operations = [migrations.RunPython(forwards, backwards)]
