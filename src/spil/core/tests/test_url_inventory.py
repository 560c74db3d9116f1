"""Every URL is classified: either it serves no personal data, or a test with the
PersonalDataAccessMixin covers it. A new URL without a decision fails here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

_ACCESS = "spil/dossier/tests/test_personal_data_access.py::"
_PROGRAMMES = "spil/programmes/tests/test_personal_data_access.py::"
_PLACEMENTS = "spil/placements/tests/test_personal_data_access.py::"
_INTAKE = "spil/intake/tests/test_personal_data_access.py::"
_PLANS = "spil/plans/tests/test_personal_data_access.py::"
_AGENDA = "spil/agenda/tests/test_personal_data_access.py::"
_API_WRITES = "spil/placements/tests/test_api_writes.py::"
_PROGRAMME_WRITES = "spil/programmes/tests/test_api_writes.py::"
_PORTAL = "spil/portal/tests/test_personal_data_access.py::"
_PARTNERS = "spil/partners/tests/test_personal_data_access.py::"
_ELEARNING = "spil/elearning/tests/test_personal_data_access.py::"
_PEER = "spil/peercoaches/tests/test_personal_data_access.py::"
_CHAIN = "spil/ketenoverleg/tests/test_personal_data_access.py::"
_PARTNER_API = "spil/partner_api/tests/test_personal_data_access.py::"

# Views that show or change a person's data, each with an access + processing-log test.
PERSONAL_DATA_VIEWS = {
    "pip-version-list": "spil/plans/tests/test_api.py::TestPipVersionsApiList",
    "pip-version-detail": "spil/plans/tests/test_api.py::TestPipVersionsApiDetail",
    "persons:caseload": "spil/dossier/tests/test_personal_data_access.py::TestCaseloadPage",
    "persons:detail": "spil/dossier/tests/test_personal_data_access.py::TestPersonDetailPage",
    "person-list": "spil/dossier/tests/test_personal_data_access.py::TestPersonsApiList",
    "person-detail": "spil/dossier/tests/test_personal_data_access.py::TestPersonsApiDetail",
    "person-search": "spil/dossier/tests/test_personal_data_access.py::TestPersonsApiSearch",
    "persons:timeline": _ACCESS + "TestTimelinePage",
    "persons:person": _ACCESS + "TestPersonSection",
    "persons:trajectory": _ACCESS + "TestTrajectorySection",
    "persons:programmes": _ACCESS + "TestProgrammesSection",
    "persons:work": _ACCESS + "TestWorkSection",
    "persons:documents": _ACCESS + "TestDocumentsSection",
    "persons:contact_moment": _ACCESS + "TestContactMomentForm",
    "persons:appointment_plan": _ACCESS + "TestAppointmentPlan",
    "persons:appointment_cancel": _ACCESS + "TestAppointmentCancel",
    "persons:task_done": _ACCESS + "TestTaskDone",
    "persons:reassign": _ACCESS + "TestReassignForm",
    "persons:hand_over": _ACCESS + "TestHandOverForm",
    "persons:edit_details": _ACCESS + "TestEditDetailsPage",
    "person-contact-moments": _ACCESS + "TestPersonContactMomentsApi",
    "person-tasks": _ACCESS + "TestPersonTasksApi",
    "trajectory-list": _ACCESS + "TestTrajectoriesApiList",
    "trajectory-detail": _ACCESS + "TestTrajectoriesApiDetail",
    "task-list": _ACCESS + "TestTasksApiList",
    "task-detail": _ACCESS + "TestTasksApiDetail",
    "task-done": _ACCESS + "TestTaskDoneApi",
    "appointment-list": _ACCESS + "TestAppointmentsApiList",
    "appointment-detail": _ACCESS + "TestAppointmentsApiDetail",
    "appointment-cancel": _ACCESS + "TestAppointmentCancelApi",
    "person-appointments": _ACCESS + "TestPersonAppointmentsApi",
    "duo:status": "spil/duo/tests/test_status_page.py::TestDuoStatusPage",
    "programmes:person": _PROGRAMMES + "TestPersonProgrammePage",
    "programmes:enrol": _PROGRAMMES + "TestEnrol",
    "programmes:wait": _PROGRAMMES + "TestWait",
    "programmes:result": _PROGRAMMES + "TestResultToDuo",
    "programmes:milestone_done": "spil/programmes/tests/test_milestones.py::TestMilestoneDone",
    "programmes:group": _PROGRAMMES + "TestGroupPage",
    "programmes:attendance": _PROGRAMMES + "TestAttendancePage",
    "programmes:assignment": _PROGRAMMES + "TestAssignmentPage",
    "programmes:upload": _PROGRAMMES + "TestUpload",
    "agenda:person_feed": _AGENDA + "TestPersonFeed",
    "programmes:enrol_from_pip": (
        "spil/programmes/tests/test_enrol_from_pip.py::TestEnrolFromPipPage"
    ),
    "placements:person_matches": _PLACEMENTS + "TestPersonMatchesPage",
    "placements:offer_candidates": _PLACEMENTS + "TestOfferCandidatesPage",
    "placements:assignment": _PLACEMENTS + "TestAssignmentPage",
    "placements:propose": _PLACEMENTS + "TestProposeEndpoint",
    "placements:placements": _PLACEMENTS + "TestPlacementsList",
    "placements:placement_detail": _PLACEMENTS + "TestPlacementDetail",
    "placements:placement_action": _PLACEMENTS + "TestPlacementAction",
    "placements:placement_team": _PLACEMENTS + "TestPlacementTeam",
    "placements:check_in": _PLACEMENTS + "TestCheckInForm",
    "placements:outcomes": _PLACEMENTS + "TestOutcomesPage",
    "placements:consents": _PLACEMENTS + "TestConsentsPage",
    "placements:support_placements": _PLACEMENTS + "TestSupportList",
    "placements:support_placement": _PLACEMENTS + "TestSupportPlacement",
    "placement-list": _PLACEMENTS + "TestPlacementsApiList",
    "placement-detail": _PLACEMENTS + "TestPlacementsApiDetail",
    "peercoaches:person": _PEER + "TestPersonPage",
    "peercoaches:end_assignment": _PEER + "TestEndAssignment",
    "peercoaches:withdraw_consent": _PEER + "TestWithdrawConsent",
    "peercoaches:my_people": _PEER + "TestMyPeople",
    "peercoaches:my_person": _PEER + "TestMyPerson",
    "peercoaches:my_hours": _PEER + "TestMyHours",
    "intake:overview": _INTAKE + "TestIntakeOverview",
    "intake:start": _INTAKE + "TestIntakeStart",
    "intake:step": _INTAKE + "TestIntakeStepPage",
    "intake:health": _INTAKE + "TestHealthPage",
    "intake-list": "spil/intake/tests/test_api.py::TestIntakesApiList",
    "intake-detail": "spil/intake/tests/test_api.py::TestIntakesApiDetail",
    "intake-health": "spil/intake/tests/test_api.py::TestIntakeHealthApi",
    "duo-result-list": "spil/programmes/tests/test_api_duo_results.py::TestSendResult",
    "pip-version-establish": "spil/plans/tests/test_api_writes.py::TestPipEstablish",
    "outcome-end": "spil/placements/tests/test_api_writes.py::TestOutcomeEnd",
    "intake-language": "spil/intake/tests/test_api_writes.py::TestIntakeLanguage",
    "intake-complete": "spil/intake/tests/test_api_writes.py::TestIntakeComplete",
    "programme-group-members": "spil/programmes/tests/test_api_group_writes.py::TestPlaceInGroup",
    "programme-group-attendance": (
        "spil/programmes/tests/test_api_group_writes.py::TestRecordAttendance"
    ),
    "plans:overview": _PLANS + "TestPlanOverview",
    "plans:new_draft": _PLANS + "TestNewDraft",
    "plans:edit": _PLANS + "TestEditDraftPage",
    "plans:add_component": _PLANS + "TestAddComponent",
    "plans:remove_component": _PLANS + "TestRemoveComponent",
    "plans:establish": _PLANS + "TestEstablish",
    "plans:resend": _PLANS + "TestResend",
    "plans:version": _PLANS + "TestVersionPage",
    "plans:pdf": _PLANS + "TestPipPdf",
    "plans:summary": _PLANS + "TestSummaryPdf",
    "outcome-list": _API_WRITES + "TestOutcomeList",
    "outcome-detail": _API_WRITES + "TestOutcomeDetail",
    "placement-introduction": _API_WRITES + "TestPlacementIntroduction",
    "placement-start": _API_WRITES + "TestPlacementStart",
    "placement-evaluate": _API_WRITES + "TestPlacementEvaluate",
    "placement-end": _API_WRITES + "TestPlacementEnd",
    "placement-convert": _API_WRITES + "TestPlacementConvert",
    "enrolment-list": _PROGRAMME_WRITES + "TestEnrolmentList",
    "enrolment-detail": _PROGRAMME_WRITES + "TestEnrolmentDetail",
    "enrolment-end": _PROGRAMME_WRITES + "TestEnrolmentEnd",
    "language-result-list": _PROGRAMME_WRITES + "TestLanguageResultList",
    "language-result-detail": _PROGRAMME_WRITES + "TestLanguageResultDetail",
    "reports:drill_down": "spil/reports/tests/test_pages.py::TestDrillDown",
    # The newcomer's portal: their own data only (anonymous to the sign-in, staff 403)
    "portal:home": _PORTAL + "TestHome",
    "portal:plan": _PORTAL + "TestPlan",
    "portal:agenda": _PORTAL + "TestAgenda",
    "portal:agenda_link": _PORTAL + "TestAgendaLink",
    "portal:absence": _PORTAL + "TestAbsence",
    "portal:progress": _PORTAL + "TestProgress",
    "portal:people": _PORTAL + "TestPeople",
    "portal:data": _PORTAL + "TestData",
    "portal:data_json": _PORTAL + "TestDataJson",
    "portal:data_pdf": _PORTAL + "TestDataPdf",
    "portal:staff_link": _PORTAL + "TestStaffLinkPage",
    "portal:consent": "spil/portal/tests/test_sharing.py::TestConsentAnswer",
    # Access basis: the klantmanager's overview, the partner's own participants
    "partners:person_access": _PARTNERS + "TestPersonAccessPage",
    "partners:participants": _PARTNERS + "TestParticipantsList",
    "partners:participant": _PARTNERS + "TestParticipantPage",
    "portal:elearning": _PORTAL + "TestElearning",
    "portal:elearning_page": _PORTAL + "TestElearningPage",
    "portal:elearning_ask": _PORTAL + "TestElearningAsk",
    "persons:document": _ACCESS + "TestDocumentDownload",
    "elearning:index": _ELEARNING + "TestOverview",
    "elearning:review": _ELEARNING + "TestReviewPage",
    "elearning:question": _ELEARNING + "TestQuestionPage",
    # The ketenoverleg: participants see a case only when they may see its person
    "ketenoverleg:index": _CHAIN + "TestIndex",
    "ketenoverleg:meeting": _CHAIN + "TestMeeting",
    "ketenoverleg:prepare": _CHAIN + "TestPrepare",
    "ketenoverleg:add_case": _CHAIN + "TestAddCase",
    "ketenoverleg:remove_case": _CHAIN + "TestRemoveCase",
    "ketenoverleg:add_note": _CHAIN + "TestAddNote",
    "ketenoverleg:add_action": _CHAIN + "TestAddAction",
    "ketenoverleg:close": _CHAIN + "TestClose",
    "ketenoverleg:action_done": _CHAIN + "TestActionDone",
    "ketenoverleg:agenda_pdf": _CHAIN + "TestAgendaPdf",
    "ketenoverleg:minutes_pdf": _CHAIN + "TestMinutesPdf",
    "chain-meeting-list": _CHAIN + "TestMeetingsApi",
    "chain-action-list": _CHAIN + "TestActionsApi",
    "chain-meeting-detail": _CHAIN + "TestMeetingApiDetail",
    "chain-action-detail": _CHAIN + "TestActionApiDetail",
    # Partner systems (OAuth client credentials): only persons of the organisation's basis
    "partner-participant-list": _PARTNER_API + "TestParticipantList",
    "partner-participant-detail": _PARTNER_API + "TestParticipantDetail",
    "partner-week-plan": _PARTNER_API + "TestWeekPlan",
    "partner-attendance": _PARTNER_API + "TestAttendance",
    "partner-hours": _PARTNER_API + "TestHours",
    "partner-results": _PARTNER_API + "TestResults",
}
NO_PERSONAL_DATA = {
    "persons:caseload_view_save",  # the user's own filters, never a search text
    "persons:caseload_view_delete",
    "set_language",
    "accounts:login",
    "accounts:verify",
    "accounts:setup",
    "accounts:logout",
    "accounts:account",
    "accounts:organisations",
    # A municipality's own values for rules (PVT hours, aftercare): no person in it
    "accounts:municipal_choices",
    "accounts:issue_enrolment_invitation",  # a user's enrolment code (test_enrolment.py)
    "web:home",
    "web:healthz",
    "audit:search",  # pseudonymous references only
    # The log through VNG's API: pseudonymous references only, functioneel beheerder only
    # (spil/audit/tests/test_verwerkingenlogging_api.py)
    "verwerkingenlogging:verwerkingsacties",
    "verwerkingenlogging:verwerkingsactie",
    "audit:access_request",  # the same, as a download (spil/audit/tests)
    "api-root",
    "api-schema",
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "oidc_logout",
    "duo:notificaties",  # DUO's M2M endpoint, no user (spil/duo/tests/test_notificatie_api.py)
    "duo:retry",  # POST only, redirects; shows nothing (spil/duo/tests/test_status_page.py)
    "zaken:notificaties",  # Notificaties API sink, no user (spil/zaken/tests/test_contract.py)
    "zaken:calls",  # beheer: kinds of ZGW calls, zaak numbers, errors; no person's data
    "zaken:retry",  # POST only, redirects; shows nothing (spil/zaken/tests/test_flow.py)
    # development tool (never in production), synthetic BSNs only
    # (spil_dev/duo_sandbox/tests/test_send_event.py)
    "duo_sandbox:send_event",
    "intake:occupations",  # ESCO reference data only (spil/intake/tests/test_intake.py)
    # programmes: templates and group lists carry no person
    "programmes:templates",
    "programmes:template",
    "programmes:template_edit",
    "programmes:groups",
    "programmes:group_new",
    # agenda: the trainer's agenda page only their own sessions; the .ics feed is the data
    # subject's own agenda behind a secret, revocable token, its fetches logged once a day
    # (spil/agenda/tests/test_ical.py)
    "agenda:my_agenda",
    "agenda:ical",
    # school holidays: dates and group names only (spil/programmes/tests/test_school_holidays.py)
    "programmes:school_holidays",
    "programmes:school_holiday_edit",
    "programmes:school_holiday_delete",
    "programme-template-list",
    "programme-template-detail",
    "programme-group-list",  # groups without participants
    "programme-group-detail",
    # Employers and offers hold no newcomer data (scoping: spil/placements/tests/test_offers.py)
    "placements:offers",
    "placements:offer_new",
    "placements:offer_detail",
    "placements:offer_edit",
    "placements:offer_status",
    "placements:employers",
    "placements:employer_detail",
    "placement-offer-list",
    "placement-offer-detail",
    # Reports: aggregate figures with small numbers suppressed, never a person
    # (spil/reports/tests/test_pages.py); the drill-down above names persons.
    "reports:index",
    "reports:report",
    "reports:export",
    "reports:subscribe",  # the reader's own monthly e-mail (spil/reports/tests/test_monthly.py)
    "reports:unsubscribe",
    "report-list",  # the same aggregate figures (spil/reports/tests/test_api.py)
    "report-detail",
    "report-export",  # the same figures as a file (spil/reports/tests/test_monitor.py)
    # Peer coaches: the register holds coaches, not newcomers; the hours statement and its
    # exports count hours per coach and never name a newcomer
    # (spil/peercoaches/tests/test_peercoaches.py)
    "peercoaches:coaches",
    "peercoaches:coach_new",
    "peercoaches:coach_edit",
    "peercoaches:statement",
    "peercoaches:statement_export",
    # The portal's sign-in and language switch show no personal data; signing in is
    # logged with the newcomer as actor (spil/portal/tests/test_sign_in.py)
    "portal:sign_in",
    "portal:digid_start",
    "portal:digid_return",
    "portal:link",
    "portal:sign_out",
    "portal:language",
    # MAP e-learning modules: course content, no person (spil/elearning/tests/test_pages.py)
    "elearning:modules",
    "elearning:module_import",
    "elearning:module_edit",
    "elearning:module_export",
    # development tool (never in production): the DigiD mock asks for a synthetic BSN
    # (spil_dev/digid_mock/tests/test_digid_mock.py)
    "digid_mock:login",
    # The e-learning choice per template or group names no person (spil/elearning/tests)
    "elearning:schedules",
    "elearning:schedule_edit",
    # Processing agreements name organisations, never a person (spil/partners/tests)
    "partners:agreements",
    "partners:agreement_edit",
    # The ketenoverleg's series: staff names and organisations only, no newcomer
    # (spil/ketenoverleg/tests/test_ketenoverleg.py)
    "ketenoverleg:series_new",
    "ketenoverleg:participants",
    # Partner systems: the OAuth token endpoint and the functioneel beheerder's register of
    # clients (names, scopes, client ids; no person) (spil/partner_api/tests/test_clients.py)
    "partner-token",
    "partner_api:clients",
    "partner_api:register",
    "partner_api:revoke",
}


def _names(patterns: list[URLPattern | URLResolver], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _names(pattern.url_patterns, namespace)
        elif pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_url_is_classified() -> None:
    names = _names(get_resolver().url_patterns)
    names = {n for n in names if not n.endswith("-format")}
    unclassified = names - set(PERSONAL_DATA_VIEWS) - NO_PERSONAL_DATA
    assert not unclassified, f"classify these URLs: {sorted(unclassified)}"
    assert not (set(PERSONAL_DATA_VIEWS) - names), "stale entries"
