from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from spil.core.week import DayPart
from spil.placements import scoring
from spil.placements.matching_bench import generate_instance
from spil.placements.scoring import (
    CEFR,
    PART_NAMES,
    SCALE,
    TRAVEL_UNKNOWN_VALUE,
    Candidate,
    Experience,
    Geo,
    MatchLevel,
    Occupation,
    Offer,
    Transport,
    Weights,
    build_edges,
    default_geo,
    explain,
    match_level,
    normalize_pc4,
    travel_minutes,
)
from spil.placements.tests.factories import (
    CHEF,
    CLEANER,
    COOK,
    WAITER,
    make_candidate,
    make_offer,
)

PROTECTED = {
    "gender", "sex", "nationality", "country_of_origin", "origin", "ethnicity", "race",
    "religion", "belief", "age", "birth_date", "date_of_birth", "birthdate", "birth_year",
    "marital_status", "disability", "health", "sexual_orientation", "political_opinion",
    "bsn", "name",
}  # fmt: skip


def occ(isco: str, uri: str | None = None) -> Occupation:
    return Occupation(isco_code=isco, esco_uri=uri)


# ---------------------------------------------------------------- protected data absent


@pytest.mark.parametrize("cls", [Candidate, Offer, Occupation, Experience])
def test_no_protected_characteristics_in_inputs(cls: type) -> None:
    names = {f.name.lower() for f in dataclasses.fields(cls)}
    assert not names & PROTECTED
    for name in names:
        for word in ("gender", "nation", "relig", "birth", "ethnic", "age"):
            assert word not in name.split("_"), (cls.__name__, name)


def test_explanation_has_no_protected_parts(geo: Geo) -> None:
    e = explain(make_candidate(), make_offer(), geo=geo)
    assert {p.name for p in e.parts} == set(PART_NAMES)
    assert set(PART_NAMES) == {
        "occupation",
        "experience",
        "language",
        "dayparts",
        "hours",
        "travel",
    }


# ---------------------------------------------------------------- explanation arithmetic


def test_perfect_match_scores_full_scale(geo: Geo) -> None:
    c = make_candidate(
        experience=(Experience(occupation=COOK, years=5),), hours_available=16.0, home_pc4="1000"
    )
    e = explain(c, make_offer(hours_per_week=16.0, location_pc4="1000"), geo=geo)
    assert e.feasible
    assert e.total == SCALE
    assert all(p.value == 1.0 for p in e.parts)


def test_parts_sum_to_total_on_random_pairs(geo: Geo) -> None:
    rnd = random.Random(7)
    occs = [COOK, CHEF, WAITER, CLEANER, occ("5223"), occ("7212")]
    for _ in range(300):
        c = make_candidate(
            dream_job=rnd.choice(occs),
            plan_b=rnd.choice([None, *occs]),
            experience=(Experience(occupation=rnd.choice(occs), years=rnd.uniform(0, 8)),),
            speaking=CEFR(rnd.randint(0, 5)),
            listening=CEFR(rnd.randint(0, 5)),
            free_dayparts=frozenset(rnd.sample(list(DayPart), rnd.randint(0, 21))),
            hours_available=rnd.choice([0.0, 8.0, 20.0, 36.0]),
            home_pc4=rnd.choice([None, "1000", "1003", "9999"]),
            transport=rnd.choice(list(Transport)),
            max_travel_minutes=rnd.choice([0, 15, 30, 60]),
        )
        o = make_offer(
            occupation=rnd.choice(occs),
            hours_per_week=rnd.choice([4.0, 16.0, 32.0]),
            dayparts=frozenset(rnd.sample(list(DayPart), rnd.randint(0, 6))),
            required_speaking=CEFR(rnd.randint(0, 4)),
            location_pc4=rnd.choice(["1000", "1001", "1009"]),
        )
        e = explain(c, o, geo=geo)
        assert e.total == sum(p.points for p in e.parts)
        assert 0 <= e.total <= SCALE
        for p in e.parts:
            assert 0.0 <= p.value <= 1.0
            assert p.points == scoring.part_points(p.value, p.weight)
            assert p.detail
        d = e.as_dict()
        assert d["total"] == sum(p["points"] for p in d["parts"])
        assert d["feasible"] is (not d["violations"])


