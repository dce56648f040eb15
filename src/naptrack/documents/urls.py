from django.urls import path

from naptrack.documents import views

urlpatterns = [
    path("plans/<slug:code>/documents/", views.plan_documents, name="document-plan"),
    path("documents/", views.document_list, name="document-list"),
    path("documents/<str:token>/", views.document_detail, name="document-detail"),
    path("documents/<str:token>/download/", views.document_download, name="document-download"),
]
