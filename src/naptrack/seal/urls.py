from django.urls import path

from naptrack.seal import views, views_assessment, views_items, views_plan

urlpatterns = [
    path("seal/", views.enrolment_list, name="seal-list"),
    path("seal/<int:pk>/", views.enrolment_detail, name="seal-detail"),
    # The addresses the services put in notifications (by the enrolment's and the item's pk).
    path("seal/<int:pk>/", views.enrolment_detail, name="seal-enrolment-detail"),
    path("seal/items/<int:pk>/", views_items.item_redirect, name="seal-item-detail"),
    path("seal/<int:pk>/engagement/", views.engagement_save, name="seal-engagement"),
    path(
        "seal/<int:pk>/commitment-letter/",
        views.commitment_letter_upload,
        name="seal-commitment-letter",
    ),
    path("seal/<int:pk>/stage/", views.stage_advance, name="seal-stage"),
    path("seal/<int:pk>/submit/", views.self_assessment_submit, name="seal-submit"),
    path("seal/<int:pk>/assessment/start/", views.assessment_start, name="seal-assessment-start"),
    path("seal/<int:pk>/assign/", views_items.items_assign, name="seal-assign"),
    path("seal/<int:pk>/benchmarks/", views_items.item_list, name="seal-items"),
    path("seal/<int:pk>/benchmarks/<str:code>/", views_items.item_detail, name="seal-item"),
    path(
        "seal/<int:pk>/benchmarks/<str:code>/answer/",
        views_items.item_answer,
        name="seal-item-answer",
    ),
    path(
        "seal/<int:pk>/benchmarks/<str:code>/review/",
        views_items.item_review,
        name="seal-item-review",
    ),
    path(
        "seal/<int:pk>/benchmarks/<str:code>/evidence/",
        views_items.evidence_upload,
        name="seal-evidence-upload",
    ),
    path("seal/<int:pk>/benchmarks/<str:code>/score/", views_items.score_save, name="seal-score"),
    path(
        "seal/<int:pk>/benchmarks/<str:code>/requests/",
        views_items.request_create,
        name="seal-request-create",
    ),
    path("seal/requests/<int:pk>/answer/", views_items.request_answer, name="seal-request-answer"),
    path("seal/requests/<int:pk>/close/", views_items.request_close, name="seal-request-close"),
    path(
        "seal/evidence/<int:pk>/download/",
        views_items.evidence_download,
        name="seal-evidence-download",
    ),
    path(
        "seal/evidence/<int:pk>/remove/", views_items.evidence_remove, name="seal-evidence-remove"
    ),
    path("seal/<int:pk>/assessment/", views_assessment.assessment_sheet, name="seal-assessment"),
    path(
        "seal/<int:pk>/assessment/conclude/",
        views_assessment.assessment_conclude,
        name="seal-conclude",
    ),
    path("seal/<int:pk>/gaps/", views_plan.gap_analysis, name="seal-gaps"),
    path("seal/<int:pk>/actions/", views_plan.action_plan, name="seal-actions"),
    path("seal/<int:pk>/actions/new/", views_plan.action_save, name="seal-action-add"),
    path("seal/<int:pk>/actions/<int:action_pk>/", views_plan.action_save, name="seal-action-save"),
    path(
        "seal/<int:pk>/actions/<int:action_pk>/progress/",
        views_plan.action_report,
        name="seal-action-report",
    ),
    path("seal/<int:pk>/certificate.pdf", views_plan.certificate_pdf, name="seal-certificate"),
]
