"""Pages of the organisation: committees (create, edit), bodies, terms, sectors and sector
groups, departments, and the office's logins and roles. A committee's own page and roster
are members' pages (members.committee_views)."""

from django.urls import path

from . import accounts, views

app_name = "organisation"

urlpatterns = [
    path("committees/new/", views.committee_create, name="committee_create"),
    path("committees/<int:pk>/edit/", views.committee_edit, name="committee_edit"),
    path("committees/bodies/", views.body_list, name="body_list"),
    path("committees/bodies/new/", views.body_create, name="body_create"),
    path("committees/bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("committees/terms/", views.term_list, name="term_list"),
    path("committees/terms/new/", views.term_create, name="term_create"),
    path("committees/terms/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path(
        "committees/terms/<int:term_pk>/sessions/new/",
        views.session_create,
        name="session_create",
    ),
    path("committees/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("committees/sectors/", views.sector_list, name="sector_list"),
    path("committees/sectors/new/", views.sector_create, name="sector_create"),
    path("committees/sectors/<int:pk>/edit/", views.sector_edit, name="sector_edit"),
    path("committees/sector-groups/new/", views.sector_group_create, name="sector_group_create"),
    path(
        "committees/sector-groups/<int:pk>/edit/", views.sector_group_edit, name="sector_group_edit"
    ),
    path("committees/departments/", views.department_list, name="department_list"),
    path(
        "committees/departments/export.<fmt:fmt>", views.department_export, name="department_export"
    ),
    path("committees/departments/new/", views.department_create, name="department_create"),
    path("committees/departments/<int:pk>/", views.department_detail, name="department_detail"),
    path("committees/departments/<int:pk>/edit/", views.department_edit, name="department_edit"),
    # Logins and roles (the office)
    path("users/", accounts.user_list, name="user_list"),
    path("users/new/", accounts.user_create, name="user_create"),
    path("users/<int:pk>/", accounts.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/grant/", accounts.role_grant, name="role_grant"),
    path("users/<int:pk>/active/", accounts.user_set_active, name="user_set_active"),
    path("users/<int:pk>/password/", accounts.user_reset_password, name="user_reset_password"),
    path("roles/<int:pk>/revoke/", accounts.role_revoke, name="role_revoke"),
]
