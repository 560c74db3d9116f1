"""Texts for the dossier of the signals and timeline codes the intake and PIP raise.

`spil.dossier.texts` shows a code without a registered text as the code itself; these are
meant to be registered there (as the DUO exchange registers `spil.duo.texts`).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SIGNAL_TEXTS: dict[str, Promise] = {
    "intake_not_started": _("The broad intake has not started yet"),
    "leerroute_deadline_near": _("The 10-week period to set the learning route ends soon"),
    "leerroute_deadline_passed": _("The 10-week period to set the learning route has passed"),
    "pip_not_accepted_by_duo": _("The PIP was established but DUO has not accepted it"),
    "pip_revision_needed": _("The PIP needs a revision"),
}

TIMELINE_TEXTS: dict[str, Promise] = {
    "intake_started": _("Broad intake started"),
    "intake_completed": _("Broad intake completed"),
    "pip_vastgesteld": _("PIP established"),
    "pip_accepted_by_duo": _("PIP accepted by DUO"),
    "aanbod_registered_by_duo": _("Inburgeringsaanbod registered by DUO"),
}
