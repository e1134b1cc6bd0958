"""/admin/ for 协商: the data the administrator maintains (forms of consultation, quality
indicators and their weights) and read-mostly views of the records (statuses change only
through the workflow tables, so they are read-only here)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Consultation, ConsultationKind, Outcome, Plan, QualityIndicator, Thread


@admin.register(ConsultationKind)
class ConsultationKindAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "is_online", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(QualityIndicator)
class QualityIndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "weight", "order", "is_active"]
    list_editable = ["weight", "order", "is_active"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "body", "year", "status"]
    list_filter = ["status", "body"]
    readonly_fields = ["status", "submitted_by"]


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "kind", "is_key", "status", "held_at"]
    list_filter = ["status", "is_key", "kind", "body"]
    search_fields = ["title"]
    readonly_fields = ["status", "held_at", "plan_item", "created_by"]


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "sent_at", "closed_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "number"]
    readonly_fields = ["status", "consultation", "submitted_by", "sent_at", "closed_at"]


@admin.register(Thread)
class ThreadAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "audience", "status", "closes_at"]
    list_filter = ["status", "audience"]
    readonly_fields = ["status", "opened_at", "created_by"]
