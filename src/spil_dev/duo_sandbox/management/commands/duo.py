"""``spil duo send-event --bsn … --event SS101 [--gemeente OIN] [--url …]``, beside
production's ``spil duo process-pending`` (this command extends that one; the app comes
before ``spil.duo`` in ``INSTALLED_APPS`` so that Django runs this one)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType
from spil.duo.contract import ALL_EVENTS
from spil.duo_inbound.management.commands import duo
from spil.persons.validators import normalise_bsn, validate_bsn
from spil_dev.duo_sandbox import sandbox_tools


class Command(duo.Command):
    help = "The DUO exchange: fire a DUO event at Spil (sandbox), process pending notifications."

    def add_actions(self, actions: Any) -> None:
        send = actions.add_parser("send-event", help="fire a DUO event at Spil through the sandbox")
        send.add_argument("--bsn", required=True)
        send.add_argument("--event", required=True, help="gebeurtenisId, e.g. SS101")
        send.add_argument("--gemeente", default=None, help="OIN of the gemeente (doel)")
        send.add_argument(
            "--url",
            default=None,
            help="Spil's Notificatie API over HTTP (default: in-process, no server needed)",
        )
        super().add_actions(actions)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "send-event":
            super().handle(*args, **options)
            return
        if not settings.SPIL_DUO_SANDBOX:
            raise CommandError("SPIL_DUO_SANDBOX is off: no demo events in this environment.")
        event = str(options["event"]).upper()
        if event not in ALL_EVENTS:
            raise CommandError(f"Unknown event {event}; DUO lists {', '.join(sorted(ALL_EVENTS))}")
        bsn = normalise_bsn(options["bsn"])
        try:
            validate_bsn(bsn)
        except Exception:
            raise CommandError("Not a valid BSN (9 digits, 11-proef).") from None
        gemeenten = Organisation.objects.filter(
            type=OrganisationType.GEMEENTE, is_active=True
        ).exclude(oin="")
        oin = options["gemeente"] or (gemeenten.values_list("oin", flat=True).first() or "")
        if not gemeenten.filter(oin=oin).exists():
            raise CommandError("No active gemeente with that OIN.")
        prepared = sandbox_tools.prepare_duo_side(
            bsn=bsn, gebeurtenis_id=event, gemeente_oin=oin, base_url=settings.SPIL_DUO_BASE_URL
        )
        if not prepared:
            self.stderr.write("The DUO sandbox is not reachable: DUO's side is unchanged.")
        url = options["url"]
        fired = sandbox_tools.fire_event(
            bsn=bsn,
            gebeurtenis_id=event,
            gemeente_oin=oin,
            duo_oin=settings.SPIL_DUO_OIN,
            url=url,
        )
        self.stdout.write(f"{event} -> {fired.status_code} (berichtId {fired.bericht_id})")
        for error in fired.response_errors:
            self.stderr.write(f"response off-contract: {error}")
        if fired.status_code != 201:
            raise CommandError(f"Spil answered {fired.status_code}")
