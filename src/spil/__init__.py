"""Spil: the direction platform for civic integration under the Wet inburgering 2021."""

import os

# openapi-spec-validator checks specs with jsonschema-rs whenever that is installed (schemathesis
# brings it along), and jsonschema-rs refuses the \U escapes in DUO's letter patterns; the
# Python jsonschema backend reads them as DUO means them.
os.environ.setdefault("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "jsonschema")

from spil.celery import app as celery_app

__all__ = ["celery_app"]
