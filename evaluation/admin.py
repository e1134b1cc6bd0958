from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Quota, QuotaEvidence


@admin.register(Quota)
class QuotaAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "body", "scope", "period", "metric", "target", "is_active"]
    list_filter = ["scope", "period", "metric", "is_active", "body"]
    search_fields = ["code", "title", "requirement"]
    raw_id_fields = ["updated_by"]


@admin.register(QuotaEvidence)
class QuotaEvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "quota_code", "date", "body", "recorded_by"]
    list_filter = ["quota_code", "body"]
    raw_id_fields = ["recorded_by"]
