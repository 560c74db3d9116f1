"""Staff catalogues (nl, ar) without re-running makemessages over the whole catalogue.

    python tools/translations.py missing > var/missing.json   # texts in the code, not yet in nl
    python tools/translations.py add var/missing.json          # after filling in "nl" and "ar"

`missing` prints a JSON list of {"msgid", "msgid_plural"?, "nl", "ar"} with empty
translations; for a plural text, "nl" and "ar" are lists (nl: 2 forms, ar: 6 forms).
`add` appends the entries that are not in a catalogue yet, then compiles the catalogues.
`dedupe` drops repeated entries (the .po files merge by union, so two branches adding the
same text leave it twice) from the staff and the newcomer catalogues.
Needs GNU gettext (xgettext) for `missing`, like `make makemessages`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "spil"
DEV_SRC = ROOT / "src" / "spil_dev"
LOCALE = SRC / "locale"
NEWCOMER_LOCALE = SRC / "core" / "newcomer_locale"
LANGUAGES = ("nl", "ar")


def missing() -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "spil"
        ignore = shutil.ignore_patterns("__pycache__", "*.mo", "tests")
        shutil.copytree(SRC, copy, ignore=ignore)
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
        extracted = polib.pofile(str(copy / "locale/nl/LC_MESSAGES/django.po"))
    committed = {e.msgid for e in polib.pofile(str(LOCALE / "nl/LC_MESSAGES/django.po"))}
    result: list[dict[str, object]] = []
    for entry in extracted:
        if entry.msgid in committed:
            continue
        if entry.msgid_plural:
            result.append(
                {
                    "msgid": entry.msgid,
                    "msgid_plural": entry.msgid_plural,
                    "nl": ["", ""],
                    "ar": [""] * 6,
                }
            )
        else:
            result.append({"msgid": entry.msgid, "nl": "", "ar": ""})
    return result


def add(path: Path) -> int:
    entries = json.loads(path.read_text(encoding="utf-8"))
    added = 0
    for language in LANGUAGES:
        po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(po_path))
        present = {e.msgid for e in catalogue}
        for item in entries:
            if item["msgid"] in present:
                continue
            translation = item[language]
            if not translation or (isinstance(translation, list) and not all(translation)):
                raise SystemExit(f"{language}: no translation for {item['msgid']!r}")
            if "msgid_plural" in item:
                catalogue.append(
                    polib.POEntry(
                        msgid=item["msgid"],
                        msgid_plural=item["msgid_plural"],
                        msgstr_plural=dict(enumerate(translation)),
                    )
                )
            else:
                catalogue.append(polib.POEntry(msgid=item["msgid"], msgstr=translation))
            added += 1
        catalogue.save(str(po_path))
    subprocess.run([sys.executable, str(ROOT / "tools" / "compile_messages.py")], check=True)  # noqa: S603
    print(f"Added {added} entries")
    return 0


def dedupe() -> int:
    removed = 0
    paths = [*LOCALE.glob("*/LC_MESSAGES/*.po"), *NEWCOMER_LOCALE.glob("*/LC_MESSAGES/*.po")]
    for po_path in paths:
        catalogue = polib.pofile(str(po_path))
        seen: set[tuple[str | None, str]] = set()
        for entry in list(catalogue):
            key = (entry.msgctxt, entry.msgid)
            if key in seen:
                catalogue.remove(entry)
                removed += 1
            seen.add(key)
        catalogue.save(str(po_path))
    print(f"Removed {removed} repeated entries")
    subprocess.run([sys.executable, str(ROOT / "tools" / "compile_messages.py")], check=True)  # noqa: S603
    return 0


def main(argv: list[str]) -> int:
    if argv == ["dedupe"]:
        return dedupe()
    if len(argv) == 1 and argv[0] == "missing":
        print(json.dumps(missing(), ensure_ascii=False, indent=1))
        return 0
    if len(argv) == 2 and argv[0] == "add":
        return add(Path(argv[1]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
