"""The administrator's view of committee work. Day-to-day changes go through the portal's
pages (and their services); the admin is for looking things up and for repairs, with the
change history of django-simple-history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Activity,
    ActivityInvitation,
    ActivityOutput,
    ActivityParticipant,
    CalendarFeed,
    OfficePlan,
    PlanItem,
    WorkPlan,
)


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    filter_horizontal = ["sector_groups"]


@admin.register(WorkPlan)
class WorkPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "kind", "year", "status", "submitted_at", "decided_at"]
    list_filter = ["kind", "status", "year", "committee__body"]
    search_fields = ["title", "committee__name"]
    list_select_related = ["committee"]
    raw_id_fields = ["created_by", "submitted_by", "decided_by"]
    readonly_fields = ["status"]
    inlines = [PlanItemInline]


@admin.register(OfficePlan)
class OfficePlanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "status", "approved_by", "approved_at"]
    list_filter = ["kind", "status", "year"]
    readonly_fields = ["status"]
    raw_id_fields = ["approved_by"]


class InvitationInline(admin.TabularInline):
    model = ActivityInvitation
    extra = 0
    raw_id_fields = ["member", "recorded_by"]


class ParticipantInline(admin.TabularInline):
    model = ActivityParticipant
    extra = 0
    raw_id_fields = ["department"]


class OutputInline(admin.TabularInline):
    model = ActivityOutput
    extra = 0
    raw_id_fields = ["speaker", "uploaded_by"]
    readonly_fields = ["original_name", "content_type", "size"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "type", "owner_committee", "starts_at", "place", "status", "is_major"]
    list_filter = ["status", "type", "is_major", "body"]
    search_fields = ["topic", "place"]
    date_hierarchy = "starts_at"
    list_select_related = ["owner_committee"]
    raw_id_fields = [
        "committee",
        "owner_committee",
        "plan_item",
        "created_by",
        "submitted_by",
        "decided_by",
    ]
    readonly_fields = ["status", "checkin_token"]
    filter_horizontal = ["sector_groups"]
    inlines = [InvitationInline, ParticipantInline, OutputInline]


@admin.register(ActivityInvitation)
class ActivityInvitationAdmin(SimpleHistoryAdmin):
    list_display = ["activity", "member", "response", "checked_in_at", "attendance"]
    list_filter = ["response", "attendance"]
    search_fields = ["member__name", "activity__topic"]
    list_select_related = ["activity", "member"]
    raw_id_fields = ["activity", "member", "recorded_by"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["member", "created_at"]
    raw_id_fields = ["member"]
    readonly_fields = ["token"]