def test_custom_weights_change_points_not_sum_rule(geo: Geo) -> None:
    w = Weights(occupation=0.7, experience=0.0, language=0.1, dayparts=0.1, hours=0.05, travel=0.05)
    e = explain(make_candidate(), make_offer(), geo=geo, weights=w)
    assert e.part("occupation").points == 700
    assert e.total == sum(p.points for p in e.parts)


def test_weights_must_sum_to_one() -> None:
    with pytest.raises(ValueError, match="sum to 1"):
        Weights(occupation=0.5)
    with pytest.raises(ValueError, match=">= 0"):
        Weights(occupation=0.6, experience=-0.1, language=0.15, dayparts=0.1, hours=0.1)


# ---------------------------------------------------------------- occupation fit


def test_match_levels() -> None:
    offer = occ("5120", "x:cook")
    assert match_level(occ("5120", "x:cook"), offer) is MatchLevel.ESCO
    assert match_level(occ("5120", "x:chef"), offer) is MatchLevel.ISCO_UNIT
    assert match_level(occ("5129"), offer) is MatchLevel.ISCO_MINOR
    assert match_level(occ("5131"), offer) is MatchLevel.ISCO_SUB_MAJOR
    assert match_level(occ("5223"), offer) is MatchLevel.ISCO_MAJOR
    assert match_level(occ("9112"), offer) is MatchLevel.NONE
    assert match_level(occ("0110"), occ("0210")) is MatchLevel.ISCO_MAJOR  # leading zero


def test_occupation_ladder_is_strictly_decreasing(geo: Geo) -> None:
    offer = make_offer(occupation=occ("5120", "x:cook"))
    ladder = [occ("5120", "x:cook"), occ("5120", "x:chef"), occ("5129"), occ("5131")]
    ladder += [occ("5223"), occ("9112")]
    pts = [
        explain(make_candidate(dream_job=a), offer, geo=geo).part("occupation").points
        for a in ladder
    ]
    assert pts == sorted(pts, reverse=True)
    assert len(set(pts)) == len(pts)
    assert pts[-1] == 0


def test_dream_job_beats_plan_b_beats_plan_c(geo: Geo) -> None:
    offer = make_offer(occupation=COOK)
    dream = explain(make_candidate(dream_job=COOK, plan_b=CLEANER), offer, geo=geo)
    plan_b = explain(make_candidate(dream_job=CLEANER, plan_b=COOK), offer, geo=geo)
    plan_c = explain(make_candidate(dream_job=CLEANER, plan_b=CLEANER, plan_c=COOK), offer, geo=geo)
    assert dream.total > plan_b.total > plan_c.total
    assert "dream job" in dream.part("occupation").detail
    assert "plan B" in plan_b.part("occupation").detail
    assert "plan C" in plan_c.part("occupation").detail


def test_no_ambitions_is_not_infeasible(geo: Geo) -> None:
    e = explain(make_candidate(dream_job=None), make_offer(), geo=geo)
    assert e.feasible
    assert e.part("occupation").points == 0
    assert "no ambitions" in e.part("occupation").detail


def test_experience_counts_related_years(geo: Geo) -> None:
    offer = make_offer(occupation=COOK)
    none = explain(make_candidate(), offer, geo=geo).part("experience")
    related = explain(
        make_candidate(experience=(Experience(occupation=CHEF, years=2),)), offer, geo=geo
    ).part("experience")
    same = explain(
        make_candidate(experience=(Experience(occupation=COOK, years=2),)), offer, geo=geo
    ).part("experience")
    assert none.value == 0.0 < related.value < same.value < 1.0
    assert "2 years" in same.detail


# ---------------------------------------------------------------- hard rules


def test_language_one_level_short_is_partial_two_is_infeasible(geo: Geo) -> None:
    offer = make_offer(required_speaking=CEFR.B1, required_listening=CEFR.B1)
    meets = explain(make_candidate(speaking=CEFR.B2, listening=CEFR.B1), offer, geo=geo)
    one = explain(make_candidate(speaking=CEFR.A2, listening=CEFR.B1), offer, geo=geo)
    two = explain(make_candidate(speaking=CEFR.A1, listening=CEFR.B1), offer, geo=geo)
    assert meets.part("language").value == 1.0
    assert one.feasible
    assert one.part("language").value == 0.75
    assert not two.feasible
    assert [v.rule for v in two.violations] == ["language"]
    listening = explain(make_candidate(speaking=CEFR.B1, listening=CEFR.A1), offer, geo=geo)
    assert not listening.feasible


