"""The PIP API. To be registered in spil/api_urls.py:
``router.register("pip-versions", PipVersionViewSet, basename="pip-version")``."""

from rest_framework.routers import SimpleRouter

from spil.plans.api.views import PipVersionViewSet

router = SimpleRouter()
router.register("pip-versions", PipVersionViewSet, basename="pip-version")
urlpatterns = router.urls
