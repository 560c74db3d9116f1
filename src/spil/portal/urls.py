from django.urls import path

from spil.portal import views

app_name = "portal"
urlpatterns = [
    path("mijn/inloggen/", views.sign_in, name="sign_in"),
    path("mijn/inloggen/digid/", views.digid_start, name="digid_start"),
    path("mijn/inloggen/digid/terug/", views.digid_return, name="digid_return"),
    path("mijn/inloggen/link/<str:token>/", views.link_sign_in, name="link"),
    path("mijn/uitloggen/", views.sign_out, name="sign_out"),
    path("mijn/taal/", views.language, name="language"),
    path("mijn/", views.home, name="home"),
    path("mijn/plan/", views.plan, name="plan"),
    path("mijn/agenda/", views.agenda, name="agenda"),
    path("mijn/agenda/koppeling/", views.agenda_link, name="agenda_link"),
    path("mijn/agenda/<int:session_id>/afmelden/", views.absence, name="absence"),
    path("mijn/voortgang/", views.progress, name="progress"),
    path("mijn/mensen/", views.people, name="people"),
    path("mijn/e-learning/", views.elearning, name="elearning"),
    path("mijn/e-learning/<slug:code>/<int:number>/", views.elearning_page, name="elearning_page"),
    path(
        "mijn/e-learning/<slug:code>/<int:number>/vraag/",
        views.elearning_ask,
        name="elearning_ask",
    ),
    path("mijn/gegevens/", views.data, name="data"),
    path("mijn/gegevens/delen/<int:basis_id>/", views.consent, name="consent"),
    path("mijn/gegevens/mijn-gegevens.json", views.data_json, name="data_json"),
    path("mijn/gegevens/mijn-gegevens.pdf", views.data_pdf, name="data_pdf"),
    path("personen/<uuid:public_id>/portaal-link/", views.staff_link, name="staff_link"),
]
