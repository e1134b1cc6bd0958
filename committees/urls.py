from django.urls import path

from .views import activities as activity_views
from .views import calendar as calendar_views
from .views import org as views
from .views import plans as plan_views

app_name = "committees"

urlpatterns = [
    path("", views.committee_list_view, name="committee_list"),
    path("new/", views.committee_create, name="committee_create"),
    path("<int:pk>/", views.committee_detail, name="committee_detail"),
    path("<int:pk>/edit/", views.committee_edit, name="committee_edit"),
    path("<int:pk>/roster.pdf", views.committee_roster_pdf, name="committee_roster_pdf"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("terms/", views.term_list, name="term_list"),
    path("terms/new/", views.term_create, name="term_create"),
    path("terms/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path("sectors/", views.sector_list, name="sector_list"),
    path("sectors/new/", views.sector_create, name="sector_create"),
    path("sectors/<int:pk>/edit/", views.sector_edit, name="sector_edit"),
    path("sector-groups/new/", views.sector_group_create, name="sector_group_create"),
    path("sector-groups/<int:pk>/edit/", views.sector_group_edit, name="sector_group_edit"),
    path(
        "sector-groups/<int:group_pk>/party-group/", views.party_group_edit, name="party_group_edit"
    ),
    path("departments/", views.department_list, name="department_list"),
    path("departments/export.<fmt:fmt>", views.department_export, name="department_export"),
    path("departments/new/", views.department_create, name="department_create"),
    path("departments/<int:pk>/", views.department_detail, name="department_detail"),
    path("departments/<int:pk>/edit/", views.department_edit, name="department_edit"),
    # Plans and summaries (§12), the approval inbox, the office's plans (§13)
    path("<int:pk>/plans/", plan_views.plan_list, name="plan_list"),
    path("<int:pk>/plans/new/", plan_views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plan_views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/items/new/", plan_views.plan_item_create, name="plan_item_create"),
    path("plans/<int:pk>/submit/", plan_views.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/approve/", plan_views.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/return/", plan_views.plan_return, name="plan_return"),
    path("plan-items/<int:pk>/edit/", plan_views.plan_item_edit, name="plan_item_edit"),
    path("plan-items/<int:pk>/delete/", plan_views.plan_item_delete, name="plan_item_delete"),
    path("approvals/", plan_views.approval_inbox, name="approval_inbox"),
    path("office-plans/", plan_views.office_plan_list, name="office_plan_list"),
    path(
        "office-plans/<int:year>/<slug:kind>/",
        plan_views.office_plan_detail,
        name="office_plan_detail",
    ),
    path(
        "office-plans/<int:year>/<slug:kind>/approve/",
        plan_views.office_plan_approve,
        name="office_plan_approve",
    ),
    path(
        "office-plans/<int:year>/<slug:kind>/reopen/",
        plan_views.office_plan_reopen,
        name="office_plan_reopen",
    ),
    # Activities, invitations, attendance, outputs, check-in
    path("activities/", activity_views.activity_list_view, name="activity_list"),
    path("activities/new/", activity_views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", activity_views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", activity_views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/submit/", activity_views.activity_submit, name="activity_submit"),
    path("activities/<int:pk>/approve/", activity_views.activity_approve, name="activity_approve"),
    path("activities/<int:pk>/return/", activity_views.activity_return, name="activity_return"),
    path("activities/<int:pk>/publish/", activity_views.activity_publish, name="activity_publish"),
    path("activities/<int:pk>/held/", activity_views.activity_mark_held, name="activity_mark_held"),
    path("activities/<int:pk>/cancel/", activity_views.activity_cancel, name="activity_cancel"),
    path("activities/<int:pk>/invite/", activity_views.activity_invite, name="activity_invite"),
    path(
        "activities/<int:pk>/attendance/",
        activity_views.activity_attendance,
        name="activity_attendance",
    ),
    path(
        "activities/<int:pk>/participants/",
        activity_views.participant_add,
        name="participant_add",
    ),
    path("activities/<int:pk>/outputs/", activity_views.output_add, name="output_add"),
    path(
        "activities/<int:pk>/checkin-code/",
        activity_views.activity_checkin_code,
        name="activity_checkin_code",
    ),
    path(
        "invitations/<int:pk>/remove/",
        activity_views.invitation_remove,
        name="invitation_remove",
    ),
    path(
        "invitations/<int:pk>/respond/",
        activity_views.invitation_respond,
        name="invitation_respond",
    ),
    path(
        "participants/<int:pk>/remove/",
        activity_views.participant_remove,
        name="participant_remove",
    ),
    path("outputs/<int:pk>/file/", activity_views.output_file, name="output_file"),
    path("outputs/<int:pk>/delete/", activity_views.output_delete, name="output_delete"),
    path("checkin/<str:token>/", activity_views.checkin, name="checkin"),
    path("my-activities/", activity_views.my_activities, name="my_activities"),
    # Calendars
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("calendar/feed/", calendar_views.calendar_feed_settings, name="calendar_feed_settings"),
    path("calendar/feed/reset/", calendar_views.calendar_feed_reset, name="calendar_feed_reset"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
]
