from django.urls import path

from spil.peercoaches import views

app_name = "peercoaches"
urlpatterns = [
    path("", views.coaches, name="coaches"),
    path("nieuw/", views.coach_new, name="coach_new"),
    path("<int:pk>/", views.coach_edit, name="coach_edit"),
    path("urenstaat/", views.statement, name="statement"),
    path("urenstaat/<str:kind>/", views.statement_export, name="statement_export"),
    path("personen/<uuid:public_id>/", views.person, name="person"),
    path(
        "personen/<uuid:public_id>/toestemming-intrekken/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("koppelingen/<uuid:public_id>/beeindigen/", views.end_assignment, name="end_assignment"),
    path("mijn-mensen/", views.my_people, name="my_people"),
    path("mijn-mensen/<uuid:public_id>/", views.my_person, name="my_person"),
    path("mijn-uren/", views.my_hours, name="my_hours"),
]
