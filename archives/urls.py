from django.urls import path

from . import views

app_name = "archives"

urlpatterns = [
    # Everyone logged in: search and read the archive; members: their manuscripts
    path("", views.home, name="home"),
    path("mine/", views.my_manuscripts, name="my_manuscripts"),
    path("manuscripts/", views.manuscript_list, name="manuscript_list"),
    path("manuscripts/new/", views.manuscript_create, name="manuscript_create"),
    path("manuscripts/<int:pk>/", views.manuscript_detail, name="manuscript_detail"),
    path("manuscripts/<int:pk>/edit/", views.manuscript_edit, name="manuscript_edit"),
    path("manuscripts/<int:pk>/submit/", views.manuscript_submit, name="manuscript_submit"),
    path(
        "manuscripts/<int:pk>/move/<slug:target>/",
        views.manuscript_move,
        name="manuscript_move",
    ),
    path(
        "manuscripts/<int:pk>/versions/<int:number>/",
        views.version_detail,
        name="version_detail",
    ),
    path("manuscripts/<int:pk>/files/", views.file_upload, name="file_upload"),
    path("files/<int:pk>/", views.file_download, name="file_download"),
    path("files/<int:pk>/delete/", views.file_delete, name="file_delete"),
    # Editors
    path("queue/", views.review_queue, name="review_queue"),
    # Collection plans and calls
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/move/<slug:target>/", views.plan_move, name="plan_move"),
    # Volumes
    path("volumes/", views.volume_list, name="volume_list"),
    path("volumes/new/", views.volume_create, name="volume_create"),
    path("volumes/<int:pk>/", views.volume_detail, name="volume_detail"),
    path("volumes/<int:pk>/edit/", views.volume_edit, name="volume_edit"),
    path("volumes/<int:pk>/add/", views.volume_add, name="volume_add"),
    path("volumes/<int:pk>/reorder/", views.volume_reorder, name="volume_reorder"),
    path("volumes/<int:pk>/publish/", views.volume_publish, name="volume_publish"),
    path("volumes/<int:pk>/pdf/", views.volume_pdf, name="volume_pdf"),
    path("entries/<int:pk>/remove/", views.volume_remove, name="volume_remove"),
    # The digital archive
    path("items/", views.item_list, name="item_list"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/file/", views.item_file, name="item_file"),
    # Statistics
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_export, name="statistics_export"),
]
