from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Notice, NoticeAttachment, Receipt


class AttachmentInline(admin.TabularInline):
    model = NoticeAttachment
    extra = 0
    fields = ["name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(Notice)
class NoticeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "body", "committee", "status", "published_at"]
    list_filter = ["kind", "status", "body"]
    search_fields = ["title"]
    readonly_fields = ["status", "published_by", "published_at", "closed_at", "withdrawn_at"]
    inlines = [AttachmentInline]


@admin.register(Receipt)
class ReceiptAdmin(SimpleHistoryAdmin):
    list_display = ["notice", "member", "read_at", "response", "answered_at"]
    list_filter = ["response"]
    search_fields = ["notice__title", "member__name", "member__code"]
    raw_id_fields = ["notice", "member", "answered_by"]
