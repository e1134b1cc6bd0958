from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assignment,
    Attachment,
    Communication,
    Evaluation,
    Proposal,
    ProposalCounter,
    ProposalSigner,
    Reply,
    ReplyCategory,
)


class SignerInline(admin.TabularInline):
    model = ProposalSigner
    fk_name = "proposal"
    extra = 0
    fields = ["member", "status", "invited_at", "answered_at", "merged_from"]
    readonly_fields = fields
    can_delete = False


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["department", "role", "round", "status", "deadline", "original_deadline"]
    readonly_fields = fields
    can_delete = False


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    """Read mostly: states change only through the portal's services and workflow."""

    list_display = ["number", "title", "kind", "status", "year", "body", "submitted_at"]
    list_filter = ["body", "year", "status", "kind", "category", "is_key", "is_excellent"]
    search_fields = ["number", "title", "first_proposer__name"]
    readonly_fields = [
        "status",
        "number",
        "serial",
        "round",
        "submitted_at",
        "filed_at",
        "assigned_at",
        "closed_at",
        "merged_into",
    ]
    raw_id_fields = [
        "first_proposer",
        "author",
        "recommended_by",
        "recommended_target",
        "reviewed_by",
        "key_supervisor",
    ]
    inlines = [SignerInline, AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "department", "role", "round", "status", "deadline"]
    list_filter = ["status", "role", "round"]
    search_fields = ["proposal__number", "proposal__title", "department__name"]
    raw_id_fields = ["proposal", "department", "assigned_by"]
    readonly_fields = ["status"]


@admin.register(ReplyCategory)
class ReplyCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["body", "code", "name", "order", "is_active"]
    list_filter = ["body", "is_active"]


@admin.register(Reply)
class ReplyAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "assignment", "round", "category", "replied_at"]
    raw_id_fields = ["proposal", "assignment", "replied_by"]


@admin.register(Communication)
class CommunicationAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "assignment", "contacted_on", "way", "answer"]
    list_filter = ["way", "answer"]
    raw_id_fields = ["proposal", "assignment", "recorded_by", "answered_by"]
    readonly_fields = ["answer"]


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "round", "evaluator", "is_lead", "result", "created_at"]
    list_filter = ["result", "is_lead", "round"]
    raw_id_fields = ["proposal", "evaluator"]


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "proposal", "purpose", "size", "uploaded_at"]
    raw_id_fields = ["proposal", "assignment", "uploaded_by"]


@admin.register(ProposalCounter)
class ProposalCounterAdmin(admin.ModelAdmin):
    list_display = ["body", "year", "last"]
