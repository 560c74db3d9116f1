"""The Django side of matching: turn people and offers into the scorer's dataclasses and
call the explainable ranking and the region-wide assignment (`scoring`, `assignment`).

Only the fields in `scoring.Candidate` reach the score: ambitions, experience, CEFR
levels, free day-parts, hours, home PC4, means of transport and maximum travel time. No
protected characteristics (see docs/matching.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spil.core.week import DayPart
from spil.occupations.esco import get_occupation
from spil.persons.models import Person
from spil.placements import assignment, scoring
from spil.placements.models import PlacementOffer
from spil.placements.profile import CandidateProfile, profile_for


def occupation(uri: str | None) -> scoring.Occupation | None:
    if not uri:
        return None
    try:
        esco = get_occupation(uri)
    except KeyError:
        return None
    return scoring.Occupation(isco_code=esco.isco_code, esco_uri=esco.uri, label=esco.label)


def to_candidate(person: Person, profile: CandidateProfile | None = None) -> scoring.Candidate:
    profile = profile or profile_for(person)
    experience = []
    for uri, years in profile.experience:
        occ = occupation(uri)
        if occ is not None:
            experience.append(scoring.Experience(occupation=occ, years=years))
    return scoring.Candidate(
        id=str(person.pk),
        dream_job=occupation(profile.dream_job),
        plan_b=occupation(profile.plan_b),
        plan_c=occupation(profile.plan_c),
        experience=tuple(experience),
        speaking=profile.speaking,
        listening=profile.listening,
        free_dayparts=profile.free_dayparts,
        childcare_dayparts=profile.childcare_dayparts,
        hours_available=profile.hours_available,
        home_pc4=scoring.normalize_pc4(person.postcode),
        transport=scoring.Transport(profile.transport),
        max_travel_minutes=profile.max_travel_minutes,
        speaking_source=profile.speaking_source.describe(),
        listening_source=profile.listening_source.describe(),
        travel_source=profile.travel_source,
    )


def to_offer(offer: PlacementOffer) -> scoring.Offer:
    return scoring.Offer(
        id=str(offer.pk),
        type=scoring.OfferType(offer.type),
        occupation=scoring.Occupation(
            isco_code=offer.isco_code, esco_uri=offer.esco_uri, label=offer.occupation_label
        ),
        hours_per_week=float(offer.hours_per_week),
        dayparts=frozenset(DayPart(int(d)) for d in offer.dayparts),
        required_speaking=scoring.CEFR(offer.required_speaking),
        required_listening=scoring.CEFR(offer.required_listening),
        places=offer.places,
        location_pc4=scoring.normalize_pc4(offer.location.postcode if offer.location else None),
    )


@dataclass(frozen=True)
class RankedOffer:
    offer: PlacementOffer
    explanation: scoring.ScoreExplanation


@dataclass(frozen=True)
class RankedPerson:
    person: Person
    explanation: scoring.ScoreExplanation


def rank_offers(
    person: Person, offers: Iterable[PlacementOffer], k: int = 20, *, include_infeasible: bool
) -> list[RankedOffer]:
    by_id = {str(o.pk): o for o in offers}
    ranked = assignment.rank_offers_for(
        to_candidate(person),
        [to_offer(o) for o in by_id.values()],
        k,
        include_infeasible=include_infeasible,
    )
    return [RankedOffer(by_id[x.offer_id], x) for x in ranked]


def rank_persons(
    offer: PlacementOffer, persons: Iterable[Person], k: int = 20, *, include_infeasible: bool
) -> list[RankedPerson]:
    by_id = {str(p.pk): p for p in persons}
    ranked = assignment.rank_candidates_for(
        to_offer(offer),
        [to_candidate(p) for p in by_id.values()],
        k,
        include_infeasible=include_infeasible,
    )
    return [RankedPerson(by_id[x.candidate_id], x) for x in ranked]


@dataclass(frozen=True)
class ProposalRow:
    person: Person
    optimal: tuple[PlacementOffer, int] | None
    greedy: tuple[PlacementOffer, int] | None


@dataclass(frozen=True)
class RegionProposal:
    run: assignment.MatchingRun
    rows: list[ProposalRow]

    @property
    def placed_optimal(self) -> int:
        return len(self.run.optimal.assignments)

    @property
    def placed_greedy(self) -> int:
        return len(self.run.greedy.assignments)


def region_proposal(persons: Sequence[Person], offers: Sequence[PlacementOffer]) -> RegionProposal:
    """Min-cost flow and greedy on the same feasible edges, in one run."""
    persons_by_id = {str(p.pk): p for p in persons}
    offers_by_id = {str(o.pk): o for o in offers}
    run = assignment.assign(
        [to_candidate(p) for p in persons_by_id.values()],
        [to_offer(o) for o in offers_by_id.values()],
    )
    optimal = {a.candidate_id: a for a in run.optimal.assignments}
    greedy = {a.candidate_id: a for a in run.greedy.assignments}
    rows = []
    for pid, person in sorted(persons_by_id.items(), key=lambda i: i[1].family_name):
        o, g = optimal.get(pid), greedy.get(pid)
        rows.append(
            ProposalRow(
                person,
                (offers_by_id[o.offer_id], o.score) if o else None,
                (offers_by_id[g.offer_id], g.score) if g else None,
            )
        )
    return RegionProposal(run, rows)
