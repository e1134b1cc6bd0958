from django.urls import path

from . import views

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
]
