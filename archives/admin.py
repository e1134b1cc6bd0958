from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ArchiveItem, CollectionPlan, Manuscript, ManuscriptFile, Volume, VolumeEntry


class FileInline(admin.TabularInline):
    model = ManuscriptFile
    extra = 0
    fields = ["kind", "name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(CollectionPlan)
class CollectionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "body", "committee", "kind", "year", "status", "closes_on"]
    list_filter = ["kind", "status", "body"]
    search_fields = ["title"]
    readonly_fields = ["status", "submitted_by", "approved_by", "approved_at", "opened_at"]


@admin.register(Manuscript)
class ManuscriptAdmin(SimpleHistoryAdmin):
    list_display = ["title", "body", "kind", "author_name", "witness", "status", "word_count"]
    list_filter = ["kind", "witness", "status", "restricted", "body"]
    search_fields = ["title", "author_name"]
    raw_id_fields = ["contributor", "plan", "registered_by"]
    readonly_fields = ["status", "status_changed_at", "word_count", "published_at"]
    inlines = [FileInline]


class EntryInline(admin.TabularInline):
    model = VolumeEntry
    extra = 0
    raw_id_fields = ["manuscript"]


@admin.register(Volume)
class VolumeAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "status", "published_on"]
    list_filter = ["status", "body"]
    readonly_fields = ["status", "published_at"]
    inlines = [EntryInline]


@admin.register(ArchiveItem)
class ArchiveItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "body", "kind", "period", "place", "restricted"]
    list_filter = ["kind", "restricted", "acquisition", "body"]
    search_fields = ["title", "keywords", "persons"]
    raw_id_fields = ["manuscript", "created_by"]
