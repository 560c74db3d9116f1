"""Deadline functions with worked dates: leap days, year boundaries, month ends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from spil.rules import engine
from spil.rules.engine import DeadlineKind, Extension, RuleNotInForceError

# --------------------------------------------------------------------------- leerroute


@pytest.mark.parametrize(
    ("event", "due"),
    [
        (date(2025, 1, 6), date(2025, 3, 17)),  # Monday -> Monday, 70 days later
        (date(2028, 2, 29), date(2028, 5, 9)),  # event on a leap day
        (date(2027, 12, 20), date(2028, 2, 28)),  # crosses the year boundary
        (date(2027, 12, 27), date(2028, 3, 6)),  # crosses 29 Feb 2028
        (date(2026, 12, 27), date(2027, 3, 7)),  # same, non-leap year
    ],
)
def test_leerroute_deadline(event: date, due: date) -> None:
    deadline = engine.leerroute_deadline(event)
    assert deadline.due == due
    assert deadline.kind is DeadlineKind.LEERROUTE
    assert deadline.explanation == "rules.leerroute.deadline"
    assert deadline.rule.key == "leerroute_period"
    assert not deadline.is_estimate
    assert deadline.params["event_date"] == event.isoformat()


@pytest.mark.parametrize("code", ["SS139", "SS120", "SS129"])
def test_leerroute_trigger_events(code: str) -> None:
    deadline = engine.leerroute_deadline(date(2025, 1, 6), code)
    assert deadline.due == date(2025, 3, 17)
    assert [r.key for r in deadline.related_rules] == ["leerroute_trigger_events"]


@pytest.mark.parametrize("code", ["SS101", "SS121", "SS102", "ss139"])
def test_leerroute_rejects_events_that_do_not_start_the_period(code: str) -> None:
    with pytest.raises(ValueError, match="does not start the leerroute period"):
        engine.leerroute_deadline(date(2025, 1, 6), code)


def test_leerroute_before_wi2021_has_no_rule() -> None:
    with pytest.raises(RuleNotInForceError):
        engine.leerroute_deadline(date(2021, 12, 31))


# --------------------------------------------------------------------------- termijn


def test_termijn_starts_the_day_after_dagtekening() -> None:
    t = engine.termijn(date(2025, 1, 14))
    assert t.start == date(2025, 1, 15)
    assert t.end == date(2028, 1, 15)  # DUO einddatum, exclusive
    assert t.last_day == date(2028, 1, 14)  # third anniversary of the dagtekening
    assert t.rule.key == "inburgeringstermijn"


def test_termijn_unpacks_as_start_end() -> None:
    start, end = engine.termijn(date(2025, 1, 14))
    assert (start, end) == (date(2025, 1, 15), date(2028, 1, 15))


def test_termijn_dagtekening_on_new_years_eve() -> None:
    t = engine.termijn(date(2024, 12, 31))
    assert (t.start, t.end, t.last_day) == (date(2025, 1, 1), date(2028, 1, 1), date(2027, 12, 31))


def test_termijn_starting_on_a_leap_day() -> None:
    """PIP dagtekening 28 Feb 2028 -> start 29 Feb 2028; the full three years are kept."""
    t = engine.termijn(date(2028, 2, 28))
    assert t.start == date(2028, 2, 29)
    assert t.end == date(2031, 3, 1)
    assert t.last_day == date(2031, 2, 28)


def test_termijn_dagtekening_on_a_leap_day() -> None:
    t = engine.termijn(date(2028, 2, 29))
    assert t.start == date(2028, 3, 1)
    assert t.end == date(2031, 3, 1)
    assert t.last_day == date(2031, 2, 28)


def test_termijn_ending_in_a_leap_year() -> None:
    t = engine.termijn(date(2025, 2, 28))
    assert (t.start, t.end, t.last_day) == (date(2025, 3, 1), date(2028, 3, 1), date(2028, 2, 29))


def test_termijn_contains() -> None:
    t = engine.termijn(date(2025, 1, 14))
    assert not t.contains(date(2025, 1, 14))
    assert t.contains(date(2025, 1, 15))
    assert t.contains(date(2028, 1, 14))
    assert not t.contains(date(2028, 1, 15))


def test_termijn_deadline_is_the_last_day() -> None:
    d = engine.termijn(date(2028, 2, 28)).deadline()
    assert d.kind is DeadlineKind.TERMIJN_END
    assert d.due == date(2031, 2, 28)
    assert d.explanation == "rules.termijn.end"
    assert d.params["end_exclusive"] == "2031-03-01"
    assert "art. 11" in d.rule.source


def test_revised_pip_does_not_move_the_start() -> None:
    """Wi2021 art. 11 lid 3: a PIP revised after the termijn started keeps the start."""
    initial = date(2025, 3, 10)
    revisions = [date(2025, 9, 1), date(2026, 6, 15)]  # route switch, move of municipality
    t = engine.termijn_for_pip_history([*revisions, initial])
    assert t.start == date(2025, 3, 11)
    assert t.end == date(2028, 3, 11)
    assert t == engine.termijn(initial)


def test_revision_on_the_same_day_as_the_initial_pip() -> None:
    t = engine.termijn_for_pip_history([date(2025, 3, 10), date(2025, 3, 10)])
    assert t.start == date(2025, 3, 11)


def test_termijn_for_empty_pip_history() -> None:
    with pytest.raises(ValueError, match="no PIP"):
        engine.termijn_for_pip_history([])


# --------------------------------------------------------------------------- extensions


def test_extension_by_months() -> None:
    base = engine.termijn(date(2025, 1, 14))
    t = engine.termijn_with_extensions(base.start, base.end, [(6, "02")])
    assert t.start == base.start
    assert t.end == date(2028, 7, 15)
    assert t.last_day == date(2028, 7, 14)
    assert len(t.extensions) == 1
    applied = t.extensions[0]
    assert (applied.ground_code, applied.previous_end, applied.new_end, applied.months) == (
        "02",
        date(2028, 1, 15),
        date(2028, 7, 15),
        6,
    )
    assert t.deadline().explanation == "rules.termijn.end_extended"


def test_extensions_apply_in_order_and_accept_dates() -> None:
    start, end = date(2025, 1, 15), date(2028, 1, 15)
    t = engine.termijn_with_extensions(
        start,
        end,
        [
            (3, "01"),
            Extension(ground_code="04", new_end=date(2028, 9, 1)),
            (date(2028, 12, 1), "05"),
            Extension(ground_code="02", months=1),
        ],
    )
    assert [e.new_end for e in t.extensions] == [
        date(2028, 4, 15),
        date(2028, 9, 1),
        date(2028, 12, 1),
        date(2029, 1, 1),
    ]
    assert t.end == date(2029, 1, 1)
    assert t.last_day == date(2028, 12, 31)


def test_extension_from_a_month_end_rolls_to_the_next_month() -> None:
    # exclusive end 31 Jan 2030 + 1 month: 31 Feb does not exist -> 1 Mar 2030
    t = engine.termijn_with_extensions(date(2027, 1, 31), date(2030, 1, 31), [(1, "01")])
    assert t.end == date(2030, 3, 1)
    assert t.last_day == date(2030, 2, 28)


def test_extension_into_a_leap_february() -> None:
    t = engine.termijn_with_extensions(date(2025, 1, 29), date(2028, 1, 29), [(1, "01")])
    assert t.end == date(2028, 2, 29)
    t = engine.termijn_with_extensions(date(2025, 1, 30), date(2028, 1, 30), [(1, "01")])
    assert t.end == date(2028, 3, 1)
    t = engine.termijn_with_extensions(date(2025, 1, 31), date(2028, 1, 31), [(1, "01")])
    assert t.end == date(2028, 3, 1)
    assert t.last_day == date(2028, 2, 29)


def test_no_extensions_returns_the_same_termijn() -> None:
    base = engine.termijn(date(2025, 1, 14))
    t = engine.termijn_with_extensions(base.start, base.end, [])
    assert (t.start, t.end, t.extensions) == (base.start, base.end, ())


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Extension(ground_code="01"),
        lambda: Extension(ground_code="01", months=2, new_end=date(2029, 1, 1)),
        lambda: Extension(ground_code="01", months=0),
        lambda: Extension(ground_code=" ", months=1),
    ],
)
def test_invalid_extension(bad: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="extension"):
        bad()


def test_extension_end_before_start_is_rejected() -> None:
    with pytest.raises(ValueError, match="not after start"):
        engine.termijn_with_extensions(
            date(2025, 1, 15), date(2028, 1, 15), [(date(2025, 1, 15), "09")]
        )


def test_termijn_with_end_before_start_is_rejected() -> None:
    with pytest.raises(ValueError, match="must be after start"):
        engine.termijn_with_extensions(date(2025, 1, 15), date(2025, 1, 15), [])


# --------------------------------------------------------------------------- route switch


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (date(2025, 1, 15), date(2026, 7, 14)),
        (date(2025, 5, 1), date(2026, 10, 31)),
        (date(2025, 7, 1), date(2026, 12, 31)),  # ends on New Year's Eve
        (date(2025, 7, 2), date(2027, 1, 1)),  # crosses into the next year
        (date(2025, 8, 31), date(2027, 2, 28)),  # 31 Feb 2027 missing -> window to end Feb
        (date(2026, 8, 29), date(2028, 2, 28)),  # 29 Feb 2028 exists
        (date(2026, 8, 30), date(2028, 2, 29)),
        (date(2028, 2, 29), date(2029, 8, 28)),  # start on a leap day
    ],
)
def test_route_switch_deadline(start: date, due: date) -> None:
    deadline = engine.route_switch_deadline(start)
    assert deadline.due == due
    assert deadline.kind is DeadlineKind.ROUTE_SWITCH
    assert deadline.rule.as_int() == 18


def test_route_switch_from_a_termijn() -> None:
    t = engine.termijn(date(2028, 2, 28))
    assert engine.route_switch_deadline(t.start).due == date(2029, 8, 28)


# --------------------------------------------------------------------------- AOW


@pytest.mark.parametrize(
    ("birth", "aow", "age"),
    [
        # matches the Rijksoverheid table "Wanneer gaat mijn AOW in?"
        (date(1957, 2, 28), date(2023, 12, 28), (66, 10)),
        (date(1957, 3, 1), date(2024, 3, 1), (67, 0)),
        (date(1958, 6, 15), date(2025, 6, 15), (67, 0)),
        (date(1960, 9, 30), date(2027, 9, 30), (67, 0)),
        (date(1960, 10, 1), date(2027, 10, 1), (67, 0)),
        (date(1960, 12, 31), date(2027, 12, 31), (67, 0)),
        (date(1961, 1, 1), date(2028, 4, 1), (67, 3)),
        (date(1961, 9, 30), date(2028, 12, 30), (67, 3)),
        (date(1961, 10, 1), date(2029, 1, 1), (67, 3)),
        (date(1962, 9, 30), date(2029, 12, 30), (67, 3)),
        (date(1964, 9, 30), date(2031, 12, 30), (67, 3)),
        # leap-day births reach an age on 1 March in a non-leap year
        (date(1960, 2, 29), date(2027, 3, 1), (67, 0)),
        # 30 Nov + 67 y 3 m -> 30 Feb does not exist -> 1 Mar
        (date(1961, 11, 30), date(2029, 3, 1), (67, 3)),
        (date(1960, 11, 29), date(2027, 11, 29), (67, 0)),
    ],
)
def test_aow_date(birth: date, aow: date, age: tuple[int, int]) -> None:
    deadline = engine.aow_date(birth)
    assert deadline.due == aow
    value = deadline.rule.as_mapping()
    assert (value["years"], value["months"]) == age
    assert not deadline.is_estimate
    assert deadline.explanation == "rules.aow.date"
    assert deadline.kind is DeadlineKind.AOW_DATE


@pytest.mark.parametrize(
    ("birth", "aow"),
    [
        (date(1964, 10, 1), date(2032, 1, 1)),
        (date(1970, 5, 20), date(2037, 8, 20)),
    ],
)
def test_aow_date_after_the_fixed_years_is_an_estimate(birth: date, aow: date) -> None:
    deadline = engine.aow_date(birth)
    assert deadline.due == aow
    assert deadline.is_estimate
    assert deadline.explanation == "rules.aow.date_estimate"
    assert deadline.rule.valid_from == date(2031, 1, 1)  # last known value


def test_aow_date_before_the_table() -> None:
    with pytest.raises(RuleNotInForceError, match="before the AOW table"):
        engine.aow_date(date(1950, 1, 1))


def test_aow_notice_window_boundaries() -> None:
    birth = date(1960, 9, 30)  # AOW on 30 Sep 2027
    assert engine.aow_notice(birth, date(2027, 3, 29)) is None
    notice = engine.aow_notice(birth, date(2027, 3, 30))  # exactly 6 months before
    assert notice is not None
    assert notice.due == date(2027, 9, 30)
    assert notice.explanation == "rules.aow.notice"
    assert notice.kind is DeadlineKind.AOW_NOTICE
    assert notice.rule.key == "aow_notice"
    assert [r.key for r in notice.related_rules] == ["aow_age"]


def test_aow_notice_on_and_after_the_aow_date() -> None:
    birth = date(1960, 9, 30)
    on_day = engine.aow_notice(birth, date(2027, 9, 30))
    later = engine.aow_notice(birth, date(2028, 1, 2))
    assert on_day is not None and on_day.explanation == "rules.aow.reached"
    assert later is not None and later.explanation == "rules.aow.reached"


def test_aow_notice_from_a_month_end() -> None:
    # 31 Aug 2026 + 6 months: 31 Feb missing -> window runs to 28 Feb 2027
    assert engine.aow_notice(date(1960, 2, 28), date(2026, 8, 31)) is not None  # AOW 28 Feb
    assert engine.aow_notice(date(1960, 3, 1), date(2026, 8, 31)) is None  # AOW 1 Mar 2027


def test_aow_notice_carries_the_estimate_flag() -> None:
    notice = engine.aow_notice(date(1964, 10, 1), date(2031, 12, 1))
    assert notice is not None
    assert notice.is_estimate
    assert notice.due == date(2032, 1, 1)


# --------------------------------------------------------------------------- verwijtbaar


@pytest.mark.parametrize(
    ("eindgesprek", "allowed"),
    [
        (date(2031, 2, 28), {None}),  # inside the termijn: the field must be left out
        (date(2025, 1, 1), {None}),
        (date(2031, 3, 1), {"Ja", "Nee"}),  # first day of overschrijding
        (date(2031, 4, 30), {"Ja", "Nee"}),  # termijn end still within two months
        (date(2031, 5, 1), {"Ja"}),  # two months passed: only Ja
        (date(2032, 1, 1), {"Ja"}),
    ],
)
def test_verwijtbaar_allowed(eindgesprek: date, allowed: set[str | None]) -> None:
    termijn_end = engine.termijn(date(2028, 2, 28)).end  # 1 Mar 2031, exclusive
    assert engine.verwijtbaar_allowed(eindgesprek, termijn_end) == allowed


def test_verwijtbaar_window_over_a_leap_february() -> None:
    termijn_end = date(2027, 12, 31)
    assert engine.verwijtbaar_allowed(date(2028, 2, 29), termijn_end) == {"Ja", "Nee"}
    assert engine.verwijtbaar_allowed(date(2028, 3, 1), termijn_end) == {"Ja"}


def test_verwijtbaar_never_allows_omitting_after_the_termijn() -> None:
    termijn_end = date(2028, 1, 15)
    for offset in range(0, 400, 7):
        day = date.fromordinal(termijn_end.toordinal() + offset)
        allowed = engine.verwijtbaar_allowed(day, termijn_end)
        assert None not in allowed
        assert "Ja" in allowed


# --------------------------------------------------------------------------- progress


def test_zroute_progress() -> None:
    p = engine.zroute_progress(400, 200, on=date(2025, 1, 1))
    assert (p.language_required, p.participation_required, p.total_required) == (800, 800, 1600)
    assert (p.language_remaining, p.participation_remaining) == (400.0, 600.0)
    assert p.fraction == pytest.approx(600 / 1600)
    assert not p.complete


def test_zroute_surplus_does_not_compensate() -> None:
    p = engine.zroute_progress(1200, 400, on=date(2025, 1, 1))
    assert p.fraction == pytest.approx(1200 / 1600)
    assert not p.complete
    assert p.participation_remaining == 400


def test_zroute_complete() -> None:
    p = engine.zroute_progress(800, 800.0, on=date(2025, 1, 1))
    assert p.complete
    assert p.fraction == 1.0


@pytest.mark.parametrize(("language", "participation"), [(-1, 0), (0, -0.5), (float("nan"), 0)])
def test_zroute_rejects_bad_hours(language: float, participation: float) -> None:
    with pytest.raises(ValueError, match="hours"):
        engine.zroute_progress(language, participation, on=date(2025, 1, 1))


def test_zroute_defaults_to_today() -> None:
    assert engine.zroute_progress(0, 0).total_required == 1600


def test_map_progress() -> None:
    p = engine.map_progress(
        25, ["Beroepenoriëntatie", "  werk   vinden", "werk vinden"], on=date(2025, 1, 1)
    )
    assert p.practice_hours_required == 40
    assert p.practice_hours_remaining == 15
    assert p.themes_done == ("beroepenoriëntatie", "werk vinden")
    assert len(p.themes_missing) == 6
    assert not p.complete


def test_map_complete_needs_hours_and_all_themes() -> None:
    themes = engine.rule("map_themes", date(2025, 1, 1)).as_strings()
    assert engine.map_progress(40, themes, on=date(2025, 1, 1)).complete
    assert not engine.map_progress(39.5, themes, on=date(2025, 1, 1)).complete
    assert not engine.map_progress(80, themes[:7], on=date(2025, 1, 1)).complete


def test_map_rejects_unknown_theme() -> None:
    with pytest.raises(ValueError, match="unknown MAP theme 'solliciteren'"):
        engine.map_progress(10, ["solliciteren"], on=date(2025, 1, 1))


def test_pvt_hours_default_and_municipal_override() -> None:
    assert engine.pvt_required_hours(date(2025, 1, 1)) == 12
    assert engine.pvt_required_hours(date(2025, 1, 1), 15) == 15
    with pytest.raises(ValueError, match="positive"):
        engine.pvt_required_hours(date(2025, 1, 1), 0)


# --------------------------------------------------------------------------- aftercare, momentum


@pytest.mark.parametrize(
    ("job_start", "due"),
    [
        (date(2025, 3, 1), date(2025, 8, 31)),
        (date(2025, 8, 31), date(2026, 2, 28)),  # 31 Feb missing -> end of February
        (date(2027, 8, 30), date(2028, 2, 29)),
        (date(2025, 7, 1), date(2025, 12, 31)),
        (date(2025, 7, 15), date(2026, 1, 14)),
    ],
)
def test_aftercare_end(job_start: date, due: date) -> None:
    deadline = engine.aftercare_end(job_start)
    assert deadline.due == due
    assert deadline.kind is DeadlineKind.AFTERCARE_END


@pytest.mark.parametrize(
    ("placement_end", "due"),
    [
        (date(2025, 12, 15), date(2026, 1, 12)),
        (date(2028, 2, 10), date(2028, 3, 9)),
        (date(2027, 2, 10), date(2027, 3, 10)),
    ],
)
def test_momentum_deadline(placement_end: date, due: date) -> None:
    deadline = engine.momentum_deadline(placement_end)
    assert deadline.due == due
    assert deadline.explanation == "rules.momentum.next_step"


@pytest.mark.parametrize(
    ("pip", "due"),
    [
        (date(2025, 3, 14), date(2025, 9, 14)),
        (date(2025, 8, 31), date(2026, 2, 28)),  # 31 Feb missing -> end of February
    ],
)
def test_dual_trajectory_deadline(pip: date, due: date) -> None:
    deadline = engine.dual_trajectory_deadline(pip)
    assert deadline.due == due
    assert deadline.kind is DeadlineKind.DUAL_TRAJECTORY
    assert "drie tot zes maanden" in deadline.rule.source
