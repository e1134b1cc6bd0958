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

# Annual scoring, 履职档案 and the body's meetings (issue 15): evaluation/scoring_views.py
from . import scoring_views as sv  # noqa: E402

urlpatterns += [
    path("scoring/", sv.scoring_home, name="scoring_home"),
    path("scoring/rules/new/", sv.ruleset_create, name="ruleset_create"),
    path("scoring/rules/<int:pk>/", sv.ruleset_detail, name="ruleset_detail"),
    path("scoring/rules/<int:pk>/edit/", sv.ruleset_edit, name="ruleset_edit"),
    path("scoring/rules/<int:pk>/copy/", sv.ruleset_copy, name="ruleset_copy"),
    path("scoring/rules/<int:pk>/publish/", sv.ruleset_publish, name="ruleset_publish"),
    path("scoring/rules/<int:pk>/unpublish/", sv.ruleset_unpublish, name="ruleset_unpublish"),
    path("scoring/rules/<int:pk>/delete/", sv.ruleset_delete, name="ruleset_delete"),
    path("scoring/rules/<int:pk>/add/", sv.rule_create, name="rule_create"),
    path("scoring/rule/<int:pk>/edit/", sv.rule_edit, name="rule_edit"),
    path("scoring/rule/<int:pk>/delete/", sv.rule_delete, name="rule_delete"),
    path("scoring/compute/", sv.run_compute_year, name="run_compute_year"),
    path("scoring/mine/", sv.my_score, name="my_score"),
    path("scoring/objections/<int:pk>/", sv.objection_resolve, name="objection_resolve"),
    path("scoring/<int:year>/", sv.run_detail, name="run_detail"),
    path("scoring/<int:year>/compute/", sv.run_compute, name="run_compute"),
    path("scoring/<int:year>/publish/", sv.run_publish, name="run_publish"),
    path("scoring/<int:year>/withdraw/", sv.run_withdraw, name="run_withdraw"),
    path("scoring/<int:year>/freeze/", sv.run_freeze, name="run_freeze"),
    path("scoring/<int:year>/report/", sv.run_report, name="run_report"),
    path("scoring/<int:year>/dossiers/", sv.run_dossiers, name="run_dossiers"),
    path("scoring/<int:year>/objections/", sv.objection_list, name="objection_list"),
    path("scoring/<int:year>/objection/", sv.objection_file, name="objection_file"),
    path("scoring/<int:year>/members/<int:pk>/", sv.member_score, name="member_score"),
    path("dossier/", sv.my_dossier, name="my_dossier"),
    path("dossier/<int:pk>/<int:year>/", sv.dossier, name="dossier"),
    path("dossier/<int:pk>/<int:year>/pdf/", sv.dossier_pdf, name="dossier_pdf"),
    path("meetings/", sv.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", sv.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/speeches/", sv.speech_add, name="speech_add"),
    path("speeches/<int:pk>/", sv.speech_detail, name="speech_detail"),
]

urlpatterns += [
    path("reports/", sv.my_reports, name="my_reports"),
    path("reports/<int:year>/", sv.my_report, name="my_report"),
    path("reports/review/", sv.report_list, name="report_list"),
    path("reports/review/<int:pk>/", sv.report_review, name="report_review"),
]
