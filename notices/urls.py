from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    # Members
    path("", views.notice_list, name="notice_list"),
    path("<int:pk>/", views.notice_detail, name="notice_detail"),
    path("<int:pk>/reply/", views.notice_reply, name="notice_reply"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    # The office and committee staff
    path("manage/", views.notice_manage, name="notice_manage"),
    path("new/", views.notice_create, name="notice_create"),
    path("<int:pk>/edit/", views.notice_edit, name="notice_edit"),
    path("<int:pk>/publish/", views.notice_publish, name="notice_publish"),
    path("<int:pk>/close/", views.notice_close, name="notice_close"),
    path("<int:pk>/withdraw/", views.notice_withdraw, name="notice_withdraw"),
    path("<int:pk>/delete/", views.notice_delete, name="notice_delete"),
    path("<int:pk>/remind/", views.notice_remind, name="notice_remind"),
    path("<int:pk>/receipts/", views.notice_receipts, name="notice_receipts"),
    path("<int:pk>/receipts.<fmt:fmt>", views.notice_export, name="notice_export"),
    path("receipts/<int:pk>/record/", views.receipt_record, name="receipt_record"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
