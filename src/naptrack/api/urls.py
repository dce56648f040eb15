from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from naptrack.api import progress, reporting, views
from naptrack.api.errors import NotFoundView

router = SimpleRouter()
# Names start with api- so that they never clash with the web pages' (plan-detail …).
router.register("plans", views.PlanViewSet, basename="api-plans")
router.register("nodes", views.NodeViewSet, basename="api-nodes")
router.register("indicators", views.IndicatorViewSet, basename="api-indicators")
router.register("organizations", views.OrganizationViewSet, basename="api-organizations")
router.register("areas", views.AreaViewSet, basename="api-areas")
router.register("periods", views.PeriodViewSet, basename="api-periods")
router.register("rounds", reporting.RoundViewSet, basename="api-rounds")
router.register("reports", reporting.ReportViewSet, basename="api-reports")
router.register("evidence", reporting.EvidenceViewSet, basename="api-evidence")
# Progress below the plans' and indicators' addresses: /plans/{code}/progress/ (api-plan-progress),
# /plans/{code}/progress/periods/ and /indicators/{id}/progress/ (api-indicator-progress).
router.register("plans", progress.PlanProgressViewSet, basename="api-plan")
router.register("indicators", progress.IndicatorProgressViewSet, basename="api-indicator")

urlpatterns = [
    path("", views.ApiIndexView.as_view(), name="api-index"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
    # Bulk import of values (transfers.api) and documents made in the background (documents.api).
    path("", include("naptrack.transfers.api_urls")),
    path("", include("naptrack.documents.api_urls")),
    path("", include("naptrack.seal.api_urls")),
    # Any other address under /api/v1/ answers a JSON 404 rather than the HTML page. Only paths
    # ending in a slash, so that /api/v1/plans still redirects to /api/v1/plans/. ([\s\S]: a code in
    # the address may hold a newline, which . would not match.)
    re_path(r"^(?:[\s\S]*/)?$", NotFoundView.as_view(), name="api-not-found"),
]
