"""Uploaded files, stored per tenant: MEDIA_ROOT/<schema>/…

django-tenants' TenantFileSystemStorage caches the media root it joins the schema to and
forgets it only when MULTITENANT_RELATIVE_MEDIA_ROOT changes, not when MEDIA_ROOT does,
so a storage that had been used kept writing under the old root after MEDIA_ROOT was
changed (as tests and management commands do).
"""

from django_tenants.files.storage import TenantFileSystemStorage


class TenantMediaStorage(TenantFileSystemStorage):
    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "MEDIA_ROOT":
            self.__dict__.pop("relative_media_root", None)
