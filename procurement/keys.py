"""The master keyring the services seal and open with.

From KYODO_PROCUREMENT_MASTER_KEYS; with DEBUG on and nothing set, from the development
key made on first use in .kyodo/ (procurement.sealing.development_master_keys). A
production process without the setting refuses to seal rather than use a made-up key.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from procurement.sealing import (
    MASTER_KEYS_ENVIRONMENT,
    MasterKeyring,
    development_master_keys,
    master_keyring_parse,
)


def keyring() -> MasterKeyring:
    text = settings.KYODO_PROCUREMENT_MASTER_KEYS
    if not text:
        if not settings.DEBUG:
            raise ImproperlyConfigured(f"{MASTER_KEYS_ENVIRONMENT} must be set when DEBUG is off.")
        text = development_master_keys(settings.BASE_DIR)
    return master_keyring_parse(text)
