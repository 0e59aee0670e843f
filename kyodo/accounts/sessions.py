"""Sessions in the database, under keys of the shape Django itself makes.

Django takes any cookie value of eight characters or more as a session key and looks
it up. A quoted cookie may spell a NUL byte as `\\000`, and a key carrying one makes
PostgreSQL's driver raise: a 500 on every page and API call, for anyone, signed in
or not. A key Django could not have made is treated as no session at all.
"""

import re

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

# django.contrib.sessions.backends.base: 32 characters of VALID_KEY_CHARS.
SESSION_KEY = re.compile(r"[a-z0-9]{32}")


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key) -> bool:
        return isinstance(key, str) and SESSION_KEY.fullmatch(key) is not None
