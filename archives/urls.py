from django.urls import path

from .views import archive, manuscripts, plans, volumes

app_name = "archives"

urlpatterns = [
    # Everyone logged in: search and read the archive; members: their manuscripts
    path("", manuscripts.home, name="home"),
    path("mine/", manuscripts.my_manuscripts, name="my_manuscripts"),
    path("manuscripts/", manuscripts.manuscript_list, name="manuscript_list"),
    path("manuscripts/new/", manuscripts.manuscript_create, name="manuscript_create"),
    path("manuscripts/<int:pk>/", manuscripts.manuscript_detail, name="manuscript_detail"),
    path("manuscripts/<int:pk>/edit/", manuscripts.manuscript_edit, name="manuscript_edit"),
    path("manuscripts/<int:pk>/submit/", manuscripts.manuscript_submit, name="manuscript_submit"),
    path(
        "manuscripts/<int:pk>/move/<slug:target>/",
        manuscripts.manuscript_move,
        name="manuscript_move",
    ),
    path(
        "manuscripts/<int:pk>/versions/<int:number>/",
        manuscripts.version_detail,
        name="version_detail",
    ),
    path("manuscripts/<int:pk>/files/", manuscripts.file_upload, name="file_upload"),
    path("files/<int:pk>/", manuscripts.file_download, name="file_download"),
    path("files/<int:pk>/delete/", manuscripts.file_delete, name="file_delete"),
    # Editors
    path("queue/", manuscripts.review_queue, name="review_queue"),
    # Collection plans and calls
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/move/<slug:target>/", plans.plan_move, name="plan_move"),
    # Volumes
    path("volumes/", volumes.volume_list, name="volume_list"),
    path("volumes/new/", volumes.volume_create, name="volume_create"),
    path("volumes/<int:pk>/", volumes.volume_detail, name="volume_detail"),
    path("volumes/<int:pk>/edit/", volumes.volume_edit, name="volume_edit"),
    path("volumes/<int:pk>/add/", volumes.volume_add, name="volume_add"),
    path("volumes/<int:pk>/reorder/", volumes.volume_reorder, name="volume_reorder"),
    path("volumes/<int:pk>/publish/", volumes.volume_publish, name="volume_publish"),
    path("volumes/<int:pk>/pdf/", volumes.volume_pdf, name="volume_pdf"),
    path("volumes/<int:pk>/pdf/start/", volumes.volume_pdf_start, name="volume_pdf_start"),
    path("entries/<int:pk>/remove/", volumes.volume_remove, name="volume_remove"),
    # The digital archive
    path("items/", archive.item_list, name="item_list"),
    path("items/new/", archive.item_create, name="item_create"),
    path("items/<int:pk>/", archive.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", archive.item_edit, name="item_edit"),
    path("items/<int:pk>/file/", archive.item_file, name="item_file"),
    # Statistics
    path("statistics/", archive.statistics, name="statistics"),
    path("statistics.xlsx", archive.statistics_export, name="statistics_export"),
]
