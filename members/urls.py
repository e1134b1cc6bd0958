from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.member_list_view, name="member_list"),
    path("export.<fmt:fmt>", views.member_export, name="member_export"),
    path("new/", views.member_create, name="member_create"),
    path("<int:pk>/", views.member_detail, name="member_detail"),
    path("<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("<int:pk>/account/", views.member_open_account, name="member_open_account"),
    path("<int:pk>/transfer/", views.membership_transfer, name="membership_transfer"),
    path("committee/<int:committee_pk>/seat/", views.membership_start, name="membership_start"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
]
