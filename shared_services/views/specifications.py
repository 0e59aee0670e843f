"""Downloading a system's specification (any version), for whoever may see the system."""

import mimetypes

from django.http import FileResponse, Http404
from django_tenants.utils import get_public_schema_name, schema_context

from shared_services.selectors import common_system_get


def specification_download(request, pk: int, document_pk: int):
    system = common_system_get(actor=request.user, pk=pk)
    document = system.specifications.filter(pk=document_pk).first()
    if document is None:
        raise Http404
    with schema_context(get_public_schema_name()):
        handle = document.file.open("rb")
    name = document.file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name,
                        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
