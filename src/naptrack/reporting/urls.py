from django.urls import path

from naptrack.reporting import views, views_evidence, views_rounds

urlpatterns = [
    path("reports/", views.report_list, name="report-list"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/lines/<int:line_pk>/", views.line_save, name="report-line-save"),
    path("reports/<int:pk>/narrative/", views.narrative_save, name="report-narrative-save"),
    path("reports/<int:pk>/do/<slug:action>/", views.report_action, name="report-action"),
    path("reports/<int:pk>/evidence/", views_evidence.evidence_upload, name="evidence-upload"),
    path("evidence/<int:pk>/download/", views_evidence.evidence_download, name="evidence-download"),
    path("evidence/<int:pk>/remove/", views_evidence.evidence_remove, name="evidence-remove"),
    path("plans/<slug:code>/rounds/new/", views_rounds.round_create, name="round-create"),
    path("rounds/", views_rounds.round_list, name="round-list"),
    path("rounds/<int:pk>/", views_rounds.round_overview, name="round-overview"),
    path("rounds/<int:pk>/close/", views_rounds.round_close, name="round-close"),
]
