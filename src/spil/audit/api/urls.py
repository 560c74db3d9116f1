"""The VNG Verwerkingenlogging API (its read operations), at /api/verwerkingenlogging/v1/."""

from django.urls import path

from spil.audit.api.verwerkingenlogging import VerwerkingsactiesView, VerwerkingsactieView

app_name = "verwerkingenlogging"
urlpatterns = [
    path("verwerkingsacties", VerwerkingsactiesView.as_view(), name="verwerkingsacties"),
    path(
        "verwerkingsacties/<str:actie_id>",
        VerwerkingsactieView.as_view(),
        name="verwerkingsactie",
    ),
]
