from django.urls import path

from .views import meetings, outcomes, plans, research, statistics, threads, topics

app_name = "consultations"

urlpatterns = [
    path("", topics.index, name="index"),
    # Topics (选题建议) and the annual plan
    path("topics/", topics.topic_list, name="topic_list"),
    path("topics/new/", topics.topic_create, name="topic_create"),
    path("topics/<int:pk>/", topics.topic_detail, name="topic_detail"),
    path("topics/<int:pk>/decide/", topics.topic_decide, name="topic_decide"),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/items/", plans.plan_item_add, name="plan_item_add"),
    path("plans/<int:pk>/comment/", plans.plan_comment, name="plan_comment"),
    path("plans/<int:pk>/move/", plans.plan_move, name="plan_move"),
    path("plans/<int:pk>/pdf/", plans.plan_pdf, name="plan_pdf"),
    path("plan-items/<int:pk>/delete/", plans.plan_item_delete, name="plan_item_delete"),
    path("plan-items/<int:pk>/start/", meetings.consultation_start, name="consultation_start"),
    # A consultation: research, meeting, participants, outcome
    path("<int:pk>/", meetings.consultation_detail, name="consultation_detail"),
    path("<int:pk>/meeting/", meetings.consultation_meeting, name="consultation_meeting"),
    path("<int:pk>/move/", meetings.consultation_move, name="consultation_move"),
    path("<int:pk>/follow-up/", meetings.consultation_follow_up, name="consultation_follow_up"),
    path("<int:pk>/research/", research.research_add, name="research_add"),
    path("research/<int:pk>/move/", research.research_move, name="research_move"),
    path("<int:pk>/report/", research.report_create, name="report_create"),
    path("reports/<int:pk>/edit/", research.report_edit, name="report_edit"),
    path("reports/<int:pk>/move/", research.report_move, name="report_move"),
    path("<int:pk>/invite/", meetings.participants_invite, name="participants_invite"),
    path("<int:pk>/people/", meetings.participant_add, name="participant_add"),
    path("<int:pk>/attendance/", meetings.attendance, name="attendance"),
    path("<int:pk>/speeches/", meetings.speech_add, name="speech_add"),
    path("<int:pk>/outcome/", outcomes.outcome_edit, name="outcome_edit"),
    path("<int:pk>/outcome.pdf", outcomes.outcome_pdf, name="outcome_pdf"),
    path("<int:pk>/quality/", statistics.quality, name="quality"),
    path("outcomes/<int:pk>/move/", outcomes.outcome_move, name="outcome_move"),
    path(
        "outcomes/<int:pk>/recommendations/",
        outcomes.recommendation_add,
        name="recommendation_add",
    ),
    path("outcomes/<int:pk>/instructions/", outcomes.instruction_add, name="instruction_add"),
    # Departments' feedback
    path("recommendations/", outcomes.recommendation_list, name="recommendation_list"),
    path("recommendations/<int:pk>/", outcomes.recommendation_detail, name="recommendation_detail"),
    path(
        "recommendations/<int:pk>/answer/",
        outcomes.recommendation_answer,
        name="recommendation_answer",
    ),
    path(
        "recommendations/<int:pk>/delete/",
        outcomes.recommendation_delete,
        name="recommendation_delete",
    ),
    # Online deliberation (网络议政)
    path("threads/", threads.thread_list, name="thread_list"),
    path("threads/new/", threads.thread_create, name="thread_create"),
    path("threads/<int:pk>/", threads.thread_detail, name="thread_detail"),
    path("threads/<int:pk>/post/", threads.post_create, name="post_create"),
    path("threads/<int:pk>/move/", threads.thread_move, name="thread_move"),
    path("posts/<int:pk>/file/", threads.post_file, name="post_file"),
    path("posts/<int:pk>/moderate/", threads.post_moderate, name="post_moderate"),
    # Statistics
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics.xlsx", statistics.statistics_export, name="statistics_export"),
]
