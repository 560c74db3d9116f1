from django.urls import path

from spil.placements import views

app_name = "placements"
urlpatterns = [
    path("aanbod/", views.offers, name="offers"),
    path("aanbod/nieuw/", views.offer_new, name="offer_new"),
    path("aanbod/<uuid:public_id>/", views.offer_detail, name="offer_detail"),
    path("aanbod/<uuid:public_id>/wijzigen/", views.offer_edit, name="offer_edit"),
    path("aanbod/<uuid:public_id>/status/", views.offer_status, name="offer_status"),
    path("aanbod/<uuid:public_id>/kandidaten/", views.offer_candidates, name="offer_candidates"),
    path("werkgevers/", views.employers, name="employers"),
    path("werkgevers/<int:pk>/", views.employer_detail, name="employer_detail"),
    path("voorstel/", views.assignment, name="assignment"),
    path("plaatsingen/", views.placements, name="placements"),
    path("plaatsingen/<uuid:public_id>/", views.placement_detail, name="placement_detail"),
    path("plaatsingen/<uuid:public_id>/team/", views.placement_team, name="placement_team"),
    path("plaatsingen/<uuid:public_id>/checkin/", views.check_in, name="check_in"),
    path(
        "plaatsingen/<uuid:public_id>/<slug:action>/",
        views.placement_action,
        name="placement_action",
    ),
    path("begeleiding/", views.support_placements, name="support_placements"),
    path("begeleiding/<uuid:public_id>/", views.support_placement, name="support_placement"),
    path("personen/<uuid:public_id>/matches/", views.person_matches, name="person_matches"),
    path("personen/<uuid:public_id>/voorstellen/", views.propose, name="propose"),
    path("personen/<uuid:public_id>/resultaten/", views.outcomes, name="outcomes"),
    path("personen/<uuid:public_id>/toestemming/", views.consents, name="consents"),
]
