from rest_framework.routers import SimpleRouter

from naptrack.transfers.api import ImportViewSet

router = SimpleRouter()
router.register("imports", ImportViewSet, basename="api-imports")

urlpatterns = router.urls
