from django.urls import path

from . import committee_views, views

app_name = "members"

urlpatterns = [
    path("members/", views.member_list_view, name="member_list"),
    path("members/export.<fmt:fmt>", views.member_export, name="member_export"),
    path("members/new/", views.member_create, name="member_create"),
    path("members/roster/", views.body_roster_start, name="body_roster_start"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/account/", views.member_open_account, name="member_open_account"),
    path("members/<int:pk>/transfer/", views.membership_transfer, name="membership_transfer"),
    path(
        "members/committee/<int:committee_pk>/seat/",
        views.membership_start,
        name="membership_start",
    ),
    path("members/memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    # A committee's own pages: who sits there
    path("committees/", committee_views.committee_list_view, name="committee_list"),
    path("committees/<int:pk>/", committee_views.committee_detail, name="committee_detail"),
    path(
        "committees/<int:pk>/roster.pdf",
        committee_views.committee_roster_pdf,
        name="committee_roster_pdf",
    ),
    path(
        "committees/sector-groups/<int:group_pk>/party-group/",
        committee_views.party_group_edit,
        name="party_group_edit",
    ),
]
