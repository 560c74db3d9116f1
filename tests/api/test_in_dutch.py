"""The API answers a Dutch-speaking caller in Dutch, refusals included.

Every operation of the API's document is sent bad input: each query parameter with a
value it does not take, a body that is no JSON, a list, an empty object, every field null,
every field of the wrong type or too long, an object that does not exist. The same request
is sent by a Dutch-speaking caller and by one who chose English; every message in the
Dutch answer must differ from the English one (the same text in both is English left in a
Dutch answer). Likewise the refusals around the operations: no credentials, no CSRF
token, too many requests, the OAuth token endpoint."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from spil.dossier import services as dossier
from spil.partner_api.tests.conftest import Partner, _basic, api_for, partner  # noqa: F401 - fixture
from spil.persons.tests.factories import make_task, make_trajectory
from spil.testing import sign_in

pytestmark = pytest.mark.django_db

LANGUAGES = ("nl", "en")
JSON = "application/json"
CSRF_SECRET = "x" * 32  # a valid unmasked secret
Call = Callable[[Client], Any]


def _messages(body: Any, at: str = "") -> Iterator[tuple[str, str]]:
    """(where, text) of every message in a JSON answer: a text of words (a code, such as
    OAuth's `invalid_client`, is one word and the same in every language)."""
    if isinstance(body, dict):
        for key, value in body.items():
            yield from _messages(value, f"{at}.{key}")
    elif isinstance(body, list):
        for index, value in enumerate(body):
            yield from _messages(value, f"{at}[{index}]")
    elif isinstance(body, str) and " " in body.strip():
        yield at, body


class Walk:
    """Sends each request in Dutch and in English and keeps the texts that stayed English."""

    def __init__(self, partner: Partner) -> None:  # noqa: F811 - the fixture's type
        self.partner = partner
        world = partner.world
        self.staff = {
            language: sign_in(Client(raise_request_exception=False), world.user("klantmanager_a"))
            for language in LANGUAGES
        }
        self.bearer = api_for(partner).headers["Authorization"]
        self.english: dict[str, list[str]] = {}
        self.compared = 0  # messages compared: the walk reached the refusals

    def client(self, language: str, path: str) -> tuple[Client, dict[str, Any]]:
        partner_api = path.startswith("/api/v1/partner/")
        client = Client(raise_request_exception=False) if partner_api else self.staff[language]
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the language they chose
        headers = {"accept-language": language}
        if partner_api:
            headers["authorization"] = self.bearer
        return client, {"headers": headers, "secure": partner_api}

    def send(
        self,
        what: str,
        method: str,
        path: str,
        *,
        query: dict[str, Any] | None = None,
        body: str | None = None,
    ) -> None:
        url = f"{path}?{urlencode(query)}" if query else path

        def call(client: Client, **kwargs: Any) -> Any:
            if method in {"post", "put", "patch"}:
                return getattr(client, method)(url, body or "", JSON, **kwargs)
            return getattr(client, method)(url, **kwargs)

        answers = {}
        for language in LANGUAGES:
            cache.clear()  # no rate limit in the way
            client, kwargs = self.client(language, path)
            answers[language] = call(client, **kwargs)
        self.compare(what, answers["nl"], answers["en"])

    def compare(self, what: str, dutch: Any, english: Any) -> None:
        if dutch.status_code < 400 or dutch.status_code != english.status_code:
            return
        if not dutch.get("Content-Type", "").startswith("application/json"):
            return
        theirs = dict(_messages(english.json()))
        for at, text in _messages(dutch.json()):
            self.compared += 1
            if theirs.get(at) == text:
                self.english.setdefault(text, []).append(f"{dutch.status_code} {what} {at}")


def _bad_values(schema: dict[str, Any], components: dict[str, Any]) -> list[Any]:
    """Values the field or parameter does not take."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in schema:
        return _bad_values(schema["allOf"][0], components)
    kind, form = schema.get("type"), schema.get("format")
    if "enum" in schema:
        return ["zzz"]
    if kind in {"integer", "number"}:
        return ["x", 10**30]
    if kind in {"boolean", "object"} or form in {"date", "date-time", "uuid", "time", "email"}:
        return ["x"]
    if kind == "array":
        return ["x", ["zzz"]]
    if kind == "string":
        return [{"a": 1}, "a" * (schema.get("maxLength", 10_000) + 1)]
    return ["x"]


def _path_values(partner: Partner) -> dict[str, str]:  # noqa: F811 - the fixture's type
    world = partner.world
    assert world.person_a is not None
    person = world.person_a
    make_trajectory(person)
    task = make_task(person)
    appointment = dossier.plan_appointment(
        person,
        actor=world.user("klantmanager_a"),
        kind="intake",
        starts_at=timezone.now() + timedelta(days=2),
    )
    return {
        "/api/v1/persons/{public_id}": f"/api/v1/persons/{person.public_id}",
        "/api/v1/partner/participants/{public_id}": (
            f"/api/v1/partner/participants/{person.public_id}"
        ),
        "/api/v1/programme-groups/{code}": f"/api/v1/programme-groups/{partner.group.code}",
        "/api/v1/tasks/{id}": f"/api/v1/tasks/{task.pk}",
        "/api/v1/appointments/{id}": f"/api/v1/appointments/{appointment.pk}",
    }


def _concrete(template: str, values: dict[str, str]) -> str:
    path = template
    for placeholder, value in values.items():
        if template.startswith(placeholder + "/"):
            path = value + template[len(placeholder) :]
    # Any other object: one that does not exist (its 404 is a message too).
    while "{" in path:
        path = path[: path.index("{")] + "0" + path[path.index("}") + 1 :]
    return path


def test_every_operation_refuses_bad_input_in_dutch(partner: Partner) -> None:  # noqa: F811
    schema: dict[str, Any] = SchemaGenerator().get_schema(  # type: ignore[no-untyped-call]  # drf-spectacular is untyped
        request=None, public=True
    )
    components = schema["components"]["schemas"]
    values = _path_values(partner)
    walk = Walk(partner)
    operations = 0
    for template, item in schema["paths"].items():
        path = _concrete(template, values)
        for method, operation in item.items():
            operations += 1
            where = f"{method.upper()} {template}"
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                for value in _bad_values(parameter.get("schema", {}), components):
                    if not isinstance(value, dict):
                        name = parameter["name"]
                        walk.send(f"{where}?{name}", method, path, query={name: value})
            if method not in {"post", "put", "patch"}:
                continue
            walk.send(f"{where} (no JSON)", method, path, body="{")
            walk.send(f"{where} (a list)", method, path, body="[]")
            walk.send(f"{where} (empty)", method, path, body="{}")
            content = operation.get("requestBody", {}).get("content", {})
            fields = content.get("application/json", {}).get("schema", {})
            if "$ref" in fields:
                fields = components[fields["$ref"].rsplit("/", 1)[-1]]
            writable = {
                name: field
                for name, field in fields.get("properties", {}).items()
                if not field.get("readOnly")
            }
            if writable:
                walk.send(
                    f"{where} (nulls)", method, path, body=json.dumps(dict.fromkeys(writable))
                )
                for round_ in range(2):
                    wrong = {
                        name: bad[min(round_, len(bad) - 1)]
                        for name, field in writable.items()
                        if (bad := _bad_values(field, components))
                    }
                    walk.send(f"{where} (wrong {round_})", method, path, body=json.dumps(wrong))
    assert operations > 50 and walk.compared > 300
    assert not walk.english, _report(walk.english)


def _report(english: dict[str, list[str]]) -> str:
    lines = ["English in Dutch answers:"]
    for text, where in sorted(english.items()):
        lines.append(f"  {text!r}: {', '.join(where[:3])}" + (" …" if len(where) > 3 else ""))
    return "\n".join(lines)


def test_the_refusals_around_the_operations_are_dutch(partner: Partner, settings: Any) -> None:  # noqa: F811
    walk = Walk(partner)
    persons = "/api/v1/persons/"
    participants = "/api/v1/partner/participants/"
    token = "/api/v1/oauth/token/"
    client_id = partner.client.application.client_id
    basic = _basic(client_id, partner.secret)

    def both(what: str, call: Call) -> None:
        answers = {}
        for language in LANGUAGES:
            cache.clear()
            client = Client(raise_request_exception=False, enforce_csrf_checks=True)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            answers[language] = call(client)
        walk.compare(what, answers["nl"], answers["en"])

    both("not signed in", lambda c: c.get(persons))
    both("no token", lambda c: c.get(participants, secure=True))
    both(
        "a token unknown", lambda c: c.get(participants, secure=True, HTTP_AUTHORIZATION="Bearer x")
    )
    narrow = api_for(partner, scopes=["attendance:write"]).headers["Authorization"]
    both(
        "a token without the scope",
        lambda c: c.get(participants, secure=True, HTTP_AUTHORIZATION=narrow),
    )
    both("over HTTP", lambda c: c.get(participants, HTTP_AUTHORIZATION=walk.bearer))

    def signed_in(client: Client, *, cookie: bool = True) -> Client:
        sign_in(client, partner.world.user("klantmanager_a"))
        if cookie:
            client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
        return client

    search = "/api/v1/persons/search/"
    body = "{}"
    both("no CSRF cookie", lambda c: signed_in(c, cookie=False).post(search, body, JSON))
    both("no CSRF token", lambda c: signed_in(c).post(search, body, JSON))
    wrong_token = {"x-csrftoken": "y" * 32}
    both("a wrong CSRF token", lambda c: signed_in(c).post(search, body, JSON, headers=wrong_token))
    foreign = {"x-csrftoken": CSRF_SECRET, "origin": "https://elders.example"}
    both(
        "a foreign origin",
        lambda c: signed_in(c).post(search, body, JSON, secure=True, headers=foreign),
    )

    settings.SPIL_PARTNER_API_RATE = "1/min"

    def twice(client: Client) -> Any:
        client.get(participants, secure=True, HTTP_AUTHORIZATION=walk.bearer)
        return client.get(participants, secure=True, HTTP_AUTHORIZATION=walk.bearer)

    both("too many requests", twice)

    both(
        "token over HTTP",
        lambda c: c.post(token, {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=basic),
    )
    both(
        "token without a grant", lambda c: c.post(token, {}, secure=True, HTTP_AUTHORIZATION=basic)
    )
    both(
        "token for a password",
        lambda c: c.post(token, {"grant_type": "password"}, secure=True, HTTP_AUTHORIZATION=basic),
    )
    wrong = _basic(client_id, "wrong")
    both(
        "token with a wrong secret",
        lambda c: c.post(
            token, {"grant_type": "client_credentials"}, secure=True, HTTP_AUTHORIZATION=wrong
        ),
    )
    both(
        "token for an unknown scope",
        lambda c: c.post(
            token,
            {"grant_type": "client_credentials", "scope": "zzz"},
            secure=True,
            HTTP_AUTHORIZATION=basic,
        ),
    )
    settings.SPIL_PARTNER_TOKEN_RATE = "1/min"

    def two_tokens(client: Client) -> Any:
        client.post(
            token, {"grant_type": "client_credentials"}, secure=True, HTTP_AUTHORIZATION=basic
        )
        return client.post(
            token, {"grant_type": "client_credentials"}, secure=True, HTTP_AUTHORIZATION=basic
        )

    both("too many token requests", two_tokens)
    assert walk.compared >= 15
    assert not walk.english, _report(walk.english)
