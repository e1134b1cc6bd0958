from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Adoption,
    AdoptionLevel,
    Author,
    Forwarding,
    Instruction,
    Issue,
    IssueEntry,
    KeyTopic,
    RejectionReason,
    Report,
)


class AuthorInline(admin.TabularInline):
    model = Author
    fk_name = "report"
    extra = 0
    fields = ["member", "role", "status", "order", "merged_from"]
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    """States change only through the services (public_opinion.workflow): read-only here."""

    list_display = ["number", "title", "body", "kind", "status", "submitted_at"]
    list_filter = ["status", "kind", "topic", "body"]
    search_fields = ["title", "number"]
    readonly_fields = ["status", "serial", "number", "merged_into", "origin", "accepted_at",
                       "decided_by", "edited_by", "edited_at"]  # fmt: skip
    raw_id_fields = ["created_by", "key_topic", "rejection_reason"]
    inlines = [AuthorInline]


@admin.register(RejectionReason)
class RejectionReasonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "body", "order", "is_active"]
    list_filter = ["body", "is_active"]


@admin.register(AdoptionLevel)
class AdoptionLevelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "body", "rank", "is_active"]
    list_filter = ["body", "is_active"]


@admin.register(KeyTopic)
class KeyTopicAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "year"]
    list_filter = ["year", "body"]


class EntryInline(admin.TabularInline):
    model = IssueEntry
    extra = 0
    raw_id_fields = ["report"]


@admin.register(Issue)
class IssueAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "status", "published_at"]
    list_filter = ["status", "body", "year"]
    readonly_fields = ["status", "published_at", "pdf"]
    inlines = [EntryInline]


@admin.register(Adoption)
class AdoptionAdmin(SimpleHistoryAdmin):
    list_display = ["report", "level", "adopted_on", "outlet"]
    list_filter = ["level__code"]
    raw_id_fields = ["report", "recorded_by"]


@admin.register(Instruction)
class InstructionAdmin(SimpleHistoryAdmin):
    list_display = ["report", "leader", "level", "instructed_on"]
    list_filter = ["level"]
    raw_id_fields = ["report", "recorded_by"]


@admin.register(Forwarding)
class ForwardingAdmin(SimpleHistoryAdmin):
    list_display = ["report", "to_body", "status", "sent_at"]
    list_filter = ["status", "to_body"]
    raw_id_fields = ["report", "copy", "sent_by", "answered_by"]
