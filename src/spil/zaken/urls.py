from django.urls import path

from spil.zaken import views

app_name = "zaken"
urlpatterns = [
    # The Notificaties API's deliveries (machine to machine; bearer token of the subscription).
    path("api/zgw/notificaties", views.notificaties, name="notificaties"),
    path("beheer/zaaksysteem/", views.calls, name="calls"),
    path("beheer/zaaksysteem/<int:pk>/opnieuw/", views.retry, name="retry"),
]
