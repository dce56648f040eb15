from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from naptrack.core import preferences
from naptrack.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", include("naptrack.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("preferences/digits", preferences.set_digits, name="set-digits"),
]
urlpatterns += i18n_patterns(
    path("", include("naptrack.core.urls")),
    path("", include("naptrack.frameworks.urls")),
    path("", include("naptrack.reporting.urls")),
    path("", include("naptrack.notifications.urls")),
    path("", include("naptrack.analytics.urls")),
    path("", include("naptrack.documents.urls")),
    path("", include("naptrack.transfers.urls")),
    path("", include("naptrack.seal.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
