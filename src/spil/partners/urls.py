from django.urls import path

from spil.partners import views

app_name = "partners"

urlpatterns = [
    path("personen/<uuid:public_id>/toegang/", views.person_access, name="person_access"),
    path("verwerkersovereenkomsten/", views.agreements, name="agreements"),
    path("verwerkersovereenkomsten/<int:pk>/", views.agreement_edit, name="agreement_edit"),
    path("deelnemers/", views.participants, name="participants"),
    path("deelnemers/<uuid:public_id>/", views.participant, name="participant"),
]
