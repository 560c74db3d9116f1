"""Every user-facing text is translated: Dutch (default) and Arabic staff pages complete."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse

SRC = Path(__file__).resolve().parents[2]
DEV_SRC = SRC.parent / "spil_dev"
LOCALE = SRC / "locale"
STAFF_CATALOGUES = ["nl", "ar"]


@pytest.mark.parametrize("code", STAFF_CATALOGUES)
def test_staff_catalogue_is_complete(code: str) -> None:
    catalogue = polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"{code}: untranslated {untranslated[:10]}"
    assert not fuzzy, f"{code}: fuzzy {fuzzy[:10]}"


def test_catalogues_contain_every_marked_text(tmp_path: Path) -> None:
    """Re-extract the messages from the code; nothing may be missing from the catalogues."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("GNU gettext (xgettext) is needed to check the catalogues")
        pytest.skip("GNU gettext not installed")
    copy = tmp_path / "spil"
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", "tests")
    shutil.copytree(SRC, copy, ignore=ignore)
    # The development tools' pages (spil_dev) are translated in the same catalogues.
    shutil.copytree(DEV_SRC, copy / "spil_dev", ignore=ignore)
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            str(Path(sys.executable).parent / "django-admin"),
            "makemessages",
            "--no-location",
            "-l",
            "nl",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "spil.settings.ci"},
    )
    # An app with its own `locale` folder would catch its texts there, out of sight of the
    # committed catalogues (and untranslated): every text belongs in spil/locale.
    elsewhere = [
        str(path.relative_to(copy))
        for path in copy.rglob("django.po")
        if not path.is_relative_to(copy / "locale")
    ]
    assert not elsewhere, f"texts extracted outside spil/locale: {elsewhere}"
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/nl/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(LOCALE / "nl/LC_MESSAGES/django.po"))}
    missing = sorted(extracted - committed)
    assert not missing, f"run `make makemessages` and translate: {missing[:10]}"


def test_dutch_is_the_default_whatever_the_browser_says(db: None) -> None:
    page = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = page.content.decode()
    assert '<html lang="nl" dir="ltr"' in html
    assert "Inloggen" in html


def test_chosen_language_sticks_and_arabic_is_right_to_left(db: None) -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": "ar", "next": "/inloggen/"})
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    client.post(reverse("set_language"), {"language": "en", "next": "/inloggen/"})
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en" dir="ltr"' in html and "Sign in to Spil" in html
