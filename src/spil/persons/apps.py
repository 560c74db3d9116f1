from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonsConfig(AppConfig):
    name = "spil.persons"
    label = "persons"
    verbose_name = _("Persons")

    def ready(self) -> None:
        # The processing log is scoped to the persons of the reader's municipalities.
        from spil.audit.queries import register_person_lookup, register_person_scope
        from spil.persons.models import Person

        register_person_scope(
            lambda municipality_ids: Person.objects.filter(
                municipality_id__in=municipality_ids
            ).values("log_ref")
        )
        # An access request (inzageverzoek) names the person by BSN.
        register_person_lookup(
            lambda bsn: Person.objects.filter(bsn=bsn).values_list("log_ref", flat=True).first()
        )
