"""The klantmanager's pages: the caseload and a person's dossier, with its actions.

Every view finds the person through a scoped query (VIEW to read, CHANGE to write) and
leaves exactly one processing record per request: `record_view` for what a page shows, or
the record the service writes for a change (followed by a redirect).
"""

from spil.dossier.views.actions import (
    appointment_cancel,
    appointment_plan,
    contact_moment,
    document,
    edit_details,
    hand_over,
    reassign,
    task_done,
)
from spil.dossier.views.caseload_list import caseload, delete_view, save_view
from spil.dossier.views.sections import (
    documents_section,
    person_section,
    programmes_section,
    summary,
    timeline,
    trajectory_section,
    work_section,
)

__all__ = [
    "appointment_cancel",
    "appointment_plan",
    "caseload",
    "contact_moment",
    "delete_view",
    "document",
    "documents_section",
    "edit_details",
    "hand_over",
    "person_section",
    "programmes_section",
    "reassign",
    "save_view",
    "summary",
    "task_done",
    "timeline",
    "trajectory_section",
    "work_section",
]
