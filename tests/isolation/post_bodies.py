"""What the walk cannot read from a route's own form or API schema.

Routes are named by their URL name with its namespaces (`console:vendor_approve`,
`workspace:members`, `admin:auth_group_change`); `*` matches any text. Most POST
routes need nothing here: the walk fills in the form their legitimate user is shown
(`foreign_data.owners`) and proves the body by posting it as that user first.
"""

from datetime import timedelta

from stdnum.jp import cn

from tests.isolation import procurement_data

# Routes whose accepted post legitimately ends the session; the walk signs in again.
SESSION_ENDING = {"account_logout", "admin:logout"}


def _corporate_number(fresh) -> str:
    base = f"{7_000_000_000 + fresh.number():012d}"
    return cn.calc_check_digit(base) + base


# Files a route needs that the walk's stand-in PDF is not: the body names the file by its
# stand-in, and the walk sends (file name, content, content type) as a fresh upload.
INVENTORY_UPLOAD = "\x00isolation-inventory.csv"
UPLOADS = {
    INVENTORY_UPLOAD: ("inventory.csv", (
        "手続名,担当部署,根拠法令,年間件数,オンライン化,マイナンバーカード認証,オンライン件数\r\n"
        "巡回テストの手続,巡回テスト課,,100,○,×,20\r\n").encode("utf-8-sig"), "text/csv"),
}


# Values for fields whose valid content a generic filler cannot guess, by field name.
FIELD_HINTS = {
    "legal_name_kana": lambda fresh: "ジュンカイテスト",
    "corporate_number": _corporate_number,
    "annual_cost": lambda fresh: "1200000",  # yen, typed as a person would
    "taper": lambda fresh: "1",
    **procurement_data.timeline_hints(),
    # The pool's numbers start at 1 (hours and towns), not at the widget's 0.
    "monthly_capacity_hours": lambda fresh: "40",
    "max_towns": lambda fresh: "3",
    "hours_per_month": lambda fresh: "8",
    # A consultation slot starts on the hour, in the future.
    "starts_at": lambda fresh: (fresh.today() + timedelta(days=2)).strftime("%Y-%m-%dT10:00"),
}


def _first_qualification(body: dict, fresh) -> dict:
    """A formset's forms carry no `required` attribute; an application needs one
    qualification (QualificationFormSet's min_num)."""
    today = fresh.today()
    return body | {"qualifications-0-category": ["information_systems"],
                   "qualifications-0-valid_from": [today.isoformat()],
                   "qualifications-0-valid_until": [(today + timedelta(days=730)).isoformat()]}


def _adoption_request(body: dict, fresh) -> dict:
    """A request for the one system no town has requested (foreign_data), from next April."""
    from kyodo.fiscal import fiscal_year_of

    return body | {"system": 800001, "start_fiscal_year": fiscal_year_of(fresh.today()) + 1,
                   "start_month": 4, "reason": "検証のための申請"}


def _talent_request(body: dict, fresh) -> dict:
    """A request needs a skill of the taxonomy and a period in order."""
    today = fresh.today()
    return body | {"skills": [{"skill": "security_manager", "min_level": 2}],
                   "period_from": today.isoformat(),
                   "period_until": (today + timedelta(days=90)).isoformat()}


def _slot_start(body: dict, fresh) -> dict:
    """A slot starts on the hour, in the future, clear of the planted slots (days 3 to 6)."""
    from django.utils import timezone

    start = (timezone.localtime() + timedelta(days=2)).replace(hour=10, minute=0, second=0,
                                                               microsecond=0)
    return body | {"starts_at": start.isoformat()}


def _himeshima_pk() -> str:
    from tenants.models import Municipality

    return str(Municipality.objects.get(slug="himeshima").pk)


