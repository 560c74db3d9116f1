"""What happens in the dossier, for the apps above that act on it (e.g. the zaaksysteem
link stores each new document with the zaak). Listeners run inside the transaction that
added the document; they record intent and leave network calls for after the commit."""

from __future__ import annotations

from dataclasses import dataclass

from spil.core.events import Listeners
from spil.dossier.models import Document


@dataclass(frozen=True)
class DocumentAdded:
    document: Document


_document_added: Listeners[DocumentAdded] = Listeners()
#: Call a listener for every document added from now on (once per listener).
on_document_added = _document_added.subscribe
document_added = _document_added.publish
