from django.urls import path

from spil.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.report, name="report"),
    path("<slug:kind>/export/", views.export, name="export"),
    path("<slug:kind>/personen/", views.drill_down, name="drill_down"),
    path("<slug:kind>/maandelijks/", views.subscribe, name="subscribe"),
    path("maandelijks/<int:pk>/stoppen/", views.unsubscribe, name="unsubscribe"),
]