# Bodies the walk is given, by route: each function takes the body derived from the
# route's form (or OpenAPI schema; {} when there is none) and returns the one to send.
BODIES = {
    "vendor_register": _first_qualification,
    # The form shows the owner's current choice (a daily digest); the other one changes it.
    "notifications:settings": lambda body, fresh: body | {"email_delivery": ["immediate"]},
    "town-api:v1:adoption-request-list": _adoption_request,
    # Checkboxes a person ticks: every declaration of a bid; the town a survey asks.
    "procurement:bid_new": lambda body, fresh: body | {
        f"declare_{key}": ["on"] for key in procurement_data.DECLARATIONS},
    "procurement:survey": lambda body, fresh: body | {"municipalities": [_himeshima_pk()]},
    # A vendor's forms on a tender's page, which the walk reads as the coordinator (who
    # answers there): a question, a request for reasons, and a bid withdrawn or kept.
    "procurement:question": lambda body, fresh: body | {"question": [fresh.text()]},
    "procurement:reasons": lambda body, fresh: body | {"question": [fresh.text()]},
    "procurement:bid_withdraw": lambda body, fresh: body,
    "procurement:bid_confirm": lambda body, fresh: body,
    "v1:bid-create": lambda body, fresh: body | {"kuji_number": "123"},
    "v1:tender-open": lambda body, fresh: body,  # no body: the opening takes none
    # The tender in evaluation: vendor B's bid (ranked first) is awarded, and scored.
    "v1:tender-award": lambda body, fresh: body | {
        "bid": procurement_data.EVALUATED_BID_IDS[0]},
    "v1:tender-scores": lambda body, fresh: {"points": {
        bid_id: {"function": 40} for bid_id in procurement_data.EVALUATED_BID_IDS}},
    # The inventory import reads a spreadsheet in the template's shape, not any file.
    "workspace:targets_procedures_import": lambda body, fresh: body | {
        "import-file": [INVENTORY_UPLOAD]},
    # A month and a survey no planted row has (foreign_data plants the current year's
    # April and survey), each count within its total; an edit keeps its month or year.
    "workspace:targets_approvals": lambda body, fresh: body | {
        "new-year": [str(fresh.today().year - 1)], "new-month": ["5"],
        "new-decided": ["100"], "new-electronic": ["40"]},
    "workspace:targets_approvals_edit": lambda body, fresh: body | {
        "edit-decided": ["100"], "edit-electronic": ["40"]},
    "workspace:targets_surveys": lambda body, fresh: body | {
        "new-fiscal_year": [str(fresh.today().year - 2)], "new-respondents": ["100"],
        "new-satisfied": ["60"]},
    "workspace:targets_surveys_edit": lambda body, fresh: body | {
        "edit-respondents": ["100"], "edit-satisfied": ["60"]},
    # A profile and a request need at least one skill, chosen from a select each.
    "talent:specialist_new": lambda body, fresh: body | {"skill_security_manager": ["3"]},
    "workspace:talent_request_new": lambda body, fresh: body | {"skill_security_manager": ["2"]},
    # A new skill's code is a slug no skill has yet.
    "talent:skills": lambda body, fresh: body | {"code": [f"walk_{fresh.number()}"]},
    # The pool's API: the running engagement of our specialist (talent_data's o1), the
    # free slot of the foreign specialist (f2), and actions that take no body.
    "v1:talent-time-entry-list": lambda body, fresh: body | {
        "engagement": 800001, "day": fresh.today().isoformat(), "hours": 1},
    "v1:talent-slot-list": _slot_start,
    "v1:talent-proposal-create": lambda body, fresh: body,
    "town-api:v1:talent-request-list": _talent_request,
    "town-api:v1:talent-request-submit": lambda body, fresh: body,
    "town-api:v1:talent-request-withdraw": lambda body, fresh: body,
    "town-api:v1:talent-booking-list": lambda body, fresh: body | {"slot": 900002},
    "town-api:v1:procedure-import": lambda body, fresh: {
        "fiscal_year": [str(fresh.today().year)], "file": [INVENTORY_UPLOAD]},
}

# API operations that take multipart/form-data (a file), not JSON.
MULTIPART_API = {"town-api:v1:procedure-import"}

# POST routes for which no accepted body can be built, and why. The walk still posts
# to them (the derived body if any, otherwise an empty one). An entry that stops being
# needed, because a body is proven after all, fails the walk: remove it then.
WITHOUT_VALID_BODY = {
    "account_login": "signing in needs an account's own password; it signs in whoever sends it",
    "account_signup": "sign-up is closed: accounts come from invitations",
    "account_reauthenticate": "records a fresh sign-in in the session, nothing else",
    "account_set_password": "only for accounts without a password; every account has one",
    "account_reset_password": "sends an e-mail, nothing else",
    "account_reset_password_from_key": "needs the key from the reset e-mail",
    "account_confirm_email": "needs the key from the verification e-mail",
    "account_confirm_login_code": "sign-in by e-mailed code is off",
    "mfa_authenticate": "the second step of a sign-in in progress",
    "mfa_reauthenticate": "records a fresh second factor in the session, nothing else",
    "mfa_reauthenticate_webauthn": "needs a security key's signature made in the browser",
    "mfa_activate_totp": "needs a code from an authenticator app set up on that very page",
    "mfa_add_webauthn": "needs a credential made by a security key in the browser",
    "mfa_login_webauthn": "needs a passkey's signature made in the browser",
    "set_language": "sets the language cookie, nothing else",
    "admin:*_changelist": "an action only asks for confirmation; the delete page is walked",
    "admin:account_emailaddress_add": "the account is typed in by its id",
    "admin:mfa_authenticator_add": "second factors are set up on allauth's pages",
    "admin:mfa_authenticator_change": "the admin's form wants JSON and a date and time typed in",
    "v1:allocation-preview": "computes what a rule would charge and stores nothing",
}
