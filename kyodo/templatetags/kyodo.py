"""Template tags shared by every page."""

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def public_url(name: str, *args, **kwargs) -> str:
    """Reverse a prefecture-level URL, also from inside a town's workspace.

    Workspace requests resolve against the workspace URLConf, which does not know
    the prefecture's URL names, so those are reversed against the public URLConf.
    """
    return reverse(name, urlconf=settings.PUBLIC_SCHEMA_URLCONF, args=args, kwargs=kwargs)
