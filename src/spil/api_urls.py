from django.urls import include, path
from rest_framework.routers import DefaultRouter

from spil.dossier.api.persons import PersonViewSet
from spil.dossier.api.views import AppointmentViewSet, TaskViewSet
from spil.intake.api.views import IntakeViewSet
from spil.ketenoverleg.api.views import ChainActionViewSet, MeetingViewSet
from spil.placements.api.views import OutcomeViewSet, PlacementOfferViewSet, PlacementViewSet
from spil.plans.api.views import PipVersionViewSet
from spil.programmes.api.views import (
    DuoResultViewSet,
    EnrolmentViewSet,
    GroupViewSet,
    LanguageResultViewSet,
    ProgrammeTemplateViewSet,
)
from spil.reports.api.views import ReportViewSet
from spil.trajectories.api.views import TrajectoryViewSet

router = DefaultRouter()
router.register("persons", PersonViewSet, basename="person")
router.register("trajectories", TrajectoryViewSet, basename="trajectory")
router.register("tasks", TaskViewSet, basename="task")
router.register("appointments", AppointmentViewSet, basename="appointment")
router.register("placement-offers", PlacementOfferViewSet, basename="placement-offer")
router.register("placements", PlacementViewSet, basename="placement")
router.register("programme-templates", ProgrammeTemplateViewSet, basename="programme-template")
router.register("programme-groups", GroupViewSet, basename="programme-group")
router.register("pip-versions", PipVersionViewSet, basename="pip-version")
router.register("intakes", IntakeViewSet, basename="intake")
router.register("outcomes", OutcomeViewSet, basename="outcome")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
router.register("language-results", LanguageResultViewSet, basename="language-result")
router.register("duo-results", DuoResultViewSet, basename="duo-result")
router.register("reports", ReportViewSet, basename="report")
router.register("chain-meetings", MeetingViewSet, basename="chain-meeting")
router.register("chain-actions", ChainActionViewSet, basename="chain-action")

# Partner systems: the OAuth token endpoint and /partner/ (docs/partner-api.md).
urlpatterns = [*router.urls, path("", include("spil.partner_api.api.urls"))]
