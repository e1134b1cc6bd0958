"""The standard rejection reasons and adoption levels for the bodies that existed before
this app (new bodies get theirs from public_opinion.hooks), and on PostgreSQL the trigram
(pg_trgm) GIN indexes for the similar-item lookup and the search box."""

from django.db import migrations

REASONS = (
    "反映的问题已有政策或正在解决",
    "内容与已报送信息重复",
    "情况不具体、分析不深入",
    "建议缺乏针对性和可操作性",
    "涉及个人或本单位具体诉求",
    "不符合一事一报要求",
    "时效性已过",
)
LEVELS = (
    ("city_bulletin", "市政协编发"),
    ("city_party_gov", "市委、市政府采用"),
    ("region", "自治区政协采用"),
    ("national_single", "全国政协单篇采用"),
    ("national_combined", "全国政协综合采用"),
)

CREATE = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX IF NOT EXISTS opinion_title_norm_trgm
  ON public_opinion_report USING gin (title_norm gin_trgm_ops);
CREATE INDEX IF NOT EXISTS opinion_text_norm_trgm
  ON public_opinion_report USING gin (text_norm gin_trgm_ops);
CREATE INDEX IF NOT EXISTS opinion_search_trgm
  ON public_opinion_report USING gin (body_id, upper(title) gin_trgm_ops, number gin_trgm_ops);
"""
DROP = """
DROP INDEX IF EXISTS opinion_title_norm_trgm;
DROP INDEX IF EXISTS opinion_text_norm_trgm;
DROP INDEX IF EXISTS opinion_search_trgm;
"""


def forwards(apps, schema_editor):
    Body = apps.get_model("organisation", "Body")
    RejectionReason = apps.get_model("public_opinion", "RejectionReason")
    AdoptionLevel = apps.get_model("public_opinion", "AdoptionLevel")
    for body in Body.objects.all():
        for i, name in enumerate(REASONS):
            RejectionReason.objects.get_or_create(body=body, name=name, defaults={"order": i})
        for i, (code, name) in enumerate(LEVELS):
            AdoptionLevel.objects.get_or_create(
                body=body, code=code, defaults={"name": name, "rank": (i + 1) * 10}
            )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("public_opinion", "0001_initial"), ("organisation", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
