from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.index, name="index"),
    # Topics (选题建议) and the annual plan
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/new/", views.topic_create, name="topic_create"),
    path("topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("topics/<int:pk>/decide/", views.topic_decide, name="topic_decide"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/items/", views.plan_item_add, name="plan_item_add"),
    path("plans/<int:pk>/comment/", views.plan_comment, name="plan_comment"),
    path("plans/<int:pk>/move/", views.plan_move, name="plan_move"),
    path("plans/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("plan-items/<int:pk>/delete/", views.plan_item_delete, name="plan_item_delete"),
    path("plan-items/<int:pk>/start/", views.consultation_start, name="consultation_start"),
    # A consultation: research, meeting, participants, outcome
    path("<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("<int:pk>/meeting/", views.consultation_meeting, name="consultation_meeting"),
    path("<int:pk>/move/", views.consultation_move, name="consultation_move"),
    path("<int:pk>/follow-up/", views.consultation_follow_up, name="consultation_follow_up"),
    path("<int:pk>/research/", views.research_add, name="research_add"),
    path("research/<int:pk>/move/", views.research_move, name="research_move"),
    path("<int:pk>/report/", views.report_create, name="report_create"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/move/", views.report_move, name="report_move"),
    path("<int:pk>/invite/", views.participants_invite, name="participants_invite"),
    path("<int:pk>/people/", views.participant_add, name="participant_add"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/speeches/", views.speech_add, name="speech_add"),
    path("<int:pk>/outcome/", views.outcome_edit, name="outcome_edit"),
    path("<int:pk>/outcome.pdf", views.outcome_pdf, name="outcome_pdf"),
    path("<int:pk>/quality/", views.quality, name="quality"),
    path("outcomes/<int:pk>/move/", views.outcome_move, name="outcome_move"),
    path(
        "outcomes/<int:pk>/recommendations/",
        views.recommendation_add,
        name="recommendation_add",
    ),
    path("outcomes/<int:pk>/instructions/", views.instruction_add, name="instruction_add"),
    # Departments' feedback
    path("recommendations/", views.recommendation_list, name="recommendation_list"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path(
        "recommendations/<int:pk>/answer/",
        views.recommendation_answer,
        name="recommendation_answer",
    ),
    path(
        "recommendations/<int:pk>/delete/",
        views.recommendation_delete,
        name="recommendation_delete",
    ),
    # Online deliberation (网络议政)
    path("threads/", views.thread_list, name="thread_list"),
    path("threads/new/", views.thread_create, name="thread_create"),
    path("threads/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("threads/<int:pk>/post/", views.post_create, name="post_create"),
    path("threads/<int:pk>/move/", views.thread_move, name="thread_move"),
    path("posts/<int:pk>/file/", views.post_file, name="post_file"),
    path("posts/<int:pk>/moderate/", views.post_moderate, name="post_moderate"),
    # Statistics
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_export, name="statistics_export"),
]
