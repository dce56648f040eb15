from django.urls import path

from naptrack.transfers import views_bulk

urlpatterns: list = [
    path("imports/", views_bulk.bulk_upload, name="bulk-import"),
    path("imports/example.csv", views_bulk.bulk_example, name="bulk-import-example"),
    path("imports/<slug:token>/", views_bulk.bulk_detail, name="bulk-import-detail"),
    path("imports/<slug:token>/apply/", views_bulk.bulk_apply, name="bulk-import-apply"),
    path("imports/<slug:token>/discard/", views_bulk.bulk_discard, name="bulk-import-discard"),
]
