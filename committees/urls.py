from django.urls import path

from .views import activities as activity_views
from .views import attendance as attendance_views
from .views import calendar as calendar_views
from .views import invitations as invitation_views
from .views import outputs as output_views
from .views import plans as plan_views

app_name = "committees"

urlpatterns = [
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
        "office-plans/<year:year>/<slug:kind>/",
        plan_views.office_plan_detail,
        name="office_plan_detail",
    ),
    path(
        "office-plans/<year:year>/<slug:kind>/approve/",
        plan_views.office_plan_approve,
        name="office_plan_approve",
    ),
    path(
        "office-plans/<year:year>/<slug:kind>/reopen/",
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
    path("activities/<int:pk>/invite/", invitation_views.activity_invite, name="activity_invite"),
    path(
        "activities/<int:pk>/attendance/",
        attendance_views.activity_attendance,
        name="activity_attendance",
    ),
    path(
        "activities/<int:pk>/participants/",
        attendance_views.participant_add,
        name="participant_add",
    ),
    path("activities/<int:pk>/outputs/", output_views.output_add, name="output_add"),
    path(
        "activities/<int:pk>/checkin-code/",
        attendance_views.activity_checkin_code,
        name="activity_checkin_code",
    ),
    path(
        "invitations/<int:pk>/remove/",
        invitation_views.invitation_remove,
        name="invitation_remove",
    ),
    path(
        "invitations/<int:pk>/respond/",
        invitation_views.invitation_respond,
        name="invitation_respond",
    ),
    path(
        "participants/<int:pk>/remove/",
        attendance_views.participant_remove,
        name="participant_remove",
    ),
    path("outputs/<int:pk>/file/", output_views.output_file, name="output_file"),
    path("outputs/<int:pk>/delete/", output_views.output_delete, name="output_delete"),
    path("checkin/<str:token>/", attendance_views.checkin, name="checkin"),
    path("my-activities/", invitation_views.my_activities, name="my_activities"),
    # Calendars
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("calendar/feed/", calendar_views.calendar_feed_settings, name="calendar_feed_settings"),
    path("calendar/feed/reset/", calendar_views.calendar_feed_reset, name="calendar_feed_reset"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
]
