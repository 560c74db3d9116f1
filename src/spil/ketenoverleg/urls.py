from django.urls import path

from spil.ketenoverleg import views

app_name = "ketenoverleg"
urlpatterns = [
    path("", views.index, name="index"),
    path("reeks/nieuw/", views.series_new, name="series_new"),
    path("reeks/<uuid:public_id>/deelnemers/", views.series_participants, name="participants"),
    path("<uuid:public_id>/", views.meeting, name="meeting"),
    path("<uuid:public_id>/voorbereiden/", views.prepare, name="prepare"),
    path("<uuid:public_id>/casussen/", views.add_case, name="add_case"),
    path(
        "<uuid:public_id>/casussen/<int:case_id>/verwijderen/",
        views.remove_case,
        name="remove_case",
    ),
    path("<uuid:public_id>/casussen/<int:case_id>/notitie/", views.add_note, name="add_note"),
    path("<uuid:public_id>/casussen/<int:case_id>/actie/", views.add_action, name="add_action"),
    path("<uuid:public_id>/afsluiten/", views.close, name="close"),
    path("<uuid:public_id>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<uuid:public_id>/verslag.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("acties/<int:action_id>/afgerond/", views.action_done, name="action_done"),
]
