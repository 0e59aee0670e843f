"""OCDS open data: public, no sign-in. What is public is procurement.ocds's call."""

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from procurement.ocds import ocid_of, procurement_of_ocid, public_procurements, release_package

JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}


def _package_url(request, ocid: str) -> str:
    return request.build_absolute_uri(reverse("ocds:package", args=[ocid]))


@require_safe
def package_index(request):
    """Every procurement with a release, and where its package is."""
    packages = []
    for procurement in public_procurements():
        ocid = ocid_of(procurement)
        packages.append({"ocid": ocid, "title": procurement.title,
                         "url": _package_url(request, ocid)})
    return JsonResponse({"packages": packages}, json_dumps_params=JSON_OPTIONS)


@require_safe
def package(request, ocid: str):
    """The release package of one procurement; 404 for drafts, open surveys and strangers."""
    procurement = procurement_of_ocid(ocid)
    package = None if procurement is None else release_package(
        procurement, uri=_package_url(request, ocid))
    if package is None:
        raise Http404
    return JsonResponse(package, json_dumps_params=JSON_OPTIONS)
