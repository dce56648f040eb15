from django.urls import include, path

urlpatterns = [
    path("", include("naptrack.transfers.urls_bulk")),
    path("", include("naptrack.transfers.urls_template")),
]
