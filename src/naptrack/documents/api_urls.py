from rest_framework.routers import SimpleRouter

from naptrack.documents.api import DocumentViewSet

router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="api-documents")

urlpatterns = router.urls
