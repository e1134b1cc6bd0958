from django.urls import path

from . import import_views, job_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("todo/", views.todo_list, name="todo_list"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("history/", views.history, name="history"),
    path("imports/", import_views.import_list, name="import_list"),
    path("imports/<slug:kind>/upload/", import_views.import_upload, name="import_upload"),
    path("imports/<slug:kind>/template.xlsx", import_views.import_template, name="import_template"),
    path("imports/<int:pk>/", import_views.import_preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/discard/", import_views.import_discard, name="import_discard"),
    path("jobs/", job_views.job_list, name="job_list"),
    path("jobs/<int:pk>/", job_views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/progress/", job_views.job_progress, name="job_progress"),
    path("jobs/<int:pk>/download/", job_views.job_download, name="job_download"),
    path("jobs/<int:pk>/retry/", job_views.job_retry, name="job_retry"),
]
