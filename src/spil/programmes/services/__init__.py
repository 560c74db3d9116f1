"""All writes of the programmes app, one module per concern:

* ``enrolment`` — a person's week plan from a template or from their established PIP;
* ``groups`` — groups and their sessions, school holidays and other days off;
* ``assignment`` — the waiting list, the optimiser's proposal, accepted placements;
* ``attendance`` — attendance, the absence-streak signal and credited hours;
* ``imports`` — a language school's attendance or CEFR-results upload;
* ``reminders`` — reminders of tomorrow's sessions;
* ``duo_results`` — results and hours to DUO.

Import the module you need (``from spil.programmes.services import enrolment``). Each
function that touches a person's data writes one processing record for the change.
"""
