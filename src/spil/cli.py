"""The `spil` console script: Django's management commands under one name.

`spil demo`, `spil bench caseload …`, `spil duo send-event …` are management commands;
`spil` only chooses the settings module (dev unless DJANGO_SETTINGS_MODULE says otherwise).
Those three come from the development tools (`spil_dev`), installed by the dev and ci
settings only; production sets DJANGO_SETTINGS_MODULE to `spil.settings.production`.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spil.settings.dev")
    from django.core.management import execute_from_command_line

    argv = sys.argv[:]
    argv[0] = "spil"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
