from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.board, name="board"),
    path("committees/<int:pk>/", views.board_committee, name="board_committee"),
    path("members/", views.board_members, name="board_members"),
    path("quotas/", views.quota_list, name="quota_list"),
    path("quotas/<str:code>/edit/", views.quota_edit, name="quota_edit"),
    path("evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/file/", views.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
