"""The programmes of the seed articles (/work/shared/seeds, summarised in PRODUCT.md),
shipped as editable templates: 13 systems, each citing its source in its description.

Where the source gives only a total (e.g. "4 days x 5 h" for several activities) or no
number at all, the number is an assumption, marked in the component's note; a functioneel
beheerder can change every number. ``load_pilot_templates`` creates the templates that are
missing and never overwrites an existing one (migration ``0010`` corrects the first eight
where they were never edited).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class C:
    """A weekly component of a phase."""

    kind: str
    hours: str
    day_parts: int = 0
    moment: str = ""
    note: str = ""
    cadence: str = "weekly"
    sessions: int | None = None
    up_to: str | None = None  # the hours build up evenly over the phase to this


@dataclass(frozen=True)
class P:
    name: str
    weeks: int
    components: tuple[C, ...]


@dataclass(frozen=True)
class M:
    """A milestone in week `week` of the programme (again every `every` weeks)."""

    kind: str
    name: str
    week: int
    every: int | None = None
    by: str = "klantmanager"


@dataclass(frozen=True)
class R:
    """A role the programme provides to each participant."""

    role: str
    hours: str | None = None
    note: str = ""


@dataclass(frozen=True)
class S:
    """A group the programme forms (with the intake focus it takes, if any)."""

    name: str
    focus: str = ""
    note: str = ""


@dataclass(frozen=True)
class T:
    code: str
    name: str
    target_group: str
    source: str
    description: str
    phases: tuple[P, ...]
    milestones: tuple[M, ...] = ()
    roles: tuple[R, ...] = ()
    streams: tuple[S, ...] = ()
    group_forming: str = ""
    chain_meeting: str = ""
    entry_level: str = ""
    entry_skills: tuple[str, ...] = ()
    entry_after_pvt: bool = False

    @property
    def total_weeks(self) -> int:
        return sum(p.weeks for p in self.phases)


SPLIT = "split of the total is an assumption"
ASSUMED = "hours are an assumption"

PILOT_TEMPLATES: tuple[T, ...] = (
    T(
        "taalsnelweg-naar-werk",
        "Taalsnelweg naar werk",
        "36-40 people with work perspective",
        "Vijfheerenlanden / Gorinchem / Molenlanden",
        "Seed 003, 'Introductie Vijfheerenlanden': \"De eerste 18 weken krijgen deelnemers "
        '4 dagen per week (5 uur per dag) les" (language, sport, self-development, '
        "job-application training, finances; sport every Wednesday). Then 18 weeks work, an "
        'internship or work-experience place, "bij voorkeur vijf dagen per week", with a job '
        'coach of Avres, a language buddy where possible, and "wekelijks nog zes uur taal" '
        "outside working hours.",
        (
            P(
                "Phase 1: language and preparation",
                18,
                (
                    C("language", "12", 5, "", SPLIT),
                    C("sport", "2", 1, "", "Wednesday; " + SPLIT),
                    C("workshop", "3", 1, "", "job-application training, Wednesday; " + SPLIT),
                    C("self_reliance", "3", 1, "", "self-development and finances; " + SPLIT),
                ),
            ),
            P(
                "Phase 2: work or internship",
                18,
                (
                    C("internship", "32", 10, "", "work or internship, preferably 5 days"),
                    C("language", "6", 2, "evening", "outside working hours"),
                ),
            ),
        ),
        roles=(
            R("job_coach", None, "job coach of Avres in phase 2"),
            R("buddy", None, "a language buddy on the work floor where possible"),
        ),
    ),
    T(
        "up-roermond-leudal",
        "UP",
        "Up to 40 young Eritreans aged 18-20 after ISK",
        "Roermond / Leudal",
        "Seed 003, 'Introductie Roermond': intake before the 18th birthday; \"Fase 1 (3 "
        "maanden): 4 dagen taal, 2 dagdelen werkervaring [...], 2 dagdelen sport, dagdeel "
        'overig (koken/inburgering)"; phase 2 (5 months) 3 day-parts language, 5 day-parts '
        'internship or work; phase 3 (5 months) exam, Entree course, work. "Het programma '
        'beslaat wekelijks 36 uur". Casemanager, housing coach (Wmo), an Eritrean peer '
        'expert and a buddy; "maandelijks een ketenoverleg"; "Na de eerste periode wordt de '
        'balans opgemaakt".',
        (
            P(
                "Phase 1 (3 months)",
                13,
                (
                    C("language", "16", 8, "", "4 days"),
                    C("internship", "8", 2, "", "work experience at SW-bedrijf Westrom"),
                    C("sport", "8", 2),
                    C("self_reliance", "4", 1, "", "cooking and inburgering"),
                ),
            ),
            P(
                "Phase 2 (5 months)",
                22,
                (
                    C("language", "12", 3),
                    C("internship", "20", 5, "", "internship, training or work"),
                    C("self_reliance", "4", 1, "", "cooking and budgeting; " + ASSUMED),
                ),
            ),
            P(
                "Phase 3 (5 months)",
                22,
                (
                    C("exam", "4", 1),
                    C("vocational", "12", 3, "", "Entree course"),
                    C("work", "20", 5),
                ),
            ),
        ),
        milestones=(M("evaluation", "Balance after the first phase", 13),),
        roles=(
            R("housing_coach", None, "woonbegeleiding (Wmo) until ready to live alone"),
            R("peer_coach", None, "Eritrean peer expert"),
            R("buddy", "8", "a student of Fontys or Avans, one day a week"),
        ),
        chain_meeting="monthly",
    ),
    T(
        "startprogramma-inburgering-plus",
        "Startprogramma Inburgering+",
        "60 newcomers after a 2-day intake in the Welkomhuis",
        "Tilburg region",
        "Seed 003, 'Introductie Tilburg': \"een participatietraject van 4 dagdelen per week\"; "
        '"de eerste 8 weken trainingen en workshops" (society, work, volunteering, CV, '
        'network); "In week 8 is het showtime en presenteren ze zichzelf en hun toekomstplan '
        'aan de klantregisseur"; then the future plan becomes the PIP, and "zeventien weken '
        'vrijwilligerswerk, tien tot vijftien uur per week" with a buddy; "een traject [...] '
        'van 26 weken".',
        (
            P(
                "Workshops",
                8,
                (
                    C("knm", "3", 1, "", "society"),
                    C("workshop", "9", 3, "", "work, volunteering, CV, network"),
                ),
            ),
            P(
                "Future plan into the PIP",
                1,
                (C("coaching", "3", 1, "", "the plan is set with the klantregisseur"),),
            ),
            P(
                "Volunteering with a buddy",
                17,
                (
                    C("volunteering", "12", 3, "", "10-15 h/week"),
                    C("coaching", "1", 0, "", "individual coaching; " + ASSUMED),
                ),
            ),
        ),
        milestones=(M("showtime", "Showtime: the future plan to the klantregisseur", 8),),
        roles=(R("buddy", None, "a volunteer for social activities"),),
    ),
    T(
        "dordrecht-drechtsteden",
        "Dordrecht / Drechtsteden",
        "50-54 people with psychological or debt problems",
        "Dordrecht / Drechtsteden",
        "Seed 003, 'Introductie Dordrecht': \"Deelnemers beginnen met een uitgebreide "
        'Talentscan"; language and network tests (Bureau ICE); "werden de deelnemers '
        'verdeeld in drie groepen": education (9), participation (22), stabilisation (23). '
        '"In totaal 24 uur per week", "Daarnaast maakt 8 tot 24 uur per week werk of stage '
        "onderdeel uit\"; key persons (sleutelpersonen) in the newcomer's own language; a "
        "breakthrough budget. The length is not in the seed (assumption: one year).",
        (
            P(
                "Talent scan and tests",
                2,
                (C("workshop", "8", 2, "", "talent scan, language and network tests"),),
            ),
            P(
                "Programme",
                50,
                (
                    C("language", "12", 3, "", "practical language lessons; " + SPLIT),
                    C("workshop", "8", 2, "", "healthy living and work; " + SPLIT),
                    C("self_reliance", "4", 1, "", "psycho-education; " + SPLIT),
                    C("internship", "8", 2, "", "work or internship, 8-24 h/week"),
                ),
            ),
        ),
        milestones=(M("other", "Talent scan done: group chosen", 2),),
        roles=(R("peer_coach", None, "key person (sleutelpersoon) in the own language"),),
        streams=(
            S("Education", "education", "towards education"),
            S("Participation", "participation", "volunteering, internship or paid work"),
            S("Stabilisation", "stabilisation", "psychological care and self-reliance"),
        ),
        group_forming="talent_scan",
    ),
    T(
        "leerhuis-hoeksche-waard",
        "Leerhuis",
        "43 vulnerable newcomers, many illiterate",
        "Hoeksche Waard",
        "Seed 003, 'Introductie Hoeksche Waard': \"Onderscheid tussen 2 groepen, afhankelijk "
        'van hoe lang men in NL is": under 3 months "1 dag vakopleiding en 1 dag stage '
        'gecombineerd met vaktaal. Totaal 25 uur per week" for 1.5 years; 3-6 months '
        '"3 dagen [...] 25 uur per week opbouwend naar 32 uur". All in the Leerhuis; "Na '
        'het starten van een baan worden deelnemers nog 6 maanden begeleid".',
        (
            P(
                "Vocational training and internship",
                78,
                (
                    C("vocational", "8", 2, "", "1 day"),
                    C(
                        "internship",
                        "8",
                        2,
                        "",
                        "with job language; the 3-6 months group builds up to 3 days",
                        up_to="15",
                    ),
                    C("language", "9", 3, "", "inburgering lessons; " + SPLIT),
                ),
            ),
        ),
        roles=(R("job_coach", None, "6 months of guidance after a job starts"),),
        streams=(
            S("Less than 3 months in the Netherlands", "", "25 h/week"),
            S("3-6 months in the Netherlands", "", "3 days, 25 building up to 32 h/week"),
        ),
        group_forming="time_in_nl",
    ),
    T(
        "almere-map-b1",
        "Almere MAP (B1-route)",
        "Groups of 6-10; end-A2 speaking and listening required",
        "Almere",
        "Seed 000, 'Zelf ontwikkelen': \"21 fysieke bijeenkomsten. Hier doen 6 tot 10 "
        'mensen aan mee"; "taalniveau eind-A2 op spreken en luisteren. De aanmelding doen we '
        'zo snel mogelijk na afronding van het PVT." "Na drie maanden training beginnen de '
        'deelnemers met een praktijkstage", found in a one-to-one intake with the account '
        'advisers; report in the dossier and an eindgesprek; "Elke drie maanden hebben we een '
        'evaluatiemoment".',
        (
            P(
                "MAP group sessions",
                13,
                (
                    C(
                        "map",
                        "3.5",
                        2,
                        "",
                        "21 sessions in 3 months; hours per week an assumption",
                        cadence="sessions",
                        sessions=21,
                    ),
                ),
            ),
            P("Internship", 13, (C("internship", "16", 4, "", ASSUMED),)),
        ),
        milestones=(
            M("other", "One-to-one intake with the account adviser", 13),
            M("evaluation", "Evaluation", 13, every=13, by="trainer"),
            M("eindgesprek", "MAP final meeting (eindgesprek)", 26),
        ),
        roles=(R("jobhunter", None, "account advisers of the gemeente find the internship"),),
        entry_level="A2",
        entry_skills=("listening", "speaking"),
        entry_after_pvt=True,
    ),
    T(
        "dalfsen-map-13-weken",
        "Dalfsen MAP (13 weeks)",
        "Newcomers on the B1-route",
        "Dalfsen",
        "Seed 001, 'Een traject van 13 weken': \"het traject over 13 weken uit te spreiden. Om "
        'de week kregen de inburgeraars een bijeenkomst rond een Werk-thema"; "In de '
        "afsluitende bijeenkomst [...] hielden de inburgeraars presentaties voor de "
        'loopbaantrainers, inburgeringsconsulenten en twee werkgevers". At least 40 practice '
        "hours and the eight themes.",
        (
            P(
                "MAP",
                13,
                (
                    C(
                        "map",
                        "3.5",
                        1,
                        "",
                        "practice assignments in between",
                        cadence="every_other_week",
                    ),
                ),
            ),
        ),
        milestones=(M("final_presentation", "Final presentations", 13, by="trainer"),),
    ),
    T(
        "pvt-standaard",
        "Participation statement (PVT), standard",
        "Every newcomer",
        "Wet inburgering 2021; municipal practice varies",
        "Seed 002, 'Activiteiten in de avonduren': \"Dit moet wettelijk twaalf uur zijn, maar "
        'bij ons is het vijftien uur" (five day-parts, a library excursion); "Op de laatste '
        'dag ondertekenen de inburgeraars de verklaring". 12 hours by default.',
        (P("PVT sessions", 4, (C("pvt", "3", 1),)),),
        milestones=(M("other", "Participation statement signed", 4, by="trainer"),),
    ),
    T(
        "arnhem-leerwerkplek",
        "Arnhem: learn-work place from day 1",
        "80-100 newcomers on social assistance",
        "Arnhem",
        "Seed 003, 'Introductie Arnhem': \"Het programma begint vanaf dag 1 op de "
        'leerwerkplek" (barista, production) with Refugee Company and Scalabor; trainings on '
        'the work floor (applying, computer and employee skills); Mind-Spring; "Op de '
        "werkplek werkt de nieuwkomer samen met een leermeester, krijgt ondersteuning van een "
        'coach en wordt hij gekoppeld aan een buddy"; "begeleiding duurt in totaal drie jaar" '
        '(the pilot is phase 1, then "tweeënhalf jaar"). Hours are not in the seed.',
        (
            P(
                "Phase 1: learn-work place",
                26,
                (
                    C("work", "16", 4, "", "learn-work place (barista, production); " + ASSUMED),
                    C("workshop", "4", 1, "", "trainings on the work floor; " + ASSUMED),
                    C("self_reliance", "2", 1, "", "Mind-Spring; " + ASSUMED),
                    C("language", "8", 2, "", "regular inburgering; " + ASSUMED),
                ),
            ),
            P(
                "Follow-up (Scalabor)",
                130,
                (
                    C("work", "20", 5, "", ASSUMED),
                    C("language", "6", 2, "", ASSUMED),
                ),
            ),
        ),
        roles=(
            R("work_floor_mentor", None, "leermeester"),
            R("job_coach", None, "coach at the learn-work place"),
            R("buddy"),
        ),
    ),
    T(
        "hengelo-weekvullend",
        "Hengelo / Borne / Haaksbergen: week-filling with the ROC",
        "32 newcomers housed in 2018-2019",
        "Hengelo / Borne / Haaksbergen",
        "Seed 003, 'Introductie Hengelo': \"Een weekvullend programma, waarin naast 3 "
        "dagdelen taalles op ROC van Twente ook les wordt gegeven over gezondheid, digitale "
        "vaardigheden en de arbeidsmarkt. Daarnaast vakscholing [...] en vrijwilligerswerk "
        '(1 tot 5 dagdelen) per week"; "besloten om het programma van vijf naar vier dagdelen '
        'per week te wijzigen"; werkcoaches keep following; the ROC\'s "verrijkers" find '
        "places. The length is not in the seed (assumption: one year).",
        (
            P(
                "Week-filling programme",
                52,
                (
                    C("language", "9", 3, "", "ROC van Twente"),
                    C("self_reliance", "3", 1, "", "health, finances, digital, applying"),
                    C("vocational", "3", 1, "", "sector lessons: care, technology"),
                    C("volunteering", "3", 1, "", "1-5 day-parts"),
                ),
            ),
        ),
        roles=(
            R("job_coach", None, "werkcoach of the gemeente"),
            R("jobhunter", None, "the ROC's verrijkers and account manager"),
        ),
    ),
    T(
        "lochem-brummen-individueel",
        "Lochem / Brummen: individual plans",
        "36 newcomers with a status",
        "Lochem / Brummen",
        "Seed 003, 'Introductie Lochem': \"Voor elke deelnemer wordt na een brede intake door "
        "de klantregisseur [...] een plan van aanpak gemaakt en een geschikte werkplek [...] "
        'gezocht. Dit alles naast drie of vier dagdelen reguliere inburgering"; "individuele '
        'taallessen op de werkvloer"; employers get training (culture-sensitive working, '
        'Harry-training); "het werk rustig met hen opbouwen"; "De inburgeraars zijn in twee '
        'groepen verdeeld": those seeking exemption ("ruim een half jaar") and the others.',
        (
            P(
                "Work place beside the lessons",
                26,
                (
                    C("language", "10.5", 3, "", "3-4 day-parts of regular lessons"),
                    C(
                        "internship",
                        "8",
                        2,
                        "",
                        "internship, volunteering or work-experience place; " + ASSUMED,
                        up_to="16",
                    ),
                ),
            ),
        ),
        milestones=(
            M("other", "Plan of approach with the klantregisseur", 1),
            M("other", "Employer training (culture-sensitive working)", 4),
        ),
        roles=(
            R("language_coach", None, "individual language lessons on the work floor"),
            R("buddy", None, "a language buddy (taalmaatje)"),
        ),
        streams=(
            S("Seeking exemption", "", "learning difficulties, private problems, illiterate"),
            S("Not seeking exemption", "", "ready for paid work sooner"),
        ),
        group_forming="exemption",
    ),
    T(
        "nederweert-weert-cranendonck",
        "Nieuwkomers Sterk aan het Werk",
        "45 newcomers (Weert at least 22, Cranendonck 10, Nederweert 8)",
        "Nederweert / Weert / Cranendonck",
        "Seed 003, 'Introductie Nederweert': \"Eerste gesprek bij statushouders thuis\"; "
        '"Deelnemers die dit nog niet meteen kunnen, doorlopen eerst een voorschakeltraject" '
        '(literacy, extra language, work skills); "gaat een jobhunter op zoek naar een '
        'geschikte werkplek"; a job coach for newcomer and employer; "Een buddy (collega)"; a '
        'language coach "kwam één keer per week een uur"; the inburgering lessons at the '
        "employer. Lengths are not in the seed (assumptions).",
        (
            P(
                "Voorschakeltraject (when not ready for an employer)",
                13,
                (
                    C("language", "8", 2, "", "literacy and extra language; " + ASSUMED),
                    C("workshop", "4", 1, "", "work skills, money, health, computer; " + ASSUMED),
                ),
            ),
            P(
                "At the employer",
                39,
                (
                    C("work", "24", 6, "", "work-experience place; " + ASSUMED),
                    C("language", "4", 1, "", "inburgering lessons at the employer; " + ASSUMED),
                ),
            ),
        ),
        milestones=(M("home_visit", "Home visit", 1),),
        roles=(
            R("jobhunter", None, "finds the employer after the wish"),
            R("job_coach", None, "for the newcomer and the employer"),
            R("buddy", None, "a colleague"),
            R("language_coach", "1", "on the work floor"),
        ),
        streams=(
            S("Straight to an employer"),
            S("Voorschakeltraject first"),
        ),
        group_forming="readiness",
    ),
    T(
        "maassluis-vlaardingen-schiedam",
        "Maassluis / Vlaardingen / Schiedam: dual within 3-6 months",
        "Every newcomer",
        "Maassluis / Vlaardingen / Schiedam",
        'Seed 002: "binnen drie tot zes maanden iemand op een duaal traject"; activities '
        'right away; "de taalschool, het participatieverklaringstraject (PVT) én de Module '
        'Arbeidsmarkt en Participatie (MAP) overdag en in de avonduren"; "Het PVT bestaat [...] '
        'uit vijf dagdelen [...] vijftien uur" with a library excursion; "Standaard werken de '
        "drie gemeenten met betaalde coaches\" who speak the newcomer's language (reminders, "
        "first trip by public transport, first visit to an internship).",
        (
            P(
                "Start: moving right away",
                13,
                (
                    C("language", "8", 2, "evening", "also by day"),
                    C(
                        "pvt",
                        "3",
                        1,
                        "evening",
                        "15 hours in 5 day-parts, library excursion",
                        cadence="sessions",
                        sessions=5,
                    ),
                    C("sport", "2", 1, "", "low-threshold, children minded by volunteers"),
                ),
            ),
            P(
                "Dual trajectory",
                39,
                (
                    C("internship", "16", 4, "", "work(-experience) place; " + ASSUMED),
                    C("language", "6", 2, "evening", ASSUMED),
                    C("map", "3", 1, "evening", "day or evening group; " + ASSUMED),
                ),
            ),
        ),
        milestones=(
            M("other", "Participation statement signed", 5, by="trainer"),
            M("other", "Dual trajectory started (within 3-6 months)", 13),
        ),
        roles=(R("peer_coach", None, "paid, speaks the newcomer's language"),),
    ),
)


def build_template(template: Any, spec: T, get_model: Callable[[str], Any]) -> None:
    """Give `template` the phases, components, milestones, roles and groups of `spec`."""
    phase_model = get_model("Phase")
    component_model = get_model("PhaseComponent")
    for order, p in enumerate(spec.phases, start=1):
        phase = phase_model.objects.create(
            template=template, order=order, name=p.name, duration_weeks=p.weeks
        )
        for c in p.components:
            component_model.objects.create(
                phase=phase,
                kind=c.kind,
                hours_per_week=Decimal(c.hours),
                day_parts=c.day_parts,
                moment=c.moment,
                note=c.note,
                cadence=c.cadence,
                sessions=c.sessions,
                hours_per_week_end=Decimal(c.up_to) if c.up_to else None,
            )
    for m in spec.milestones:
        get_model("Milestone").objects.create(
            template=template,
            kind=m.kind,
            name=m.name,
            week=m.week,
            repeat_every_weeks=m.every,
            checked_by=m.by,
        )
    for r in spec.roles:
        get_model("ProgrammeRole").objects.create(
            template=template,
            role=r.role,
            hours_per_week=Decimal(r.hours) if r.hours else None,
            note=r.note,
        )
    for s in spec.streams:
        get_model("ProgrammeStream").objects.create(
            template=template, name=s.name, focus=s.focus, note=s.note
        )


def template_fields(spec: T) -> dict[str, Any]:
    return {
        "name": spec.name,
        "target_group": spec.target_group,
        "source": spec.source,
        "description": spec.description,
        "group_forming": spec.group_forming,
        "chain_meeting": spec.chain_meeting,
        "entry_level": spec.entry_level,
        "entry_skills": list(spec.entry_skills),
        "entry_after_pvt": spec.entry_after_pvt,
    }


def _live_model(name: str) -> Any:
    from django.apps import apps

    return apps.get_model("programmes", name)


def load_pilot_templates(get_model: Callable[[str], Any] | None = None) -> int:
    """Create the templates that are missing; an existing code is left alone.

    `get_model` gives a model of the programmes app by name (a migration passes its
    historical models); by default the installed models."""
    get_model = get_model or _live_model
    template_model = get_model("ProgrammeTemplate")
    created = 0
    for spec in PILOT_TEMPLATES:
        if template_model.objects.filter(code=spec.code).exists():
            continue
        template = template_model.objects.create(code=spec.code, **template_fields(spec))
        build_template(template, spec, get_model)
        created += 1
    return created
