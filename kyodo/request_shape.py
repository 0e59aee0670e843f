"""Requests no Kyodo page can accept are refused before the view runs.

PostgreSQL cannot store or compare a text value holding a NUL byte: the driver refuses
the query with an error. Forms refuse NUL field by field (Django's and DRF's CharField),
but a view that reads the query string itself, such as the admin's list filters, handed
it to the database and answered 500. No Kyodo URL carries a NUL in its query string, so
such a request gets the 400 page here. API views are left to their input serializers,
which refuse it too and name the field in the API's own error shape.
"""

from django.shortcuts import render
from rest_framework.views import APIView


def bad_request(request, exception=None):
    """The Japanese 400 page (Django's handler400), rendered with the request's layout."""
    return render(request, "400.html", status=400)


class NulInQueryStringMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return None
        if any("\x00" in name or any("\x00" in value for value in values)
               for name, values in request.GET.lists()):
            return bad_request(request)
        return None
