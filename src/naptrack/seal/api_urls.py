"""The Seal API under /api/v1/seal/ (mounted by naptrack.api.urls)."""

from rest_framework.routers import SimpleRouter

from naptrack.seal import api

router = SimpleRouter()
# Names start with api-seal- so that they never clash with the Seal's pages (seal-…).
router.register("seal/programmes", api.ProgrammeViewSet, basename="api-seal-programmes")
router.register("seal/enrolments", api.EnrolmentViewSet, basename="api-seal-enrolments")
router.register("seal/items", api.ItemViewSet, basename="api-seal-items")
router.register("seal/evidence", api.SealEvidenceViewSet, basename="api-seal-evidence")
router.register(
    "seal/evidence-requests", api.EvidenceRequestViewSet, basename="api-seal-evidence-requests"
)
router.register("seal/scores", api.ScoreViewSet, basename="api-seal-scores")
router.register("seal/actions", api.ActionViewSet, basename="api-seal-actions")

urlpatterns = router.urls
