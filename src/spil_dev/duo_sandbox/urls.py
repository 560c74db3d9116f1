from django.urls import path

from spil_dev.duo_sandbox import views

app_name = "duo_sandbox"
urlpatterns = [
    path("beheer/duo/sandbox/", views.send_event, name="send_event"),
]
