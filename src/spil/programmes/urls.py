from django.urls import path

from spil.programmes import views

app_name = "programmes"
urlpatterns = [
    path("programmas/", views.template_list, name="templates"),
    path("programmas/<slug:code>/", views.template_detail, name="template"),
    path("programmas/<slug:code>/bewerken/", views.template_edit, name="template_edit"),
    path("groepen/", views.group_list, name="groups"),
    path("groepen/nieuw/", views.group_new, name="group_new"),
    path("groepen/indeling/", views.assignment, name="assignment"),
    path("groepen/<slug:code>/", views.group_detail, name="group"),
    path(
        "groepen/<slug:code>/bijeenkomsten/<int:number>/aanwezigheid/",
        views.attendance,
        name="attendance",
    ),
    path("deelname/<uuid:public_id>/", views.person, name="person"),
    path("deelname/<uuid:public_id>/inschrijven/", views.enrol, name="enrol"),
    path("deelname/<uuid:public_id>/uit-pip/", views.enrol_from_pip, name="enrol_from_pip"),
    path("deelname/<uuid:public_id>/wachtlijst/", views.wait, name="wait"),
    path("deelname/<uuid:public_id>/resultaat/", views.result, name="result"),
    path("schoolvakanties/", views.school_holidays, name="school_holidays"),
    path("schoolvakanties/<int:pk>/", views.school_holiday_edit, name="school_holiday_edit"),
    path(
        "schoolvakanties/<int:pk>/verwijderen/",
        views.school_holiday_delete,
        name="school_holiday_delete",
    ),
    path("aanlevering/", views.upload, name="upload"),
]
