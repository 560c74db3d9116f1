from django.urls import path

from spil.duo_inbound import api, views

app_name = "duo"
urlpatterns = [
    # DUO's Notificatie API (machine to machine, behind the Digikoppeling gateway).
    path("api/duo/v1/notificaties", api.notificaties, name="notificaties"),
    path("beheer/duo/", views.status, name="status"),
    path("beheer/duo/<int:pk>/opnieuw/", views.retry, name="retry"),
]
