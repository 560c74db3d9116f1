from django.urls import path

from spil_dev.digid_mock import views

app_name = "digid_mock"
urlpatterns = [path("", views.login, name="login")]
