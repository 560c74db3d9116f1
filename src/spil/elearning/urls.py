from django.urls import path

from spil.elearning import views

app_name = "elearning"
urlpatterns = [
    path("", views.index, name="index"),
    path("afronding/<int:pk>/", views.review, name="review"),
    path("vragen/<int:pk>/", views.question, name="question"),
    path("keuze/", views.schedules, name="schedules"),
    path("keuze/<str:kind>/<int:pk>/", views.schedule_edit, name="schedule_edit"),
    path("modules/", views.modules, name="modules"),
    path("modules/import/", views.module_import, name="module_import"),
    path("modules/<slug:code>/", views.module_edit, name="module_edit"),
    path("modules/<slug:code>/export.json", views.module_export, name="module_export"),
]
