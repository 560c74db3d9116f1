"""What each role finds on its start page and in the main navigation."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spil.accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    roles: frozenset[str]
    description: Promise
    #: A boolean setting that switches the part on (e.g. SPIL_ZGW_ENABLED); empty: always.
    setting: str = ""


@dataclass(frozen=True)
class Upcoming:
    """A part of a role's work that a later module of Spil will bring; said plainly."""

    label: Promise
    roles: frozenset[str]
    description: Promise


NAV_ITEMS = [
    NavItem(
        _("Caseload"),
        "persons:caseload",
        frozenset({Role.KLANTMANAGER}),
        _("The newcomers of your municipality, with search by name or BSN."),
    ),
    NavItem(
        _("Processing log"),
        "audit:search",
        frozenset({Role.FUNCTIONEEL_BEHEERDER}),
        _("Who viewed or changed which person's data, for which purpose."),
    ),
    NavItem(
        _("Partner systems"),
        "partner_api:clients",
        frozenset({Role.FUNCTIONEEL_BEHEERDER}),
        _("Partners' own systems that use the API: their credentials and scopes."),
    ),
    NavItem(
        _("Municipal choices"),
        "accounts:municipal_choices",
        frozenset({Role.FUNCTIONEEL_BEHEERDER, Role.BELEIDSMEDEWERKER}),
        _("Values the rules leave to the municipality, such as the PVT hours, with their source."),
    ),
    NavItem(
        _("Organisations and users"),
        "accounts:organisations",
        frozenset({Role.FUNCTIONEEL_BEHEERDER}),
        _("Organisations in the region, their users and roles."),
    ),
    NavItem(
        _("DUO exchange"),
        "duo:status",
        frozenset({Role.FUNCTIONEEL_BEHEERDER, Role.KLANTMANAGER}),
        _("Notifications from DUO, failures and retries, and whether DUO is reachable."),
    ),
    NavItem(
        _("Zaaksysteem"),
        "zaken:calls",
        frozenset({Role.FUNCTIONEEL_BEHEERDER}),
        _("Calls to the zaaksysteem (ZGW) that wait for a retry or were refused."),
        setting="SPIL_ZGW_ENABLED",
    ),
    NavItem(
        _("Placement offers"),
        "placements:offers",
        frozenset({Role.ACCOUNTMANAGER, Role.JOBCOACH, Role.EMPLOYER_CONTACT, Role.KLANTMANAGER}),
        _("Employers' offers of work places: type, occupation, hours, language and support."),
    ),
    NavItem(
        _("Placements"),
        "placements:placements",
        frozenset({Role.ACCOUNTMANAGER, Role.JOBCOACH, Role.EMPLOYER_CONTACT, Role.KLANTMANAGER}),
        _("Placements you work on: introduction, start, check-ins, end and aftercare."),
    ),
    NavItem(
        _("Matching"),
        "placements:assignment",
        frozenset({Role.KLANTMANAGER}),
        _("Wish first: offers ranked per person, and a proposal for the whole caseload."),
    ),
    NavItem(
        _("Groups and attendance"),
        "programmes:groups",
        frozenset({Role.KLANTMANAGER, Role.TRAINER}),
        _("MAP, PVT and training groups, their sessions, attendance and the assignment."),
    ),
    NavItem(
        _("Programmes"),
        "programmes:templates",
        frozenset({Role.FUNCTIONEEL_BEHEERDER, Role.KLANTMANAGER}),
        _("Programme templates with phases and weekly components."),
    ),
    NavItem(
        _("School holidays"),
        "programmes:school_holidays",
        frozenset({Role.FUNCTIONEEL_BEHEERDER}),
        _("Periods without group sessions; sessions that fall in one move on."),
    ),
    NavItem(
        _("Upload attendance and results"),
        "programmes:upload",
        frozenset({Role.PARTNER_STAFF}),
        _("A language school's attendance and CEFR results as CSV or XLSX."),
    ),
    NavItem(
        _("The people you support"),
        "placements:support_placements",
        frozenset({Role.BUDDY, Role.TRAINER}),
        _("Work places where you are the buddy or language coach: schedule and check-ins."),
    ),
    NavItem(
        _("Peer coaches"),
        "peercoaches:coaches",
        frozenset({Role.KLANTMANAGER, Role.FUNCTIONEEL_BEHEERDER}),
        _("Coaches who speak the newcomer's language: register, hours and the statement."),
    ),
    NavItem(
        _("My people"),
        "peercoaches:my_people",
        frozenset({Role.BUDDY}),
        _("The newcomers you coach as a peer coach: log what you did and your hours."),
    ),
    NavItem(
        _("Reports"),
        "reports:index",
        frozenset({Role.BELEIDSMEDEWERKER, Role.KLANTMANAGER}),
        _("Figures per programme and cohort: funnel, outcomes and more, with charts and exports."),
    ),
    NavItem(
        _("Your participants"),
        "partners:participants",
        frozenset({Role.PARTNER_STAFF}),
        _("Newcomers your organisation works with: contracted or with their consent."),
    ),
    NavItem(
        _("Processing agreements"),
        "partners:agreements",
        frozenset({Role.FUNCTIONEEL_BEHEERDER}),
        _("Providers the municipality contracted: purpose, data and period."),
    ),
    NavItem(
        _("E-learning per template or group"),
        "elearning:schedules",
        frozenset({Role.KLANTMANAGER, Role.FUNCTIONEEL_BEHEERDER}),
        _("Which MAP themes a newcomer follows as e-learning, and the weeks to finish."),
    ),
    NavItem(
        _("MAP e-learning"),
        "elearning:index",
        frozenset({Role.TRAINER, Role.KLANTMANAGER, Role.FUNCTIONEEL_BEHEERDER}),
        _("Finished e-learnings to review, questions to answer, and the modules."),
    ),
    NavItem(
        _("Chain meetings"),
        "ketenoverleg:index",
        frozenset(
            {
                Role.KLANTMANAGER,
                Role.FUNCTIONEEL_BEHEERDER,
                Role.PARTNER_STAFF,
                Role.JOBCOACH,
                Role.TRAINER,
            }
        ),
        _("The ketenoverleg: cases from signals, decisions and your open actions."),
    ),
    NavItem(
        _("My agenda"),
        "agenda:my_agenda",
        frozenset({Role.TRAINER}),
        _("Your sessions, and a secret link for your agenda app."),
    ),
]

UPCOMING: list[Upcoming] = []


def nav_for(roles: set[str]) -> list[NavItem]:
    return [
        item
        for item in NAV_ITEMS
        if item.roles & roles and (not item.setting or getattr(settings, item.setting, False))
    ]


def upcoming_for(roles: set[str]) -> list[Upcoming]:
    return [item for item in UPCOMING if item.roles & roles]
