"""The agenda and the minutes of a chain meeting as PDF (WeasyPrint), in the reader's
language. The caller passes only the cases the reader may see."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from spil.accounts.models import User
from spil.ketenoverleg.models import Meeting


def meeting_pdf(
    meeting: Meeting,
    rows: list[dict[str, Any]],
    *,
    hidden_count: int,
    participants: list[User],
    minutes: bool,
) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "ketenoverleg/pdf/meeting.html",
        {
            "meeting": meeting,
            "series": meeting.series,
            "rows": rows,
            "hidden_count": hidden_count,
            "participants": participants,
            "minutes": minutes,
            "lang": translation.get_language() or "nl",
            "dir": "rtl" if translation.get_language_bidi() else "ltr",
        },
    )
    return bytes(HTML(string=html).write_pdf())
