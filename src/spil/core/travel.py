"""Travel time from home to a place, estimated from the distance between PC4 centroids.

Django-free: used by placement matching (``spil.placements.scoring``) and by the group
assignment (``spil.programmes``). Per means of transport a door-to-door average speed, a
detour factor over the straight line and a fixed overhead (waiting, walking to the stop,
parking); see docs/matching.md.
"""

from __future__ import annotations

import csv
import functools
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final


class Transport(StrEnum):
    WALK = "walk"
    BIKE = "bike"
    PUBLIC_TRANSPORT = "public_transport"
    CAR = "car"


PC4_PATTERN: Final = re.compile(r"^[1-9][0-9]{3}$")


def normalize_pc4(value: str | None) -> str | None:
    """'1234 AB' / '1234ab' / ' 1234 ' -> '1234'; empty or malformed -> None."""
    if value is None:
        return None
    digits = value.strip()[:4]
    return digits if PC4_PATTERN.match(digits) else None


EARTH_RADIUS_KM: Final = 6371.0088


@dataclass(frozen=True, slots=True)
class TravelMode:
    speed_kmh: float  # door-to-door average speed along the route
    detour: float  # route length / straight-line distance
    overhead_minutes: float  # waiting, walking to the stop, parking

    @property
    def minutes_per_km(self) -> float:
        return 60.0 * self.detour / self.speed_kmh


TRAVEL_MODES: Final[Mapping[Transport, TravelMode]] = {
    Transport.WALK: TravelMode(speed_kmh=4.8, detour=1.3, overhead_minutes=0.0),
    Transport.BIKE: TravelMode(speed_kmh=15.0, detour=1.3, overhead_minutes=0.0),
    Transport.PUBLIC_TRANSPORT: TravelMode(speed_kmh=30.0, detour=1.3, overhead_minutes=10.0),
    Transport.CAR: TravelMode(speed_kmh=50.0, detour=1.3, overhead_minutes=5.0),
}


def travel_minutes(distance_km: float, transport: Transport) -> float:
    mode = TRAVEL_MODES[transport]
    return mode.overhead_minutes + distance_km * mode.minutes_per_km


def reach_km(max_minutes: float, transport: Transport) -> float:
    """Largest straight-line distance that is still within ``max_minutes``."""
    mode = TRAVEL_MODES[transport]
    return max(0.0, max_minutes - mode.overhead_minutes) / mode.minutes_per_km


def data_dir() -> Path:
    """``$SPIL_DATA_DIR`` or ``<repo root>/../shared/data`` (repo root = parent of ``src``)."""
    env = os.environ.get("SPIL_DATA_DIR")
    if env:
        return Path(env)
    repo_root = Path(__file__).resolve().parents[3]
    return repo_root.parent / "shared" / "data"


class Geo:
    """PC4 -> approximate centroid (lat, lon). Duplicate PC4 rows (one per place) are averaged."""

    def __init__(self, coords: Mapping[str, tuple[float, float]]) -> None:
        self._coords: dict[str, tuple[float, float]] = dict(coords)

    @classmethod
    def load(cls, directory: Path | None = None) -> Geo:
        path = (directory or data_dir()) / "geo" / "nl_pc4_geonames.tsv"
        sums: dict[str, list[float]] = {}
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                pc4 = normalize_pc4(row["pc4"])
                if pc4 is None or not row["lat"] or not row["lon"]:
                    continue
                acc = sums.setdefault(pc4, [0.0, 0.0, 0.0])
                acc[0] += float(row["lat"])
                acc[1] += float(row["lon"])
                acc[2] += 1.0
        return cls({pc4: (a[0] / a[2], a[1] / a[2]) for pc4, a in sums.items()})

    def coords(self, pc4: str | None) -> tuple[float, float] | None:
        return None if pc4 is None else self._coords.get(pc4)

    def codes(self) -> list[str]:
        return sorted(self._coords)

    def __len__(self) -> int:
        return len(self._coords)


@functools.lru_cache(maxsize=4)
def _load_geo_cached(directory: str) -> Geo:
    return Geo.load(Path(directory))


def default_geo() -> Geo:
    return _load_geo_cached(str(data_dir()))


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = (
        math.sin((lat2 - lat1) / 2.0) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2.0) ** 2
    )
    return 2.0 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def minutes_between(
    home_pc4: str | None, place_pc4: str | None, transport: Transport, geo: Geo | None = None
) -> float | None:
    """Estimated travel minutes from home to the place by `transport`; None when either
    postcode is missing or not in the PC4 reference table (unknown never excludes)."""
    g = geo if geo is not None else default_geo()
    home, place = g.coords(normalize_pc4(home_pc4)), g.coords(normalize_pc4(place_pc4))
    if home is None or place is None:
        return None
    return travel_minutes(haversine_km(home, place), transport)
