from django.urls import path

from spil.plans import views

app_name = "plans"
urlpatterns = [
    path("<uuid:public_id>/pip/", views.overview, name="overview"),
    path("<uuid:public_id>/pip/concept/", views.new_draft, name="new_draft"),
    path("<uuid:public_id>/pip/versies/<int:version_id>/", views.version_detail, name="version"),
    path("<uuid:public_id>/pip/versies/<int:version_id>/bewerken/", views.edit, name="edit"),
    path(
        "<uuid:public_id>/pip/versies/<int:version_id>/onderdelen/",
        views.add_component,
        name="add_component",
    ),
    path(
        "<uuid:public_id>/pip/versies/<int:version_id>/onderdelen/<int:component_id>/verwijderen/",
        views.remove_component,
        name="remove_component",
    ),
    path(
        "<uuid:public_id>/pip/versies/<int:version_id>/vaststellen/",
        views.establish,
        name="establish",
    ),
    path("<uuid:public_id>/pip/versies/<int:version_id>/duo/", views.resend, name="resend"),
    path("<uuid:public_id>/pip/versies/<int:version_id>/pdf/", views.pdf, name="pdf"),
    path(
        "<uuid:public_id>/pip/versies/<int:version_id>/samenvatting/",
        views.summary,
        name="summary",
    ),
]
