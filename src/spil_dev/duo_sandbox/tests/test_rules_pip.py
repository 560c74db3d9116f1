"""README §PIP: registering and deleting a PIP, each rule refused and accepted."""

from __future__ import annotations

from datetime import date

import pytest

from spil.duo.client import DuoNotFound, DuoRefused
from spil_dev.duo_sandbox import Fout
from spil_dev.testing.duo import GEM_A, GEM_A_CODE, GEM_B, INST_BOW, PLICHT_START, Env


def refused(exc: pytest.ExceptionInfo[DuoRefused], fout: Fout) -> bool:
    return exc.value.status == 403 and fout.tekst() in exc.value.foutmeldingen


# ---- datum dagtekening ------------------------------------------------------------------


def test_dagtekening_not_before_start_inburgeringsplicht(env: Env) -> None:
    bsn = env.person(plicht_begindatum=date(2024, 3, 1), vestigingsdatum=date(2024, 1, 1))
    with pytest.raises(DuoRefused) as exc:
        env.a.post_pip(bsn, {"dagtekeningPip": "2024-02-29", "leerroute": "B"})
    assert refused(exc, Fout.DAGTEKENING_VOOR_START_PLICHT)
    assert exc.value.foutmeldingen == [Fout.DAGTEKENING_VOOR_START_PLICHT.tekst()]
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B"})  # same day: ok
    assert env.a.get_pip(bsn)["pip"]["dagtekeningPip"] == "2024-03-01"


def test_dagtekening_requires_inburgeringsplicht(env: Env) -> None:
    bsn = env.person(plichtig=False)
    with pytest.raises(DuoRefused) as exc:
        env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B"})
    assert refused(exc, Fout.GEEN_INBURGERINGSPLICHT)


def test_changed_pip_not_before_actuele_pip(env: Env) -> None:
    bsn = env.person()
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-05-10", "leerroute": "B"})
    with pytest.raises(DuoRefused) as exc:
        env.a.post_pip(bsn, {"dagtekeningPip": "2024-05-09", "leerroute": "Z"})
    assert refused(exc, Fout.DAGTEKENING_VOOR_ACTUELE_PIP)
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-05-10", "leerroute": "Z"})
    assert env.a.get_pip(bsn)["pip"]["leerroute"] == "Z"
    assert len(env.store.person(bsn).pips) == 2


def test_changed_pip_not_before_initiele_pip(env: Env) -> None:
    # History where the actuele PIP is dated before the initial one (e.g. after a correction
    # at DUO); only the initial-PIP rule can then refuse.
    bsn = env.person()
    env.store.seed_pip(
        bsn, GEM_A, {"dagtekeningPip": "2024-06-01", "leerroute": "B"}, date(2024, 6, 1)
    )
    env.store.seed_pip(
        bsn, GEM_A, {"dagtekeningPip": "2024-04-01", "leerroute": "B"}, date(2024, 6, 2)
    )
    with pytest.raises(DuoRefused) as exc:
        env.a.post_pip(bsn, {"dagtekeningPip": "2024-05-01", "leerroute": "B"})
    assert exc.value.foutmeldingen == [Fout.DAGTEKENING_VOOR_INITIELE_PIP.tekst()]
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-06-01", "leerroute": "B"})


def test_dagtekening_not_before_vestiging_in_gemeente(env: Env) -> None:
    bsn = env.person(plicht_begindatum=date(2024, 1, 15), vestigingsdatum=date(2024, 4, 30))
    with pytest.raises(DuoRefused) as exc:
        env.a.post_pip(bsn, {"dagtekeningPip": "2024-04-29", "leerroute": "B"})
    assert exc.value.foutmeldingen == [Fout.DAGTEKENING_VOOR_VESTIGING.tekst()]
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-04-30", "leerroute": "B"})


