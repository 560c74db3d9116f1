"""The newcomer's download of their data (AVG art. 15): JSON and a readable PDF."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string


def data_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def data_pdf(data: dict[str, Any], context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("portal/pdf/data.html", {"data": data, **context})
    return bytes(HTML(string=html).write_pdf())
