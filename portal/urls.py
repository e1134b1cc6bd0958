from django.urls import path

from . import import_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/grant/", views.role_grant, name="role_grant"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/password/", views.user_reset_password, name="user_reset_password"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("history/", views.history, name="history"),
    path("imports/", import_views.import_list, name="import_list"),
    path("imports/<slug:kind>/upload/", import_views.import_upload, name="import_upload"),
    path("imports/<slug:kind>/template.xlsx", import_views.import_template, name="import_template"),
    path("imports/<int:pk>/", import_views.import_preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/discard/", import_views.import_discard, name="import_discard"),
]
