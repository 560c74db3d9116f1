from django.urls import path

from spil.programmes.views import (
    assignment,
    attendance,
    groups,
    holidays,
    person,
    templates,
    upload,
)

app_name = "programmes"
urlpatterns = [
    path("programmas/", templates.template_list, name="templates"),
    path("programmas/<slug:code>/", templates.template_detail, name="template"),
    path("programmas/<slug:code>/bewerken/", templates.template_edit, name="template_edit"),
    path("groepen/", groups.group_list, name="groups"),
    path("groepen/nieuw/", groups.group_new, name="group_new"),
    path("groepen/indeling/", assignment.assignment, name="assignment"),
    path("groepen/<slug:code>/", groups.group_detail, name="group"),
    path(
        "groepen/<slug:code>/bijeenkomsten/<int:number>/aanwezigheid/",
        attendance.attendance,
        name="attendance",
    ),
    path("deelname/<uuid:public_id>/", person.person, name="person"),
    path("deelname/<uuid:public_id>/inschrijven/", person.enrol, name="enrol"),
    path("deelname/<uuid:public_id>/uit-pip/", person.enrol_from_pip, name="enrol_from_pip"),
    path("deelname/<uuid:public_id>/wachtlijst/", person.wait, name="wait"),
    path("deelname/<uuid:public_id>/resultaat/", person.result, name="result"),
    path(
        "deelname/<uuid:public_id>/mijlpalen/<int:pk>/gedaan/",
        person.milestone_done,
        name="milestone_done",
    ),
    path("schoolvakanties/", holidays.school_holidays, name="school_holidays"),
    path("schoolvakanties/<int:pk>/", holidays.school_holiday_edit, name="school_holiday_edit"),
    path(
        "schoolvakanties/<int:pk>/verwijderen/",
        holidays.school_holiday_delete,
        name="school_holiday_delete",
    ),
    path("aanlevering/", upload.upload, name="upload"),
]