def test_vestiging_rule_uses_the_new_gemeente_after_a_move(env: Env) -> None:
    bsn = env.person()
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B"})
    env.store.move(bsn, GEM_B, date(2025, 1, 10))
    with pytest.raises(DuoRefused) as exc:
        env.b.post_pip(bsn, {"dagtekeningPip": "2025-01-09", "leerroute": "B"})
    assert refused(exc, Fout.DAGTEKENING_VOOR_VESTIGING)
    env.b.post_pip(bsn, {"dagtekeningPip": "2025-01-10", "leerroute": "B"})
    assert env.a.get_pip(bsn)["gemeentecode"] != GEM_A_CODE  # actuele PIP is B's now


# ---- niveau -----------------------------------------------------------------------------


def test_a2_not_with_onderwijsroute(env: Env) -> None:
    bsn = env.person()
    with pytest.raises(DuoRefused) as exc:
        env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "O", "niveau": "A2"})
    assert exc.value.foutmeldingen == [Fout.A2_MET_ONDERWIJSROUTE.tekst()]
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "O", "niveau": "B1"})


def test_b1_not_with_zroute(env: Env) -> None:
    bsn = env.person()
    with pytest.raises(DuoRefused) as exc:
        env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "Z", "niveau": "B1"})
    assert exc.value.foutmeldingen == [Fout.B1_MET_ZROUTE.tekst()]
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "Z", "niveau": "A2"})


def test_zroute_without_niveau_gets_no_default(env: Env) -> None:
    bsn = env.person()
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "Z"})
    assert "niveau" not in env.a.get_pip(bsn)["pip"]


def test_a2_with_b1route_refused_for_the_first_pip_only(env: Env) -> None:
    bsn = env.person()
    with pytest.raises(DuoRefused) as exc:
        env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B", "niveau": "A2"})
    assert exc.value.foutmeldingen == [Fout.A2_MET_B1ROUTE_EERSTE_PIP.tekst()]
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B", "niveau": "B1"})
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-09-01", "leerroute": "B", "niveau": "A2"})
    assert env.a.get_pip(bsn)["pip"]["niveau"] == "A2"


def test_first_pip_rule_counts_pips_of_any_gemeente(env: Env) -> None:
    bsn = env.person()
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B"})
    env.store.move(bsn, GEM_B, date(2024, 8, 1))
    env.b.post_pip(bsn, {"dagtekeningPip": "2024-08-01", "leerroute": "B", "niveau": "A2"})


@pytest.mark.parametrize("leerroute", ["B", "O"])
def test_niveau_defaults_to_b1(env: Env, leerroute: str) -> None:
    bsn = env.person()
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": leerroute})  # type: ignore[typeddict-item]
    assert env.a.get_pip(bsn)["pip"]["niveau"] == "B1"


# ---- geschatte intensiteit ----------------------------------------------------------------


def test_intensiteit_only_with_b1route(env: Env) -> None:
    bsn = env.person(doelgroep="asiel")
    pip = {"dagtekeningPip": "2024-03-01", "leerroute": "Z", "geschatteIntensiteitB1Route": 400}
    with pytest.raises(DuoRefused) as exc:
        env.a.post_pip(bsn, pip)  # type: ignore[arg-type]
    assert exc.value.foutmeldingen == [Fout.INTENSITEIT_ALLEEN_B1ROUTE.tekst()]
    env.a.post_pip(bsn, {**pip, "leerroute": "B"})  # type: ignore[typeddict-item]


def test_intensiteit_only_for_asielmigranten(env: Env) -> None:
    bsn = env.person(doelgroep="gezin")
    pip = {"dagtekeningPip": "2024-03-01", "leerroute": "B", "geschatteIntensiteitB1Route": 400}
    with pytest.raises(DuoRefused) as exc:
        env.a.post_pip(bsn, pip)  # type: ignore[arg-type]
    assert exc.value.foutmeldingen == [Fout.INTENSITEIT_ALLEEN_ASIEL.tekst()]
    del pip["geschatteIntensiteitB1Route"]
    env.a.post_pip(bsn, pip)  # type: ignore[arg-type]


