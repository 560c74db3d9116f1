from django.urls import path

from spil.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.report, name="report"),
    path("<slug:kind>/export/", views.export, name="export"),
    path("<slug:kind>/personen/", views.drill_down, name="drill_down"),
]
