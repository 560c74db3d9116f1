from django.urls import path

from spil.dossier import views

app_name = "persons"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("weergaven/", views.save_view, name="caseload_view_save"),
    path("weergaven/<int:view_id>/verwijderen/", views.delete_view, name="caseload_view_delete"),
    path("<uuid:public_id>/", views.summary, name="detail"),
    path("<uuid:public_id>/persoon/", views.person_section, name="person"),
    path("<uuid:public_id>/traject/", views.trajectory_section, name="trajectory"),
    path("<uuid:public_id>/programmas/", views.programmes_section, name="programmes"),
    path("<uuid:public_id>/werk/", views.work_section, name="work"),
    path("<uuid:public_id>/tijdlijn/", views.timeline, name="timeline"),
    path("<uuid:public_id>/documenten/", views.documents_section, name="documents"),
    path("<uuid:public_id>/contactmoment/", views.contact_moment, name="contact_moment"),
    path("<uuid:public_id>/afspraken/", views.appointment_plan, name="appointment_plan"),
    path(
        "<uuid:public_id>/afspraken/<int:appointment_id>/annuleren/",
        views.appointment_cancel,
        name="appointment_cancel",
    ),
    path("<uuid:public_id>/taken/<int:task_id>/afgerond/", views.task_done, name="task_done"),
    path("<uuid:public_id>/documenten/<int:document_id>/", views.document, name="document"),
    path("<uuid:public_id>/regisseur/", views.reassign, name="reassign"),
    path("<uuid:public_id>/overdracht/", views.hand_over, name="hand_over"),
    path("<uuid:public_id>/gegevens/", views.edit_details, name="edit_details"),
]