def test_several_violations_are_all_reported(env: Env) -> None:
    bsn = env.person(doelgroep="gezin")
    with pytest.raises(DuoRefused) as exc:
        env.a.post_pip(
            bsn,
            {
                "dagtekeningPip": "2023-12-31",
                "leerroute": "O",
                "niveau": "A2",
                "geschatteIntensiteitB1Route": 10,
            },
        )
    assert set(exc.value.foutmeldingen) == {
        Fout.DAGTEKENING_VOOR_START_PLICHT.tekst(),
        Fout.DAGTEKENING_VOOR_VESTIGING.tekst(),
        Fout.A2_MET_ONDERWIJSROUTE.tekst(),
        Fout.INTENSITEIT_ALLEEN_B1ROUTE.tekst(),
        Fout.INTENSITEIT_ALLEEN_ASIEL.tekst(),
    }
    assert env.store.person(bsn).pips == []
    assert Fout.DAGTEKENING_VOOR_START_PLICHT.tekst() in exc.value.message


# ---- deleting a PIP ------------------------------------------------------------------------


def test_delete_pip_refused_once_termijn_is_set(env: Env) -> None:
    bsn = env.person()
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B"})
    env.store.set_termijn(bsn, date(2024, 3, 1), date(2027, 3, 1))
    with pytest.raises(DuoRefused) as exc:
        env.a.delete_pip(bsn)
    assert exc.value.foutmeldingen == [Fout.PIP_TERMIJN_VASTGESTELD.tekst()]
    assert len(env.store.person(bsn).pips) == 1


def test_delete_pip_restores_the_previous_pip(env: Env) -> None:
    bsn = env.person()
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B"})
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-04-01", "leerroute": "Z"})
    env.a.delete_pip(bsn)
    assert env.a.get_pip(bsn)["pip"] == {
        "dagtekeningPip": "2024-03-01",
        "leerroute": "B",
        "niveau": "B1",
    }


def test_delete_pip_refused_with_cursusdeelnameuren_on_actueel_aanbod(env: Env) -> None:
    bsn = env.person()
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B"})
    env.a.post_inburgeringsaanbod(bsn, INST_BOW, {"indicatorAlfabetiseringsonderwijs": "NVT"})
    env.store.register_cursusdeelnameuren(bsn, INST_BOW, 0)
    env.store.register_cursusdeelnameuren(bsn, "1000000077", 12)  # instelling without aanbod
    env.store.register_cursusdeelnameuren(bsn, INST_BOW, 8)
    with pytest.raises(DuoRefused) as exc:
        env.a.delete_pip(bsn)
    assert exc.value.foutmeldingen == [Fout.PIP_CURSUSUREN_GEREGISTREERD.tekst()]
    env.a.delete_inburgeringsaanbod(bsn, INST_BOW)
    env.a.delete_pip(bsn)  # hours of an instelling without actueel aanbod do not block
    assert env.store.person(bsn).pips == []


def test_delete_pip_of_another_gemeente_refused(env: Env) -> None:
    bsn = env.person()
    env.a.post_pip(bsn, {"dagtekeningPip": "2024-03-01", "leerroute": "B"})
    env.store.move(bsn, GEM_B, date(2024, 6, 1))
    with pytest.raises(DuoRefused) as exc:
        env.b.delete_pip(bsn)
    assert exc.value.foutmeldingen == [Fout.PIP_NIET_VAN_GEMEENTE.tekst()]


def test_delete_without_pip_is_not_found(env: Env) -> None:
    bsn = env.person()
    with pytest.raises(DuoNotFound):
        env.a.delete_pip(bsn)
    with pytest.raises(DuoNotFound):
        env.a.get_pip(bsn)


def test_pip_dagtekening_on_plicht_start_day(env: Env) -> None:
    bsn = env.person(vestigingsdatum=PLICHT_START)
    env.a.post_pip(bsn, {"dagtekeningPip": PLICHT_START.isoformat(), "leerroute": "O"})
