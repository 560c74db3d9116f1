"""The data of `spil bench load`, made in a child process on the bench's own database
(`python -m spil_dev.demo.load_bench_fixture '{"newcomer": 12, "klantmanager": 27, …}'`,
dev settings, DATABASE_URL set by the bench): migrations, the demo, colleagues of the demo's
klantmanagers and trainer (own accounts, same organisation and role), a partner client for
the demo taalschool and one-time portal sign-in links issued by each newcomer's
klantmanager; then ANALYZE, as on a database in use. Prints one JSON line with what
the virtual users need to sign in."""

from __future__ import annotations

import json
import sys


def main(counts: dict[str, int]) -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # Django is set up just above, in this child process: models import only after it.
    from spil.accounts.models import Membership, Organisation, User
    from spil.partner_api import services as partner_services
    from spil.partner_api.scopes import Scope
    from spil.persons.models import Person
    from spil.portal import services as portal_services
    from spil.programmes.models import Group as ProgrammeGroup
    from spil_dev.demo import scenario_portal
    from spil_dev.demo.data import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX
    from spil_dev.demo.load_bench import PARTNER_ORGANISATION, STAFF

    call_command("demo", "--no-serve", "--no-duo", verbosity=0, stdout=sys.stderr)
    newcomers = counts["newcomer"]
    staff: dict[str, list[str]] = {}
    for kind, demo_accounts in STAFF.items():
        staff[kind] = []
        for number in range(counts[kind]):
            original = User.objects.get(username=demo_accounts[number % len(demo_accounts)])
            colleague = User.objects.create_user(
                username=f"{original.username}.{number:02d}",
                password=DEMO_PASSWORD,
                first_name=original.first_name,
                last_name=f"{original.last_name} {number:02d}",
            )
            for membership in Membership.objects.filter(user=original):
                Membership.objects.create(
                    user=colleague, organisation=membership.organisation, role=membership.role
                )
            for group in ProgrammeGroup.objects.filter(trainers=original):
                group.trainers.add(colleague)  # a trainer's colleague teaches the same groups
            TOTPDevice.objects.create(
                user=colleague, name="demo", key=DEMO_TOTP_KEY_HEX, confirmed=True
            )
            staff[kind].append(colleague.username)
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
    # Statistics, as autovacuum keeps them on a database in use: without them PostgreSQL
    # plans the caseload's joins for empty tables (a 7 ms query instead of 0.5 ms).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "sign_in_links": links,
        "staff": staff,
        "partner": {"id": registration.client.client_id, "secret": registration.client_secret},
        "search_terms": [name[:4] for name in names[:12]] or ["a"],
    }


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
