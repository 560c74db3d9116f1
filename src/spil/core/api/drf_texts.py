"""Django REST framework's messages that its own Dutch catalogue lacks (3.18), marked here
so that `makemessages` keeps them in Spil's catalogues: Django prefers those to DRF's own,
so a Dutch caller reads them in Dutch (the Arabic ones are DRF's, where it has them).
`tests/api/test_in_dutch.py` finds any message that a Dutch answer still gives in English.

"Request was throttled." is here too: DRF's Dutch for it reads oddly."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DRF_TEXTS = (
    _("Must be a valid boolean."),
    _("Not a valid string."),
    _("Must be a valid UUID."),
    _("Invalid input."),
    _("Ensure this field has no more than {max_length} elements."),
    _("Ensure this field has at least {min_length} elements."),
    _("Surrogate characters are not allowed: U+{code_point:X}."),
    _('Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.'),
    _("A valid biginteger is required."),
    _("Integer value too large to convert to float"),
    _('Invalid datetime for the timezone "{timezone}".'),
    _("Datetime value out of range."),
    _("The number of days must be between {min_days} and {max_days}."),
    _("This dictionary may not be empty."),
    # Throttled: DRF translates each form alone, then joins it to the message.
    _("Request was throttled."),
    _("Expected available in {wait} second."),
    _("Expected available in {wait} seconds."),
)
