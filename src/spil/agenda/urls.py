from django.urls import path

from spil.agenda import views

app_name = "agenda"
urlpatterns = [
    path("deelname/<uuid:public_id>/agenda/", views.person_feed, name="person_feed"),
    path("agenda/", views.my_agenda, name="my_agenda"),
    path("agenda/<str:token>.ics", views.ical, name="ical"),
]
