from django.urls import path

from .views import handling, office, proposals, review

app_name = "proposals"

urlpatterns = [
    # Proposers
    path("", proposals.proposal_list_view, name="proposal_list"),
    path("export.<fmt:fmt>", proposals.proposal_export, name="proposal_export"),
    path("new/", proposals.proposal_create, name="proposal_create"),
    path("<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("<int:pk>/submit/", proposals.proposal_submit, name="proposal_submit"),
    path("<int:pk>/withdraw/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path("<int:pk>/recall/", proposals.proposal_recall, name="proposal_recall"),
    path("<int:pk>/sign/", proposals.proposal_sign, name="proposal_sign"),
    path("<int:pk>/attachments/", proposals.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", proposals.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", proposals.attachment_delete, name="attachment_delete"),
    path("<int:pk>/pdf/", proposals.proposal_pdf, name="proposal_pdf"),
    path("<int:pk>/evaluate/", proposals.proposal_evaluate, name="proposal_evaluate"),
    path(
        "communications/<int:pk>/answer/",
        proposals.communication_answer,
        name="communication_answer",
    ),
    # Reviewers
    path("review/", review.review_queue_view, name="review_queue"),
    path("<int:pk>/review/", review.proposal_review, name="proposal_review"),
    path("<int:pk>/recommend/", review.proposal_recommend, name="proposal_recommend"),
    path("<int:pk>/confirm/", review.proposal_confirm, name="proposal_confirm"),
    # The office and the proposals committee
    path("<int:pk>/assign/", handling.proposal_assign, name="proposal_assign"),
    path("<int:pk>/key/", office.proposal_key, name="proposal_key"),
    path("<int:pk>/excellent/", office.proposal_excellent, name="proposal_excellent"),
    path("<int:pk>/close/", office.proposal_close, name="proposal_close"),
    path("progress/", office.handling_progress_view, name="handling_progress"),
    path("statistics/", office.statistics_view, name="statistics"),
    path("statistics/export.<fmt:fmt>", office.statistics_export, name="statistics_export"),
    path("statistics/pdf/", office.statistics_pdf, name="statistics_pdf"),
    path("categories/", office.category_list, name="category_list"),
    path("categories/new/", office.category_create, name="category_create"),
    path("categories/<int:pk>/edit/", office.category_edit, name="category_edit"),
    # Handling units
    path("inbox/", handling.unit_inbox_view, name="unit_inbox"),
    path("assignments/<int:pk>/accept/", handling.assignment_accept, name="assignment_accept"),
    path("assignments/<int:pk>/return/", handling.assignment_return, name="assignment_return"),
    path("assignments/<int:pk>/extend/", handling.assignment_extend, name="assignment_extend"),
    path(
        "assignments/<int:pk>/communications/",
        handling.communication_record,
        name="communication_record",
    ),
    path("assignments/<int:pk>/opinion/", handling.assignment_opinion, name="assignment_opinion"),
    path("assignments/<int:pk>/reply/", handling.assignment_reply, name="assignment_reply"),
]
