"""The orchestrator's probes: plain HTTP, the pod's address as host, no sign-in."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

POD = "10.42.0.17:8000"  # not in ALLOWED_HOSTS: a kubelet asks with the pod's address


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["spil.example.nl"])
def test_live_and_ready_answer_a_probe_over_plain_http_from_the_pod_address() -> None:
    client = Client()
    live = client.get("/health/live", HTTP_HOST=POD)
    assert live.status_code == 200 and live.json() == {"status": "ok"}
    ready = client.get("/health/ready", HTTP_HOST=POD)
    assert ready.status_code == 200 and ready.json() == {"status": "ok"}


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
)
def test_ready_names_redis_when_it_is_down() -> None:
    ready = Client().get("/health/ready", HTTP_HOST=POD)
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "cache": "unavailable"}
    assert (
        Client().get("/health/live", HTTP_HOST=POD).status_code == 200
    )  # no restart for an outage
