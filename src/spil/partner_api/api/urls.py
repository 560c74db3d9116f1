"""The partner API's routes (included under /api/v1/ by spil.api_urls)."""

from django.urls import path

from spil.partner_api.api import views

urlpatterns = [
    # OAuth 2 token endpoint: client credentials only (spil.partner_api.validators).
    path("oauth/token/", views.TokenView.as_view(), name="partner-token"),
    path(
        "partner/participants/",
        views.ParticipantListView.as_view(),
        name="partner-participant-list",
    ),
    path(
        "partner/participants/<uuid:public_id>/",
        views.ParticipantDetailView.as_view(),
        name="partner-participant-detail",
    ),
    path("partner/week-plan/", views.WeekPlanView.as_view(), name="partner-week-plan"),
    path("partner/attendance/", views.AttendanceView.as_view(), name="partner-attendance"),
    path("partner/hours/", views.HoursView.as_view(), name="partner-hours"),
    path("partner/results/", views.ResultView.as_view(), name="partner-results"),
]
