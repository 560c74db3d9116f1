"""Test factories for the placement matching tests."""

from __future__ import annotations

from spil.core.week import WEEKDAY_DAYTIME, DayPart
from spil.placements.scoring import (
    CEFR,
    Candidate,
    Geo,
    Occupation,
    Offer,
    OfferType,
    Transport,
)

COOK = Occupation(
    isco_code="5120", esco_uri="http://data.europa.eu/esco/occupation/cook", label="kok"
)
CHEF = Occupation(isco_code="5120", esco_uri="http://data.europa.eu/esco/occupation/chef")
WAITER = Occupation(isco_code="5131", esco_uri="http://data.europa.eu/esco/occupation/waiter")
CLEANER = Occupation(isco_code="9112", esco_uri="http://data.europa.eu/esco/occupation/cleaner")
WELDER = Occupation(isco_code="7212", esco_uri="http://data.europa.eu/esco/occupation/welder")


def line_geo() -> Geo:
    """Synthetic PC4 table: 1000..1009 on a parallel at 52 N, 0.1 deg (~6.9 km) apart."""
    return Geo({f"{1000 + i}": (52.0, 5.0 + 0.1 * i) for i in range(10)})


def make_candidate(cid: str = "c1", **kw: object) -> Candidate:
    base: dict[str, object] = {
        "id": cid,
        "dream_job": COOK,
        "speaking": CEFR.A2,
        "listening": CEFR.A2,
        "free_dayparts": WEEKDAY_DAYTIME,
        "hours_available": 24.0,
        "home_pc4": "1000",
        "transport": Transport.BIKE,
        "max_travel_minutes": 45,
    }
    base.update(kw)
    return Candidate(**base)  # type: ignore[arg-type]


def make_offer(oid: str = "o1", **kw: object) -> Offer:
    base: dict[str, object] = {
        "id": oid,
        "type": OfferType.LEERWERKPLEK,
        "occupation": COOK,
        "hours_per_week": 16.0,
        "dayparts": frozenset({DayPart.MON_MORNING, DayPart.TUE_MORNING}),
        "required_speaking": CEFR.A2,
        "required_listening": CEFR.A2,
        "places": 1,
        "location_pc4": "1000",
    }
    base.update(kw)
    return Offer(**base)  # type: ignore[arg-type]
