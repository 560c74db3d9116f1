from django.urls import path

from spil.partner_api import views

app_name = "partner_api"
urlpatterns = [
    path("", views.clients, name="clients"),
    path("nieuw/", views.register, name="register"),
    path("<int:pk>/intrekken/", views.revoke, name="revoke"),
]
