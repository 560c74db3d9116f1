"""The data of `spil bench load`, made in a child process on the bench's own database
(`python -m spil_dev.demo.load_bench_fixture NEWCOMERS`, dev settings, DATABASE_URL set by
the bench): migrations, the demo, a partner client for the demo taalschool and one-time
portal sign-in links issued by each newcomer's klantmanager. Prints one JSON line with what
the virtual users need to sign in."""

from __future__ import annotations

import json
import sys


def main(newcomers: int) -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command

    from spil.accounts.models import Organisation
    from spil.partner_api import services as partner_services
    from spil.partner_api.scopes import Scope
    from spil.persons.models import Person
    from spil.portal import services as portal_services
    from spil_dev.demo import scenario_portal
    from spil_dev.demo.load_bench import PARTNER_ORGANISATION

    call_command("demo", "--no-serve", "--no-duo", verbosity=0, stdout=sys.stderr)
    chosen = [p for p in scenario_portal.portal_newcomers() if p.regisseur_id]
    others = (
        Person.objects.filter(regisseur__isnull=False)
        .exclude(pk__in=[p.pk for p in chosen])
        .order_by("pk")
    )
    chosen += list(others[: max(0, newcomers - len(chosen))])
    links = [
        portal_services.issue_sign_in_link(person, actor=person.regisseur)  # type: ignore[arg-type]
        for person in chosen[:newcomers]
    ]
    school = Organisation.objects.get(name=PARTNER_ORGANISATION)
    registration = partner_services.register_client(
        school, "Bench load leerlingvolgsysteem", [s.value for s in Scope], actor=None
    )
    names = sorted(set(Person.objects.values_list("family_name", flat=True)))
    return {
        "sign_in_links": links,
        "partner": {"id": registration.client.client_id, "secret": registration.client_secret},
        "search_terms": [name[:4] for name in names[:12]] or ["a"],
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
