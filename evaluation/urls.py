from django.urls import path

from .views import awards, committees, dossiers, meetings, quotas, reports, rules, runs, summaries

app_name = "evaluation"

urlpatterns = [
    path("", quotas.board, name="board"),
    path("committees/<int:pk>/", quotas.board_committee, name="board_committee"),
    path("members/", quotas.board_members, name="board_members"),
    path("quotas/", quotas.quota_list, name="quota_list"),
    path("quotas/<str:code>/edit/", quotas.quota_edit, name="quota_edit"),
    path("evidence/", quotas.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/file/", quotas.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/delete/", quotas.evidence_delete, name="evidence_delete"),
]

# Annual scoring, 履职档案 and the body's meetings (issue 15): evaluation/views/
urlpatterns += [
    path("scoring/", rules.scoring_home, name="scoring_home"),
    path("scoring/rules/new/", rules.ruleset_create, name="ruleset_create"),
    path("scoring/rules/<int:pk>/", rules.ruleset_detail, name="ruleset_detail"),
    path("scoring/rules/<int:pk>/edit/", rules.ruleset_edit, name="ruleset_edit"),
    path("scoring/rules/<int:pk>/copy/", rules.ruleset_copy, name="ruleset_copy"),
    path("scoring/rules/<int:pk>/publish/", rules.ruleset_publish, name="ruleset_publish"),
    path("scoring/rules/<int:pk>/unpublish/", rules.ruleset_unpublish, name="ruleset_unpublish"),
    path("scoring/rules/<int:pk>/delete/", rules.ruleset_delete, name="ruleset_delete"),
    path("scoring/rules/<int:pk>/add/", rules.rule_create, name="rule_create"),
    path("scoring/rule/<int:pk>/edit/", rules.rule_edit, name="rule_edit"),
    path("scoring/rule/<int:pk>/delete/", rules.rule_delete, name="rule_delete"),
    path("scoring/compute/", runs.run_compute_year, name="run_compute_year"),
    path("scoring/mine/", runs.my_score, name="my_score"),
    path("scoring/objections/<int:pk>/", runs.objection_resolve, name="objection_resolve"),
    path("scoring/<int:year>/", runs.run_detail, name="run_detail"),
    path("scoring/<int:year>/compute/", runs.run_compute, name="run_compute"),
    path("scoring/<int:year>/publish/", runs.run_publish, name="run_publish"),
    path("scoring/<int:year>/withdraw/", runs.run_withdraw, name="run_withdraw"),
    path("scoring/<int:year>/freeze/", runs.run_freeze, name="run_freeze"),
    path("scoring/<int:year>/report/", runs.run_report, name="run_report"),
    path("scoring/<int:year>/dossiers/", runs.run_dossiers, name="run_dossiers"),
    path("scoring/<int:year>/objections/", runs.objection_list, name="objection_list"),
    path("scoring/<int:year>/objection/", runs.objection_file, name="objection_file"),
    path("scoring/<int:year>/members/<int:pk>/", runs.member_score, name="member_score"),
    path("dossier/", dossiers.my_dossier, name="my_dossier"),
    path("dossier/<int:pk>/<int:year>/", dossiers.dossier, name="dossier"),
    path("dossier/<int:pk>/<int:year>/pdf/", dossiers.dossier_pdf, name="dossier_pdf"),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/speeches/", meetings.speech_add, name="speech_add"),
    path("speeches/<int:pk>/", meetings.speech_detail, name="speech_detail"),
]

urlpatterns += [
    path("reports/", reports.my_reports, name="my_reports"),
    path("reports/<int:year>/", reports.my_report, name="my_report"),
    path("reports/review/", reports.report_list, name="report_list"),
    path("reports/review/<int:pk>/", reports.report_review, name="report_review"),
]

# Committees' evaluation (§19), awards, annual summaries, whole-term 档案 (issue 15)
urlpatterns += [
    path("scoring/committees/compute/", committees.committee_run_compute,
         name="committee_run_compute"),
    path("scoring/committees/<int:year>/", committees.committee_ranking, name="committee_ranking"),
    path("scoring/committees/<int:year>/freeze/", committees.committee_run_freeze,
         name="committee_run_freeze"),
    path("scoring/committees/<int:year>/<int:pk>/", committees.committee_score,
         name="committee_score"),
    path("scoring/committees/quota/<int:pk>/", committees.committee_quota_result,
         name="committee_quota_result"),
    path("scoring/awards/", awards.award_list, name="award_list"),
    path("scoring/awards/<int:pk>/revoke/", awards.award_revoke, name="award_revoke"),
    path("summaries/", summaries.summary_list, name="summary_list"),
    path("summaries/<int:pk>/<int:year>/", summaries.summary, name="summary"),
    path("summaries/<int:pk>/<int:year>/pdf/", summaries.summary_pdf, name="summary_pdf"),
    path("summaries/review/<int:pk>/", summaries.summary_review, name="summary_review"),
    path("dossier/<int:pk>/term/<int:term_pk>/", dossiers.term_dossier, name="term_dossier"),
    path("dossier/<int:pk>/term/<int:term_pk>/pdf/", dossiers.term_dossier_pdf,
         name="term_dossier_pdf"),
]  # fmt: skip
