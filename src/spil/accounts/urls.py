from django.urls import path

from spil.accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("inloggen/verificatie/", views.verify, name="verify"),
    path("inloggen/instellen/", views.setup, name="setup"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("beheer/organisaties/", views.organisations, name="organisations"),
    path("beheer/gemeentekeuzes/", views.municipal_choices, name="municipal_choices"),
    path(
        "beheer/gebruikers/<int:user_id>/inschrijfcode/",
        views.issue_enrolment_invitation,
        name="issue_enrolment_invitation",
    ),
]
