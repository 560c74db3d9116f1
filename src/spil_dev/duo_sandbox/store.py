"""In-memory, thread-safe state of the DUO sandbox, optionally persisted to a JSON file.

Everything DUO "knows" about a person lives on :class:`Person`. Payloads that DUO echoes
back unchanged (PIP, inburgeringsaanbod, vrijstellingen, ...) are kept in wire format (the
TypedDicts of :mod:`spil.duo.contract.types`); facts the business rules compute with are
kept as :class:`datetime.date`.

Seeding methods (``add_gemeente``, ``add_person``, ``set_termijn`` ...) bypass DUO's rules on
purpose: they model what happened at DUO's side (IND, BRP, COA, exam results).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import tempfile
import threading
import types
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from spil.duo.contract.types import (
    Examenresultaat,
    GratisPogingTegoed,
    Inburgeringsaanbod,
    Instelling,
    LbtResultaat,
    Ontheffing,
    Pip,
    RedenGeenInburgeringsplicht,
    Verlengingsgrond,
    Vrijstelling,
)
from spil.duo.privacy import mask_bsn

__all__ = [
    "SANDBOX_DUO_OIN",
    "AanbodRecord",
    "Contactpersoon",
    "Doelgroep",
    "Gemeente",
    "Person",
    "PipRecord",
    "ResultaatRecord",
    "SandboxStore",
    "Termijn",
    "UnknownPerson",
    "UrenRecord",
]

#: OIN the sandbox answers to as ``doel``. NOT DUO's production OIN: configure the real one
#: in the Django settings for production.
SANDBOX_DUO_OIN = "00000099000000000001"

Doelgroep = Literal["asiel", "gezin"]

#: Sample verlengingsgronden of the sandbox (DUO's own list is served by DUO; the spec does
#: not publish it).
DEFAULT_VERLENGINGSGRONDEN: tuple[Verlengingsgrond, ...] = (
    {"code": "1", "omschrijving": "Sandbox: ambtshalve verlenging"},
    {"code": "2", "omschrijving": "Sandbox: verlenging op verzoek van de inburgeraar"},
    {"code": "3", "omschrijving": "Sandbox: verlenging na intrekking tijdelijke vrijstelling"},
)


class UnknownPerson(KeyError):  # noqa: N818 - reads as a domain fact
    def __init__(self, bsn: str) -> None:
        super().__init__(f"person {mask_bsn(bsn)} is not known to the sandbox")


@dataclass
class Gemeente:
    oin: str
    gemeentecode: str
    naam: str = ""
    #: Full URL of the municipality's Notificatie endpoint (``.../v1/notificaties``).
    notificatie_url: str | None = None


@dataclass
class PipRecord:
    gemeente_oin: str
    pip: Pip
    registered_on: date


@dataclass
class Termijn:
    startdatum: date
    einddatum: date  # exclusive, as in the Inburgeringstermijn schema
    verlengingsgrondcode: str | None = None
    verlengingsgrondomschrijving: str | None = None
    wijzigingsdatum: date | None = None


@dataclass
class ResultaatRecord:
    """Stored MAP eindgesprek or PVT ondertekening (``datum`` None after a withdrawal)."""

    gemeente_oin: str
    datum: date | None
    verwijtbaar: str | None
    registered_on: date


@dataclass
class AanbodRecord:
    gemeente_oin: str
    aanbod: Inburgeringsaanbod
    registered_on: date


@dataclass
class UrenRecord:
    participatie_als_taalles: int | None = None
    participatieactiviteiten_brede_intake: int | None = None
    taalles_en_knm_brede_intake: int | None = None
    bekend_tot: date | None = None


@dataclass
class DoelgroepPeriode:
    doelgroep: Doelgroep
    begindatum: date | None
    einddatum: date | None = None


@dataclass
class PlichtPeriode:
    indicator: bool
    begindatum: date | None
    einddatum: date | None
    wijzigingsdatum: date | None


@dataclass
class Person:
    bsn: str
    gemeente_oin: str  # gemeente the person falls under (ingezetene, or COA-linked)
    doelgroep: Doelgroep = "asiel"
    gedetailleerde_doelgroep: str | None = None
    doelgroep_begindatum: date | None = None
    asielrechten_wijziging: str | None = None
    v_nummer: int | None = None
    in_coa: bool = False
    #: vestigingsdatum per gemeente OIN (latest vestiging in that gemeente).
    vestigingen: dict[str, date] = field(default_factory=dict)
    plicht_indicator: bool = True
    plicht_begindatum: date | None = None
    plicht_einddatum: date | None = None
    datum_kennisgeving: date | None = None
    reden_geen_plicht: RedenGeenInburgeringsplicht | None = None
    plicht_wijzigingsdatum: date | None = None
    voldaan_via_zroute: bool = False
    termijn: Termijn | None = None
    pips: list[PipRecord] = field(default_factory=list)  # history; last one is "actueel"
    examennummer: str | None = None
    lbt_resultaten: list[LbtResultaat] = field(default_factory=list)
    vrijstellingen: list[Vrijstelling] = field(default_factory=list)
    ontheffingen: list[Ontheffing] = field(default_factory=list)
    examenresultaten: list[Examenresultaat] = field(default_factory=list)
    gratis_pogingen: list[GratisPogingTegoed] = field(default_factory=list)
    map: ResultaatRecord | None = None
    pvt: ResultaatRecord | None = None
    zroute_afgerond: date | None = None
    zroute_gemeente_oin: str | None = None
    aanbiedingen: dict[str, AanbodRecord] = field(default_factory=dict)  # per instellingsnr.
    #: cursusdeelnameuren that instellingen reported, per instellingsnummer.
    cursusdeelnameuren: dict[str, int] = field(default_factory=dict)
    uren: dict[str, UrenRecord] = field(default_factory=dict)  # per gemeente OIN
    contactpersoon_id: int | None = None
    termijn_historie: list[Termijn] = field(default_factory=list)
    doelgroep_historie: list[DoelgroepPeriode] = field(default_factory=list)
    plicht_historie: list[PlichtPeriode] = field(default_factory=list)

    @property
    def actuele_pip(self) -> PipRecord | None:
        return self.pips[-1] if self.pips else None

    @property
    def initiele_pip(self) -> PipRecord | None:
        return self.pips[0] if self.pips else None

    def __repr__(self) -> str:  # never show the BSN
        return f"Person({mask_bsn(self.bsn)}, gemeente={self.gemeente_oin})"


@dataclass
class Contactpersoon:
    id: int
    gemeente_oin: str
    naam: str
    email: str
    telefoonnummer: str


@dataclass
class Fault:
    """Injected infrastructure failure (for retry tests and demos)."""

    status: int
    remaining: int
    operation_id: str | None = None


@dataclass
class State:
    gemeenten: dict[str, Gemeente] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    contactpersonen: dict[int, Contactpersoon] = field(default_factory=dict)
    instellingen: dict[str, Instelling] = field(default_factory=dict)
    verlengingsgronden: list[Verlengingsgrond] = field(
        default_factory=lambda: [dict(v) for v in DEFAULT_VERLENGINGSGRONDEN]  # type: ignore[misc]
    )
    next_contactpersoon_id: int = 1
    faults: list[Fault] = field(default_factory=list)
    # berichtId -> [operationId, status, body] of each accepted change (a repeat of the same
    # message is answered the same way and changes nothing: sends are idempotent)
    berichten: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- JSON codec

T = TypeVar("T")


def _to_jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {str(k): _to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_to_jsonable(v) for v in obj]
    return obj


def _from_jsonable(tp: Any, data: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if data is None:
            return None
        return _from_jsonable(args[0], data)
    if tp is date:
        return date.fromisoformat(data)
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_from_jsonable(item, v) for v in data]
    if origin is dict:
        key_t, val_t = typing.get_args(tp)
        return {(int(k) if key_t is int else k): _from_jsonable(val_t, v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        kwargs = {
            f.name: _from_jsonable(hints[f.name], data[f.name])
            for f in dataclasses.fields(tp)
            if f.name in data
        }
        return tp(**kwargs)
    return data  # primitives, Literal, TypedDict payloads (kept in wire format)


# --------------------------------------------------------------------------- store


class SandboxStore:
    """Thread-safe state holder. Use :meth:`transaction` for read-modify-write sequences."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._lock = threading.RLock()
        self._path = Path(path) if path is not None else None
        self._state = State()
        if self._path is not None and self._path.exists():
            self._state = self._load(self._path)

    # ---- persistence

    @staticmethod
    def _load(path: Path) -> State:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
        return cast(State, _from_jsonable(State, data))

    def save(self) -> None:
        """Write the state file (atomically); a no-op for a purely in-memory store."""
        if self._path is None:
            return
        with self._lock:
            payload = json.dumps(_to_jsonable(self._state), ensure_ascii=False, indent=1)
            self._path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=".duo-sandbox-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            os.replace(tmp, self._path)

    @contextmanager
    def transaction(self, *, save: bool = True) -> Iterator[State]:
        """Lock the store, yield the live state, persist on successful exit (if ``save``)."""
        with self._lock:
            yield self._state
            if save:
                self.save()

    @contextmanager
    def reading(self) -> Iterator[State]:
        with self._lock:
            yield self._state

    # ---- seeding: organisations

    def add_gemeente(
        self, oin: str, gemeentecode: str, naam: str = "", notificatie_url: str | None = None
    ) -> Gemeente:
        if len(oin) != 20 or not oin.isdigit():
            raise ValueError("an OIN has 20 digits")
        if len(gemeentecode) != 4 or not gemeentecode.isdigit():
            raise ValueError("a gemeentecode has 4 digits")
        g = Gemeente(oin, gemeentecode, naam, notificatie_url)
        with self.transaction() as s:
            s.gemeenten[oin] = g
        return g

    def add_instelling(self, instelling: Instelling) -> None:
        with self.transaction() as s:
            s.instellingen[instelling["instellingsnummer"]] = copy.deepcopy(instelling)

    def set_verlengingsgronden(self, gronden: list[Verlengingsgrond]) -> None:
        with self.transaction() as s:
            s.verlengingsgronden = copy.deepcopy(gronden)

    # ---- seeding: persons

    def add_person(
        self,
        bsn: str,
        *,
        gemeente_oin: str,
        plicht_begindatum: date | None,
        doelgroep: Doelgroep = "asiel",
        vestigingsdatum: date | None = None,
        v_nummer: int | None = None,
        in_coa: bool = False,
        gedetailleerde_doelgroep: str | None = None,
        datum_kennisgeving: date | None = None,
        plichtig: bool = True,
    ) -> Person:
        """Register a person DUO knows. ``plicht_begindatum`` is the start of the
        inburgeringsplicht; ``vestigingsdatum`` the date of settling in ``gemeente_oin``."""
        if len(bsn) != 9 or not bsn.isdigit():
            raise ValueError("a BSN has 9 digits")
        detail = gedetailleerde_doelgroep or (
            "Asielstatushouder" if doelgroep == "asiel" else "Gezinsvormer"
        )
        p = Person(
            bsn=bsn,
            gemeente_oin=gemeente_oin,
            doelgroep=doelgroep,
            gedetailleerde_doelgroep=detail,
            doelgroep_begindatum=plicht_begindatum,
            v_nummer=v_nummer,
            in_coa=in_coa,
            vestigingen={gemeente_oin: vestigingsdatum} if vestigingsdatum else {},
            plicht_indicator=plichtig,
            plicht_begindatum=plicht_begindatum,
            datum_kennisgeving=datum_kennisgeving,
            plicht_wijzigingsdatum=plicht_begindatum,
        )
        with self.transaction() as s:
            if gemeente_oin not in s.gemeenten:
                raise ValueError("unknown gemeente OIN; add_gemeente first")
            s.persons[bsn] = p
        return copy.deepcopy(p)

    def _person(self, s: State, bsn: str) -> Person:
        try:
            return s.persons[bsn]
        except KeyError:
            raise UnknownPerson(bsn) from None

    def person(self, bsn: str) -> Person:
        """A deep copy of the stored person (for assertions and display)."""
        with self.reading() as s:
            return copy.deepcopy(self._person(s, bsn))

    def has_person(self, bsn: str) -> bool:
        with self.reading() as s:
            return bsn in s.persons

    def move(
        self, bsn: str, gemeente_oin: str, vestigingsdatum: date, *, in_coa: bool = False
    ) -> None:
        """Person settles in (or is COA-linked to) another gemeente."""
        with self.transaction() as s:
            if gemeente_oin not in s.gemeenten:
                raise ValueError("unknown gemeente OIN; add_gemeente first")
            p = self._person(s, bsn)
            p.gemeente_oin = gemeente_oin
            p.in_coa = in_coa
            p.vestigingen[gemeente_oin] = vestigingsdatum

    def set_doelgroep(
        self,
        bsn: str,
        doelgroep: Doelgroep,
        begindatum: date,
        *,
        gedetailleerde_doelgroep: str | None = None,
        asielrechten_wijziging: str | None = None,
    ) -> None:
        with self.transaction() as s:
            p = self._person(s, bsn)
            p.doelgroep_historie.append(
                DoelgroepPeriode(p.doelgroep, p.doelgroep_begindatum, begindatum)
            )
            p.doelgroep = doelgroep
            p.doelgroep_begindatum = begindatum
            p.gedetailleerde_doelgroep = gedetailleerde_doelgroep or (
                "Asielstatushouder" if doelgroep == "asiel" else "Overig"
            )
            p.asielrechten_wijziging = asielrechten_wijziging

    def set_inburgeringsplicht(
        self,
        bsn: str,
        *,
        indicator: bool,
        begindatum: date | None,
        einddatum: date | None = None,
        reden: RedenGeenInburgeringsplicht | None = None,
        wijzigingsdatum: date | None = None,
    ) -> None:
        with self.transaction() as s:
            p = self._person(s, bsn)
            p.plicht_historie.append(
                PlichtPeriode(
                    p.plicht_indicator,
                    p.plicht_begindatum,
                    p.plicht_einddatum,
                    p.plicht_wijzigingsdatum,
                )
            )
            p.plicht_indicator = indicator
            p.plicht_begindatum = begindatum
            p.plicht_einddatum = einddatum
            p.reden_geen_plicht = reden
            p.plicht_wijzigingsdatum = wijzigingsdatum or begindatum

    def mark_voldaan_via_zroute(self, bsn: str, datum: date) -> None:
        """DUO established that the plicht is met via the Z-route."""
        with self.transaction() as s:
            p = self._person(s, bsn)
            p.voldaan_via_zroute = True
            p.plicht_historie.append(
                PlichtPeriode(True, p.plicht_begindatum, datum, p.plicht_wijzigingsdatum)
            )
            p.plicht_indicator = False
            p.plicht_einddatum = datum
            p.reden_geen_plicht = "Inburgeringsplicht voldaan"
            p.plicht_wijzigingsdatum = datum

    def set_termijn(
        self,
        bsn: str,
        startdatum: date,
        einddatum: date,
        *,
        verlengingsgrondcode: str | None = None,
        verlengingsgrondomschrijving: str | None = None,
        wijzigingsdatum: date | None = None,
    ) -> None:
        """Set (or extend) the inburgeringstermijn; ``einddatum`` is exclusive."""
        if einddatum <= startdatum:
            raise ValueError("einddatum must be after startdatum")
        with self.transaction() as s:
            p = self._person(s, bsn)
            if p.termijn is not None:
                p.termijn_historie.append(p.termijn)
            p.termijn = Termijn(
                startdatum,
                einddatum,
                verlengingsgrondcode,
                verlengingsgrondomschrijving,
                wijzigingsdatum or startdatum,
            )

    def seed_pip(self, bsn: str, gemeente_oin: str, pip: Pip, registered_on: date) -> None:
        """Put a PIP in the history without applying DUO's rules."""
        with self.transaction() as s:
            self._person(s, bsn).pips.append(
                PipRecord(gemeente_oin, copy.deepcopy(pip), registered_on)
            )

    def set_examennummer(self, bsn: str, examennummer: str | None) -> None:
        with self.transaction() as s:
            self._person(s, bsn).examennummer = examennummer

    def add_lbt_resultaat(self, bsn: str, resultaat: LbtResultaat) -> None:
        with self.transaction() as s:
            self._person(s, bsn).lbt_resultaten.append(copy.deepcopy(resultaat))

    def add_vrijstelling(self, bsn: str, vrijstelling: Vrijstelling) -> None:
        with self.transaction() as s:
            self._person(s, bsn).vrijstellingen.append(copy.deepcopy(vrijstelling))

    def add_ontheffing(self, bsn: str, ontheffing: Ontheffing) -> None:
        with self.transaction() as s:
            self._person(s, bsn).ontheffingen.append(copy.deepcopy(ontheffing))

    def add_examenresultaat(self, bsn: str, resultaat: Examenresultaat) -> None:
        with self.transaction() as s:
            self._person(s, bsn).examenresultaten.append(copy.deepcopy(resultaat))

    def set_gratis_pogingen(self, bsn: str, tegoed: list[GratisPogingTegoed]) -> None:
        with self.transaction() as s:
            self._person(s, bsn).gratis_pogingen = copy.deepcopy(tegoed)

    def register_cursusdeelnameuren(self, bsn: str, instellingsnummer: str, uren: int) -> None:
        """An instelling reported attendance hours for its inburgeringsaanbod."""
        with self.transaction() as s:
            self._person(s, bsn).cursusdeelnameuren[instellingsnummer] = uren

    def set_zroute_afgerond(self, bsn: str, datum: date | None, gemeente_oin: str) -> None:
        with self.transaction() as s:
            p = self._person(s, bsn)
            p.zroute_afgerond = datum
            p.zroute_gemeente_oin = gemeente_oin

    # ---- inspection helpers

    def gemeente(self, oin: str) -> Gemeente | None:
        with self.reading() as s:
            g = s.gemeenten.get(oin)
            return copy.deepcopy(g) if g else None

    def contactpersoon(self, contactpersoon_id: int) -> Contactpersoon | None:
        with self.reading() as s:
            c = s.contactpersonen.get(contactpersoon_id)
            return copy.deepcopy(c) if c else None

    # ---- fault injection

    def inject_fault(self, status: int, times: int = 1, operation_id: str | None = None) -> None:
        """Answer the next ``times`` matching requests with ``status`` (e.g. 503)."""
        with self.transaction() as s:
            s.faults.append(Fault(status, times, operation_id))

    def take_fault(self, operation_id: str) -> int | None:
        """Consume one injected fault matching ``operation_id``; its status, or None."""
        with self._lock:
            for f in self._state.faults:
                if f.remaining > 0 and f.operation_id in (None, operation_id):
                    f.remaining -= 1
                    self._state.faults = [x for x in self._state.faults if x.remaining > 0]
                    self.save()
                    return f.status
        return None
