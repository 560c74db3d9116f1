from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spil.persons.models import Person
from spil.placements.services import check_momentum
from spil.plans.services import refresh_all_signals
from spil.zaken import services as zaken
from spil_dev.brp_sandbox import KindSeed, PartnerSeed, build_server
from spil_dev.demo import scenario_portal
from spil_dev.demo.data import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET_BASE32,
    USERS,
    demo_bsns,
    load_demo_data,
    municipality_count,
)
from spil_dev.demo.scenarios import load_scenarios
from spil_dev.duo_sandbox import demo_seed, sandbox_tools
from spil_dev.zgw_sandbox import server as zgw_sandbox

PERSONS_PER_MUNICIPALITY = 20


class Command(BaseCommand):
    help = (
        "Migrate, load the demo data (idempotent), start the DUO sandbox and fill the "
        "caseloads through the real DUO exchange, print the demo logins and serve Spil."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Load data, do not serve.")
        parser.add_argument("--no-duo", action="store_true", help="Do not start the DUO sandbox.")
        parser.add_argument(
            "--no-zgw", action="store_true", help="Do not start the ZGW sandbox (zaaksysteem)."
        )
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))

    def handle(self, *args: Any, **options: Any) -> None:
        self._check_port(options)
        call_command("migrate", interactive=False, verbosity=0)
        zgw = settings.SPIL_ZGW_ENABLED and not options["no_zgw"] and self._zgw_sandbox()
        result = load_demo_data(persons_per_municipality=PERSONS_PER_MUNICIPALITY)
        self.stdout.write(
            f"Demo data ready: {result['users']} demo users, "
            f"{result['persons_created']} newcomers added this run."
        )
        if settings.SPIL_DUO_SANDBOX and not options["no_duo"]:
            self._duo(options["host"], options["port"])
        self._scenarios()
        if zgw:
            self._zaken(options["host"], options["port"])
        self.stdout.write("")
        self.stdout.write("Demo logins (password for all: " + DEMO_PASSWORD + ")")
        for user in USERS:
            self.stdout.write(f"  {user.username:<22} {user.role.label!s:<45} {user.organisation}")
        self.stdout.write("")
        self.stdout.write(
            "Two-step verification: add this key to an authenticator app (TOTP, 6 digits, 30 s): "
            + DEMO_TOTP_SECRET_BASE32
        )
        self.stdout.write("  or print the current code with: .venv/bin/spil demo_code")
        if options["no_serve"]:
            return
        address = f"{options['host']}:{options['port']}"
        self.stdout.write(f"\nServing Spil on http://{address}/  (Ctrl+C stops)")
        call_command("runserver", address, use_reloader=False)

    def _check_port(self, options: dict[str, Any]) -> None:
        """Stop before loading anything when Spil could not serve on the chosen port."""
        host, port = options["host"], str(options["port"])
        if not port.isdigit():
            raise CommandError(f"PORT must be a number, not {port!r}.")
        if settings.SPIL_DUO_SANDBOX and not options["no_duo"]:
            sandboxes = {
                urlsplit(settings.SPIL_DUO_BASE_URL).port or 8765: "the DUO sandbox",
                urlsplit(settings.SPIL_BRP_BASE_URL).port or 8766: "the BRP sandbox",
                urlsplit(settings.SPIL_ZGW_ZAKEN_URL).port or 8767: "the ZGW sandbox",
            }
            if int(port) in sandboxes:
                raise CommandError(
                    f"Port {port} is where {sandboxes[int(port)]} runs beside the demo: "
                    "choose another port, e.g. PORT=8080 make demo."
                )
        if options["no_serve"]:
            return
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host.strip("[]"), int(port)))
            except OSError as exc:
                raise CommandError(
                    f"Port {port} on {host} is not free ({exc.strerror}): stop what runs "
                    "there or choose another port, e.g. PORT=8080 make demo."
                ) from exc

    def _scenarios(self) -> None:
        """Intakes, PIPs, enrolments, groups, employers and placements on top of the
        caseloads, then the nightly signal refresh so the dossiers show today's signals."""

        counts = load_scenarios()
        refresh_all_signals()
        check_momentum()
        added = ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in counts.items() if n)
        self.stdout.write(f"Demo stories: {added or 'already loaded'}.")
        for person in scenario_portal.portal_newcomers():
            self.stdout.write(
                f"Newcomer portal /mijn/ (DigiD mock): BSN {person.bsn}, {person.full_name} "
                f"({person.preferred_language})"
            )

    def _zgw_sandbox(self) -> bool:
        """Start the ZGW sandbox (background thread) before any trajectory changes, so the
        zaken are registered as the demo data comes in."""
        address = urlsplit(settings.SPIL_ZGW_ZAKEN_URL)
        state_file = Path(settings.VAR_DIR) / "zgw-sandbox.json"
        try:
            zgw_sandbox.start_in_background(
                address.hostname or "127.0.0.1", address.port or 8767, state_file
            )
        except OSError as exc:
            self.stderr.write(
                f"ZGW sandbox not started ({exc.strerror}): is another `spil demo` running? "
                "Calls to the zaaksysteem wait in the outbox until it answers."
            )
            return False
        self.stdout.write(f"ZGW sandbox (zaaksysteem) serving {settings.SPIL_ZGW_ZAKEN_URL}")
        return True

    def _zaken(self, host: str, port: str) -> None:
        """Every demo trajectory as a zaak; Spil subscribed to the zaaksysteem's events."""
        settings.SPIL_ZGW_CALLBACK_URL = f"http://{host}:{port}/api/zgw/notificaties"
        registered = zaken.register_open_trajectories()
        zaken.retry_waiting_now()
        result = zaken.drain()
        zaken.subscribe()
        self.stdout.write(
            f"Zaaksysteem: {registered} trajectories registered now, {result.done} calls made"
            f" ({result.retrying} waiting, {result.failed} refused); the dossier links each zaak."
        )

    def _duo(self, host: str, port: str) -> None:
        """Start the DUO sandbox (background thread), seed it, fire the initial events."""

        base = urlsplit(settings.SPIL_DUO_BASE_URL)
        state_file = Path(settings.VAR_DIR) / "duo-sandbox.json"
        try:
            _, store = sandbox_tools.start_sandbox(
                base.hostname or "127.0.0.1",
                base.port or 8765,
                state_file,
                duo_oin=settings.SPIL_DUO_OIN,
            )
        except OSError as exc:
            self.stderr.write(
                f"DUO sandbox not started ({exc.strerror}): is another `spil demo` running? "
                "Spil runs without the demo DUO events."
            )
            return
        self.stdout.write(f"DUO sandbox serving {settings.SPIL_DUO_BASE_URL} (state {state_file})")
        bsns = demo_bsns(PERSONS_PER_MUNICIPALITY * municipality_count())
        self._brp(bsns)
        counts = demo_seed.seed_and_fire(
            store,
            bsns,
            notificatie_url=f"http://{host}:{port}/api/duo/v1/notificaties",
            progress=self.stdout.write,
        )
        self.stdout.write(
            f"DUO events: {counts['events']} sent, {counts['accepted']} accepted by Spil "
            f"({counts['persons_seeded']} persons new at the sandbox)."
        )
        self.stdout.write(
            "  Fire more with: .venv/bin/spil duo send-event --bsn <BSN> --event SS102 "
            "(or the DUO page as beheer)"
        )

    def _brp(self, bsns: list[str]) -> None:
        """Start the BRP sandbox (background thread) with the demo persons."""
        import threading

        brp = urlsplit(settings.SPIL_BRP_BASE_URL)
        try:
            server, app = build_server(brp.hostname or "127.0.0.1", brp.port or 8766)
        except OSError as exc:
            self.stderr.write(f"BRP sandbox not started ({exc.strerror}).")
            return
        for person in (
            Person.objects.filter(bsn__in=bsns)
            .select_related("municipality")
            .prefetch_related("household")
        ):
            street, _, number = person.street.rpartition(" ")
            partners: list[PartnerSeed] = []
            children: list[KindSeed] = []
            for member in person.household.all():
                given, _, family = member.name.partition(" ")
                if member.relation == "partner":
                    partners.append(
                        PartnerSeed(
                            geslachtsnaam=family or given, voornamen=given, soort_verbintenis="H"
                        )
                    )
                elif member.relation == "child" and member.date_of_birth:
                    children.append(
                        KindSeed(
                            geslachtsnaam=family or given,
                            voornamen=given,
                            geboortedatum=member.date_of_birth,
                        )
                    )
            app.store.add_person(
                bsn=person.bsn,
                voornamen=person.given_names,
                geslachtsnaam=person.family_name,
                geboortedatum=person.date_of_birth,
                straat=street or None,
                huisnummer=int(number) if number.isdigit() else None,
                postcode=person.postcode or None,
                woonplaats=person.city or None,
                gemeente_naam=person.municipality.name.removeprefix("Gemeente "),
                datum_vestiging_in_nederland=person.arrival_date,
                partners=partners,
                kinderen=children,
            )
        threading.Thread(target=server.serve_forever, name="brp-sandbox", daemon=True).start()
        self.stdout.write(f"BRP sandbox serving {settings.SPIL_BRP_BASE_URL}")
