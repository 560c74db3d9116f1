from django.urls import path

from spil.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.search, name="search"),
    path("inzageverzoek/", views.access_request, name="access_request"),
]
