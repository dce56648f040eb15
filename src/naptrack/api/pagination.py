"""Pages of list answers: `limit` and `offset`, checked rather than silently ignored."""

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

_DIGITS = re.compile(r"[0-9]+")


class ApiPagination(LimitOffsetPagination):
    max_limit = 1000
    # A larger offset cannot be a real page, and overflows the database's integer on SQLite.
    max_offset = 2**31 - 1

    def get_limit(self, request) -> int:
        return self._integer(request, self.limit_query_param, 1, self.max_limit, self.default_limit)

    def get_offset(self, request) -> int:
        return self._integer(request, self.offset_query_param, 0, self.max_offset, 0)

    def _integer(self, request, name: str, minimum: int, maximum: int, default: int) -> int:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return default
        if not _DIGITS.fullmatch(raw) or not minimum <= int(raw) <= maximum:
            raise ValidationError(
                {
                    name: [
                        _("Give a whole number from %(min)d to %(max)d.")
                        % {"min": minimum, "max": maximum}
                    ]
                }
            )
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {
                "minimum": 1,
                "maximum": self.max_limit,
                "default": self.default_limit,
            },
            self.offset_query_param: {"minimum": 0, "maximum": self.max_offset, "default": 0},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