def test_dayparts_zero_overlap_is_infeasible_partial_is_scored(geo: Geo) -> None:
    offer = make_offer(dayparts=frozenset({DayPart.MON_MORNING, DayPart.TUE_MORNING}))
    none = explain(make_candidate(free_dayparts=frozenset({DayPart.WED_MORNING})), offer, geo=geo)
    half = explain(make_candidate(free_dayparts=frozenset({DayPart.MON_MORNING})), offer, geo=geo)
    assert not none.feasible
    assert [v.rule for v in none.violations] == ["dayparts"]
    assert half.feasible
    assert half.part("dayparts").value == 0.5
    flexible = explain(
        make_candidate(free_dayparts=frozenset()), make_offer(dayparts=frozenset()), geo=geo
    )
    assert flexible.feasible
    assert flexible.part("dayparts").value == 1.0


def test_hours_beyond_availability_is_infeasible(geo: Geo) -> None:
    assert not explain(
        make_candidate(hours_available=12.0), make_offer(hours_per_week=16.0), geo=geo
    ).feasible
    ok = explain(make_candidate(hours_available=32.0), make_offer(hours_per_week=16.0), geo=geo)
    assert ok.feasible
    assert ok.part("hours").value == 0.5


def test_travel_beyond_max_is_infeasible(geo: Geo) -> None:
    # 1000 -> 1001 is ~6.9 km: by bike ~36 min, by foot ~112 min
    near = explain(make_candidate(max_travel_minutes=45), make_offer(location_pc4="1001"), geo=geo)
    assert near.feasible
    assert 0.0 < near.part("travel").value < 1.0
    assert "min by bike" in near.part("travel").detail
    walk = explain(
        make_candidate(transport=Transport.WALK, max_travel_minutes=45),
        make_offer(location_pc4="1001"),
        geo=geo,
    )
    assert [v.rule for v in walk.violations] == ["travel"]
    car = explain(
        make_candidate(transport=Transport.CAR, max_travel_minutes=45),
        make_offer(location_pc4="1003"),
        geo=geo,
    )
    assert car.feasible  # ~20.6 km by car: 5 + 20.6 * 1.56 = ~37 min


def test_person_without_postcode_travel_unknown_neutral_never_infeasible(geo: Geo) -> None:
    for transport in Transport:
        c = make_candidate(home_pc4=None, transport=transport, max_travel_minutes=0)
        e = explain(c, make_offer(location_pc4="1009"), geo=geo)
        assert e.feasible
        part = e.part("travel")
        assert part.value == TRAVEL_UNKNOWN_VALUE
        assert part.known is False
        assert "unknown" in part.detail
        assert "no home postcode" in part.detail
    unknown_code = explain(make_candidate(home_pc4="9999"), make_offer(), geo=geo)
    assert unknown_code.feasible
    assert "not in the PC4 reference table" in unknown_code.part("travel").detail
    no_offer_loc = explain(make_candidate(), make_offer(location_pc4=None), geo=geo)
    assert no_offer_loc.feasible
    assert no_offer_loc.part("travel").known is False


def test_travel_model_monotone_in_speed() -> None:
    km = 10.0
    times = [travel_minutes(km, t) for t in Transport]
    walk, bike, pt, car = times
    assert walk > bike > pt > car > 0


# ---------------------------------------------------------------- inputs and data


def test_input_validation() -> None:
    with pytest.raises(ValueError, match="4 digits"):
        Occupation(isco_code="512")
    with pytest.raises(ValueError, match="home_pc4"):
        make_candidate(home_pc4="1234 AB")
    with pytest.raises(ValueError, match="places"):
        make_offer(places=-1)
    assert normalize_pc4(" 1234 ab") == "1234"
    assert normalize_pc4("0123") is None
    assert normalize_pc4("") is None
    assert normalize_pc4(None) is None


def test_data_dir_env_and_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SPIL_DATA_DIR", str(tmp_path))
    assert scoring.data_dir() == tmp_path
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "nl_pc4_geonames.tsv").write_text(
        "pc4\tplace\tprovince\tgemeente\tgemeente_code\tlat\tlon\n"
        "1234\tA\tP\tG\t0001\t52.0\t5.0\n"
        "1234\tB\tP\tG\t0001\t52.2\t5.2\n"
        "bad\tC\tP\tG\t0001\t1\t1\n",
        encoding="utf-8",
    )
    g = Geo.load()
    assert g.codes() == ["1234"]
    lat, lon = g.coords("1234") or (0.0, 0.0)
    assert lat == pytest.approx(52.1)
    assert lon == pytest.approx(5.1)
    monkeypatch.delenv("SPIL_DATA_DIR")
    repo_root = Path(scoring.__file__).resolve().parents[3]
    assert (repo_root / "src" / "spil").is_dir()
    assert scoring.data_dir() == repo_root.parent / "shared" / "data"


def test_real_pc4_table_loads() -> None:
    g = default_geo()
    assert len(g) > 4000
    amsterdam = g.coords("1011")
    assert amsterdam is not None
    assert 52.3 < amsterdam[0] < 52.4


# ---------------------------------------------------------------- vectorised == scalar


def _scalar_edges(
    cands: list[Candidate], offs: list[Offer], geo: Geo
) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for c in cands:
        for o in offs:
            if o.places <= 0:
                continue
            e = explain(c, o, geo=geo)
            if e.feasible:
                out[(c.id, o.id)] = e.total
    return out


def _vector_edges(
    cands: list[Candidate], offs: list[Offer], geo: Geo
) -> dict[tuple[str, str], int]:
    edges = build_edges(cands, offs, geo=geo, max_block_pairs=5000)
    return {
        (edges.candidate_ids[int(i)], edges.offer_ids[int(j)]): int(s)
        for i, j, s in zip(edges.cand, edges.offer, edges.score, strict=True)
    }


def _assert_same(vec: dict[tuple[str, str], int], ref: dict[tuple[str, str], int]) -> None:
    # pruning never drops a feasible pair, and never keeps an infeasible one
    assert set(vec) == set(ref)
    # numpy and math trig may differ in the last bit; allow 1 point of rounding at most
    assert all(abs(vec[k] - ref[k]) <= 1 for k in ref)
    exact = sum(vec[k] == ref[k] for k in ref)
    assert exact >= 0.99 * len(ref)


def test_build_edges_matches_scalar_on_realistic_instance() -> None:
    geo = default_geo()
    cands, offs = generate_instance(160, 140, seed=3, geo=geo)
    ref = _scalar_edges(cands, offs, geo)
    assert len(ref) > 100
    _assert_same(_vector_edges(cands, offs, geo), ref)


def test_build_edges_matches_scalar_near_travel_boundaries(geo: Geo) -> None:
    # dense points and every travel budget, so many pairs sit close to the limit
    rnd = random.Random(11)
    pts = {
        f"{2000 + i}": (52.0 + rnd.uniform(-0.3, 0.3), 5.0 + rnd.uniform(-0.5, 0.5))
        for i in range(60)
    }
    g = Geo(pts)
    codes = [*sorted(pts), None, "9999"]
    cands = [
        make_candidate(
            f"c{i:03d}",
            home_pc4=rnd.choice(codes),
            transport=rnd.choice(list(Transport)),
            max_travel_minutes=rnd.choice([0, 5, 10, 20, 30, 45, 60, 90]),
            speaking=CEFR(rnd.randint(0, 4)),
            hours_available=rnd.choice([0.0, 8.0, 16.0, 32.0]),
            free_dayparts=frozenset(rnd.sample(list(DayPart), rnd.randint(0, 10))),
        )
        for i in range(120)
    ]
    offs = [
        make_offer(
            f"o{j:03d}",
            location_pc4=rnd.choice(codes),
            places=rnd.choice([0, 1, 2]),
            hours_per_week=rnd.choice([0.0, 8.0, 16.0]),
            required_speaking=CEFR(rnd.randint(0, 4)),
            dayparts=frozenset(rnd.sample(list(DayPart), rnd.randint(0, 4))),
        )
        for j in range(90)
    ]
    ref = _scalar_edges(cands, offs, g)
    assert len(ref) > 100
    _assert_same(_vector_edges(cands, offs, g), ref)
