from django.urls import path

from naptrack.transfers import views_template

urlpatterns: list = [
    path(
        "reports/<int:pk>/workbook.xlsx",
        views_template.workbook_download,
        name="report-workbook-download",
    ),
    path(
        "reports/<int:pk>/workbook/upload/",
        views_template.workbook_upload,
        name="report-workbook-upload",
    ),
    path(
        "reports/<int:pk>/workbook/<slug:token>/",
        views_template.workbook_preview,
        name="report-workbook-preview",
    ),
    path(
        "reports/<int:pk>/workbook/<slug:token>/confirm/",
        views_template.workbook_confirm,
        name="report-workbook-confirm",
    ),
    path(
        "reports/<int:pk>/workbook/<slug:token>/discard/",
        views_template.workbook_discard,
        name="report-workbook-discard",
    ),
]
