from django.urls import path

from . import views

app_name = "public_opinion"

urlpatterns = [
    # Members and committee staff
    path("", views.my_list, name="my_list"),
    path("new/", views.report_create, name="report_create"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("<int:pk>/recall/", views.report_recall, name="report_recall"),
    path("<int:pk>/withdraw/", views.report_withdraw, name="report_withdraw"),
    path("<int:pk>/delete/", views.report_delete, name="report_delete"),
    path("coauthors/<int:pk>/answer/", views.coauthor_answer, name="coauthor_answer"),
    path("similar/", views.similar, name="similar"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("topics/", views.key_topics, name="key_topics"),
    # Information editors
    path("queue/", views.editor_queue, name="queue"),
    path("all/", views.report_list_view, name="report_list"),
    path("<int:pk>/decide/", views.report_decide, name="report_decide"),
    path("<int:pk>/revise/", views.report_revise, name="report_revise"),
    path("merge/", views.report_merge, name="report_merge"),
    path("<int:pk>/adoptions/", views.adoption_add, name="adoption_add"),
    path("<int:pk>/instructions/", views.instruction_add, name="instruction_add"),
    path("instructions/<int:pk>/result/", views.instruction_result, name="instruction_result"),
    path("<int:pk>/forward/", views.report_forward, name="report_forward"),
    path("forwarded/", views.forwarding_list, name="forwarding_list"),
    path("forwarded/<int:pk>/", views.forwarding_detail, name="forwarding_detail"),
    path("forwarded/<int:pk>/accept/", views.forwarding_accept, name="forwarding_accept"),
    path("forwarded/<int:pk>/decline/", views.forwarding_decline, name="forwarding_decline"),
    # 《社情民意》
    path("settings/", views.data_settings, name="data_settings"),
    path("issues/", views.issue_list, name="issue_list"),
    path("issues/new/", views.issue_create, name="issue_create"),
    path("issues/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/entries/", views.issue_entries, name="issue_entries"),
    path("issues/<int:pk>/publish/", views.issue_publish, name="issue_publish"),
    path("issues/<int:pk>/pdf/", views.issue_pdf, name="issue_pdf"),
    # Statistics
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
    path("statistics/adoptions.pdf", views.adoption_report_pdf, name="adoption_report_pdf"),
]
