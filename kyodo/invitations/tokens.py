"""The token in an invitation link.

The token is `django.core.signing` over the invitation's id and a random nonce (salt
"kyodo.invitation"); the row stores only the nonce's SHA-256. A link therefore works
only if it was signed with our key *and* carries the nonce made for that row: a
tampered token fails the signature, and neither a leaked database (hashes only) nor a
leaked key alone (no nonces) yields a working link. Single use and expiry are the
row's business (accepted_at, expires_at), not the token's.
"""

import hashlib
import hmac
import secrets

from django.core import signing

SALT = "kyodo.invitation"


def nonce_new() -> str:
    return secrets.token_urlsafe(32)


def nonce_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def token_make(*, invitation_id: int, nonce: str) -> str:
    return signing.dumps({"id": invitation_id, "nonce": nonce}, salt=SALT)


def token_read(token: str) -> tuple[int, str] | None:
    """The (invitation id, nonce) a token carries, or None if it is not one we signed."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    invitation_id, nonce = payload.get("id"), payload.get("nonce")
    if not isinstance(invitation_id, int) or not isinstance(nonce, str):
        return None
    return invitation_id, nonce


def nonce_matches(nonce: str, stored_hash: str) -> bool:
    return hmac.compare_digest(nonce_hash(nonce), stored_hash)
