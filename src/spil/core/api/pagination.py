"""Pages of API lists: a page number that is not a whole number from 1 up is a 400 naming
`page` (DRF alone reads `page=` as the first page and `page=x` as a missing page)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class StrictPageNumberPagination(PageNumberPagination):
    last_page_strings = ()

    def get_page_number(self, request: Request, paginator: Paginator[Any]) -> int:
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise ValidationError({self.page_query_param: [_("Enter a page number of 1 or more.")]})
        # Beyond any list (a 404 from the paginator), without int() of a huge string.
        return int(raw) if len(raw) <= 12 else 10**12

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters
