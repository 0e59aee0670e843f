"""One error type for domain failures, with stable codes the API and tests rely on."""

from enum import StrEnum


class ErrorCode(StrEnum):
    VALIDATION_ERROR = "validation_error"
    BAD_REQUEST = "bad_request"
    NOT_AUTHENTICATED = "not_authenticated"
    AUTHENTICATION_FAILED = "authentication_failed"
    PERMISSION_DENIED = "permission_denied"
    MFA_REQUIRED = "mfa_required"  # the account must set up a second factor first
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_ACCEPTABLE = "not_acceptable"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    THROTTLED = "throttled"
    CONFLICT = "conflict"
    INVITATION_INVALID = "invitation_invalid"  # the link's signature or nonce is wrong
    INVITATION_EXPIRED = "invitation_expired"
    INVITATION_USED = "invitation_used"
    INVITATION_REVOKED = "invitation_revoked"
    INVITATION_WRONG_EMAIL = "invitation_wrong_email"  # signed in as someone else
    ALREADY_MEMBER = "already_member"  # the person already belongs to that organisation
    INVALID_TRANSITION = "invalid_transition"  # the action is not allowed from the current state
    ALREADY_REQUESTED = "already_requested"  # an open request for the same thing exists
    DEADLINE_PASSED = "deadline_passed"  # the server's clock is at or past the deadline
    NOT_QUALIFIED = "not_qualified"  # the vendor lacks the 競争入札参加資格 the tender requires
    SEALED_UNTIL_OPENING = "sealed_until_opening"  # bids are read only at the opening
    EVALUATION_INCOMPLETE = "evaluation_incomplete"  # the evaluators have not scored every bid
    SLOT_TAKEN = "slot_taken"  # another town booked the consultation slot first
    OVER_CAPACITY = "over_capacity"  # more hours than the specialist has, without a reason
    IMPORT_INVALID = "import_invalid"  # a file with bad rows: nothing imported, each row listed
    NOT_BEHIND = "not_behind"  # the town is not behind that target (any more): nothing to suggest
    NO_RECIPIENTS = "no_recipients"  # nobody to tell: the town has no active member yet
    SERVER_ERROR = "server_error"


class DomainError(Exception):
    """A rule of the domain said no. `status` is the HTTP status the API answers with."""

    status = 400

    def __init__(self, code: ErrorCode, message: str, *, details: list[dict] | None = None,
                 status: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or []
        if status is not None:
            self.status = status
