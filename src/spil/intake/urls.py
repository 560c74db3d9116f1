from django.urls import path

from spil.intake import views

app_name = "intake"
urlpatterns = [
    path("beroepen/zoeken/", views.occupations, name="occupations"),
    path("<uuid:public_id>/intake/", views.overview, name="overview"),
    path("<uuid:public_id>/intake/starten/", views.start, name="start"),
    path("<uuid:public_id>/intake/gezondheid/", views.health, name="health"),
    path("<uuid:public_id>/intake/<slug:slug>/", views.step, name="step"),
]
