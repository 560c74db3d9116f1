from __future__ import annotations

import pytest

from spil.placements.scoring import Geo
from spil.placements.tests.factories import line_geo


@pytest.fixture
def geo() -> Geo:
    return line_geo()


from spil.testing_i18n import _english  # noqa: F401, E402
