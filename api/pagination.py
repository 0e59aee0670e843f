"""Lists are paged by `?limit=` and `?offset=`, and both are checked like any input.

DRF's LimitOffsetPagination quietly uses its default for a value it cannot read
(`?limit=abc`, `?limit=0`, `?offset=-5`), so a client's mistake comes back as a
different page than it asked for. Here such a value is a 400 naming the parameter,
and the schema states the bounds.
"""

from rest_framework.pagination import LimitOffsetPagination

from api.serializers import PageQuerySerializer


class ValidatedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = 1000
    max_offset = 2**31 - 1

    def paginate_queryset(self, queryset, request, view=None):
        page = PageQuerySerializer(data=request.query_params, max_limit=self.max_limit,
                                   max_offset=self.max_offset)
        page.is_valid(raise_exception=True)
        self._page = page.validated_data
        return super().paginate_queryset(queryset, request, view)

    def get_limit(self, request) -> int:
        return self._page.get("limit", self.default_limit)

    def get_offset(self, request) -> int:
        return self._page.get("offset", 0)

    def get_schema_operation_parameters(self, view):
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": self.max_limit,
                                     "default": self.default_limit},
            self.offset_query_param: {"minimum": 0, "maximum": self.max_offset, "default": 0},
        }
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"].update(bounds[parameter["name"]])
        return parameters
