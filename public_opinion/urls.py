from django.urls import path

from .views import detail, editors, forwarding, issues, statistics, writing

app_name = "public_opinion"

urlpatterns = [
    # Members and committee staff
    path("", writing.my_list, name="my_list"),
    path("new/", writing.report_create, name="report_create"),
    path("<int:pk>/", detail.report_detail, name="report_detail"),
    path("<int:pk>/edit/", writing.report_edit, name="report_edit"),
    path("<int:pk>/submit/", writing.report_submit, name="report_submit"),
    path("<int:pk>/recall/", writing.report_recall, name="report_recall"),
    path("<int:pk>/withdraw/", writing.report_withdraw, name="report_withdraw"),
    path("<int:pk>/delete/", writing.report_delete, name="report_delete"),
    path("coauthors/<int:pk>/answer/", writing.coauthor_answer, name="coauthor_answer"),
    path("similar/", writing.similar, name="similar"),
    path("<int:pk>/attachments/", writing.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", writing.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", writing.attachment_delete, name="attachment_delete"),
    path("topics/", editors.key_topics, name="key_topics"),
    # Information editors
    path("queue/", editors.editor_queue, name="queue"),
    path("all/", editors.report_list_view, name="report_list"),
    path("<int:pk>/decide/", editors.report_decide, name="report_decide"),
    path("<int:pk>/revise/", editors.report_revise, name="report_revise"),
    path("merge/", editors.report_merge, name="report_merge"),
    path("<int:pk>/adoptions/", editors.adoption_add, name="adoption_add"),
    path("<int:pk>/instructions/", editors.instruction_add, name="instruction_add"),
    path("instructions/<int:pk>/result/", editors.instruction_result, name="instruction_result"),
    path("<int:pk>/forward/", forwarding.report_forward, name="report_forward"),
    path("forwarded/", forwarding.forwarding_list, name="forwarding_list"),
    path("forwarded/<int:pk>/", forwarding.forwarding_detail, name="forwarding_detail"),
    path("forwarded/<int:pk>/accept/", forwarding.forwarding_accept, name="forwarding_accept"),
    path("forwarded/<int:pk>/decline/", forwarding.forwarding_decline, name="forwarding_decline"),
    # 《社情民意》
    path("settings/", editors.data_settings, name="data_settings"),
    path("issues/", issues.issue_list, name="issue_list"),
    path("issues/new/", issues.issue_create, name="issue_create"),
    path("issues/<int:pk>/", issues.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/entries/", issues.issue_entries, name="issue_entries"),
    path("issues/<int:pk>/publish/", issues.issue_publish, name="issue_publish"),
    path("issues/<int:pk>/pdf/", issues.issue_pdf, name="issue_pdf"),
    # Statistics
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics.xlsx", statistics.statistics_xlsx, name="statistics_xlsx"),
    path("statistics/adoptions.pdf", statistics.adoption_report_pdf, name="adoption_report_pdf"),
]
