from __future__ import annotations

from django.utils import translation

from spil.dossier import texts


def test_unknown_codes_fall_back_to_the_code() -> None:
    assert texts.task_title("no_such_task") == "no_such_task"
    assert texts.task_title("no_such_task", "Typed title") == "Typed title"
    assert texts.signal_text("no_such_signal") == "no_such_signal"
    assert texts.duo_event_text("SS000") == "SS000"
    assert texts.timeline_text("duo_event", "SS000", {}) == "DUO event: SS000"
    assert texts.timeline_text("unknown_kind", "", {}) == "unknown_kind"


def test_codes_render_in_the_readers_language_and_keep_duo_codes_visible() -> None:
    with translation.override("en"):
        assert texts.duo_event_text("SS101") == "SS101 · Person is obliged to integrate"
        assert texts.signal_text("SS126").startswith("SS126 · ")
        assert texts.signal_text("deadline_passed") == "A deadline has passed"
        assert texts.task_title("set_leerroute").startswith("Set the learning route")
        assert texts.timeline_text("status_change", "running") == "Status changed to Running"
        assert (
            texts.timeline_text("reassigned", "", {"previous": "A", "new": "B"})
            == "Client manager changed from A to B"
        )
        assert "Tigrinya" not in texts.timeline_text("contact_moment", "home_visit")


def test_every_duo_event_has_a_text() -> None:
    from spil.duo.contract.events import ALL_EVENTS

    assert set(ALL_EVENTS) <= set(texts.DUO_EVENT_TEXTS)


def test_signal_codes_of_the_duo_exchange_are_offered() -> None:
    codes = texts.known_signal_codes()
    assert {"SS126", "SS127", "SS142", "deadline_near"} <= set(codes)
    assert codes.index("SS126") < codes.index("deadline_near")
