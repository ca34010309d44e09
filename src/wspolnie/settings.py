"""Project settings: one file, every deployment difference comes from the environment.

Documented in README.md ("Configuration"). Invalid values raise EnvError, which the
`wspolnie` command turns into one readable line and a non-zero exit.
"""

from __future__ import annotations

import contextlib
import os
from datetime import timedelta
from pathlib import Path

import dj_email_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from wspolnie.lib import tiles
from wspolnie.lib.dburl import parse_database_url
from wspolnie.lib.env import EnvError, env_bool, env_int, env_list

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("WSPOLNIE_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if DEBUG:
        # A development-only key; production must set SECRET_KEY (check --deploy says so).
        return "django-insecure-wspolnie-development-only-key-do-not-use-in-production"
    raise EnvError("SECRET_KEY must be set when DEBUG is off")


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "wspolnie.core",
    "wspolnie.accounts",
    "wspolnie.directory",
    "wspolnie.organisations",
    "wspolnie.services",
    "wspolnie.needs",
    "wspolnie.contacts",
    "wspolnie.channels",
    "wspolnie.search",
    "wspolnie.imports",
    "wspolnie.meetings",
    "wspolnie.announcements",
    "wspolnie.newsletter",
    "wspolnie.distribution",
    "wspolnie.reach",
    "wspolnie.boards",
    "wspolnie.notes",
    "wspolnie.library",
    "wspolnie.dashboard",
    "wspolnie.network",
    "wspolnie.calendars",
    "wspolnie.opendata",
    "wspolnie.webhooks",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # django-ninja as an app: /api/docs uses its bundled Swagger UI from our static files
    # (otherwise it loads it from a CDN, which the Content-Security-Policy refuses).
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "wspolnie.core.middleware.QueryLanguageMiddleware",  # ?lang=en (hreflang alternates)
    # Outside everything that may answer an error (CommonMiddleware's 400 for a bad host,
    # the CSRF 403, the 404/500 pages), inside the language: /api/ errors as JSON.
    "wspolnie.api.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Lets the measured-reach receivers see the session (a conversion of a tracked link).
    "wspolnie.reach.tracking.ReachMiddleware",
    # After the user and messages (it logs a timed-out session out and says so).
    "wspolnie.accounts.sessions.SessionTimeoutMiddleware",
    # Anonymous visitors' public pages from the cache (core/page_cache.py): inside CSRF (a
    # cached page gets the visitor's own token and cookie), the language, the security and
    # CSP headers; after the session and user (a session cookie means no cache).
    "wspolnie.core.page_cache.PageCacheMiddleware",
    # Before any view (and CSRF's process_view) reads the body; after the session and user,
    # so that its "too large" page shows the visitor as signed in.
    "wspolnie.core.middleware.RequestSizeLimitMiddleware",
    "wspolnie.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wspolnie.urls"
WSGI_APPLICATION = "wspolnie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wspolnie.core.context_processors.site",
                "wspolnie.core.context_processors.navigation",
            ],
            "builtins": ["wspolnie.core.templatetags.markup", "wspolnie.core.templatetags.layout"],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
_DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'wspolnie.sqlite3'}")
_POSTGRES = _DATABASE_URL.startswith(("postgres:", "postgresql:", "pgsql:"))
DATABASES = {
    "default": parse_database_url(
        _DATABASE_URL,
        # A connection kept for a minute, not a new one per request: on PostgreSQL a
        # connection costs a fork and authentication (several ms per page); on SQLite Django's
        # set-up of a connection (its SQL functions, the PRAGMAs) costs ~2 ms of CPU, twice a
        # whole cached page (bench/RESULTS.md, "1. Pages").
        conn_max_age=env_int("CONN_MAX_AGE", 60),
    )
}
if _POSTGRES:
    # A kept connection the server closed (restart, idle timeout) is replaced at the next
    # request instead of failing it.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + immediate transactions: readers never block the writer, and concurrent writers
    # queue on the database lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not :memory:, so that a worker process started by a test sees the test data.
    # One file per test process, so that parallel runs never share (and destroy) one database.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get(
            "WSPOLNIE_SQLITE_TEST_NAME", str(DATA_DIR / f"test-{os.getpid()}.sqlite3")
        )
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every password while the account or the client is locked out.
    "wspolnie.accounts.backends.LoginThrottlingBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# How long a sign-up verification link stays valid.
EMAIL_VERIFICATION_MAX_AGE = env_int("EMAIL_VERIFICATION_MAX_AGE", 3 * 24 * 3600)

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one account
# (from anywhere) or from one client (for any accounts), logins are refused for
# LOGIN_COOLOFF_MINUTES after the last failure. A password reset unlocks the account.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "wspolnie.accounts.throttling.login_username"
AXES_LOCKOUT_CALLABLE = "wspolnie.accounts.throttling.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# A success must not wipe the failures counted against an account (an attacker logging into
# their own account between guesses), nor a failure during the lockout extend it for ever.
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Axes would otherwise keep every successful login (address, browser) indefinitely.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# The one client-address helper (TRUSTED_PROXY_HEADER), as the newsletter's rate limit uses.
AXES_CLIENT_IP_CALLABLE = "wspolnie.lib.client_ip.client_ip"

# Second factor (django-otp): TOTP apps plus one-time recovery codes. Staff always need it;
# organisation admins too when TWO_FACTOR_FOR_ORGANISATION_ADMINS is on.
TWO_FACTOR_FOR_ORGANISATION_ADMINS = env_bool("TWO_FACTOR_FOR_ORGANISATION_ADMINS", False)
OTP_TOTP_ISSUER = "Wspólnie"
#: How long the code step waits after the right password before it must be given again.
LOGIN_CODE_MAX_AGE = 300
#: Password-reset, verification and "somebody tried to sign up" mails: per e-mail address
#: (for each kind of mail) and per client address, within an hour.
ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR = env_int("ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR", 3)
ACCOUNT_MAILS_PER_CLIENT_PER_HOUR = env_int("ACCOUNT_MAILS_PER_CLIENT_PER_HOUR", 20)

# Internationalisation
LANGUAGE_CODE = "pl"
LANGUAGES = [
    ("pl", _("Polish")),
    ("en", _("English")),
    ("uk", _("Ukrainian")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
#: One date format per language, the same on every page (wspolnie/formats/).
FORMAT_MODULE_PATH = ["wspolnie.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Warsaw")
LANGUAGE_COOKIE_NAME = "wspolnie_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Static files: whitenoise serves them in every mode (no separate web server needed).
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)

#: Public pages of anonymous visitors are served from the cache for at most this many seconds
#: (and at once forgotten when the data they show changes: wspolnie.core.page_cache); 0 = off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
# How long a web worker reuses the pages' data version it read before reading it again (ms):
# a change made in another worker shows to anonymous visitors after at most this long.
PAGE_CACHE_RECHECK_MS = env_int("PAGE_CACHE_RECHECK_MS", 500)

#: Only for bench/pages_bench.py: serves a constant page at /bench/baseline/ (the floor every
#: other page is compared with, measured in the same server). Off in every real install.
BENCH_BASELINE = env_bool("WSPOLNIE_BENCH_BASELINE", False)
# whitenoise warns at start-up when STATIC_ROOT is missing (before the first collectstatic).
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Mail: console in the demo, SMTP (or anything dj-email-url knows) otherwise.
try:
    _email = dj_email_url.parse(os.environ.get("EMAIL_URL", "console://"))
except Exception as exc:
    raise EnvError(f"EMAIL_URL could not be read: {exc}") from None
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Wspólnie <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: the database backend by default; TASKS_BACKEND=rq moves them to Redis.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise EnvError(f"TASKS_BACKEND must be database, rq or immediate (got {TASKS_BACKEND!r})")
#: How often `wspolnie worker` runs the periodic sweeps (wspolnie.core.sweeping), e.g. resuming
#: a newsletter fan-out whose worker died.
WORKER_SWEEP_SECONDS = env_int("WORKER_SWEEP_SECONDS", 30)
#: Finished task results (database backend) are deleted by the worker's sweep after this long.
TASK_RESULT_RETENTION_HOURS = env_int("TASK_RESULT_RETENTION_HOURS", 24)
#: An outbox mail whose task has not sent it within this long (its worker was killed, its
#: task was lost) is handed to the queue again by the worker's sweep (wspolnie.core.mail).
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 300)

# Members' calendar feeds (wspolnie.calendars): how often each is imported, and the limits of
# one fetch (total seconds, body bytes, redirects). Hosts (names, addresses or networks such as
# 10.0.0.0/8) that may be private: none by default, so no feed can reach the server's network.
CALENDAR_FEEDS_INTERVAL_MINUTES = env_int("CALENDAR_FEEDS_INTERVAL_MINUTES", 60)
CALENDAR_FEEDS_TIMEOUT = env_int("CALENDAR_FEEDS_TIMEOUT", 15)
CALENDAR_FEEDS_MAX_BYTES = env_int("CALENDAR_FEEDS_MAX_BYTES", 2 * 1024 * 1024)
CALENDAR_FEEDS_MAX_REDIRECTS = env_int("CALENDAR_FEEDS_MAX_REDIRECTS", 5)
CALENDAR_FEEDS_ALLOW_HOSTS = env_list("CALENDAR_FEEDS_ALLOW_HOSTS", [])

# Security. Production (DEBUG off) is HTTPS-only; `manage.py check --deploy` passes clean.
SESSION_COOKIE_HTTPONLY = True
# Sessions live in the database (Django's default engine); accounts.sessions keeps an index of
# each account's sessions (browser and system, started, last seen; no address) for the "Your
# sessions" page, and ends a session after SESSION_IDLE_TIMEOUT seconds without a request or
# SESSION_ABSOLUTE_TIMEOUT seconds after its login, whichever comes first.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 8 * 3600)
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", 14 * 24 * 3600)
if SESSION_IDLE_TIMEOUT < 60 or SESSION_ABSOLUTE_TIMEOUT < SESSION_IDLE_TIMEOUT:
    raise EnvError(
        "SESSION_IDLE_TIMEOUT must be at least 60 seconds and SESSION_ABSOLUTE_TIMEOUT at least "
        f"as long (got {SESSION_IDLE_TIMEOUT} and {SESSION_ABSOLUTE_TIMEOUT})"
    )
#: The cookie (and the stored session) never outlive the absolute timeout.
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): every script and style comes from our own static files;
# no inline <script>, no on*= attributes, no style= attributes or <style> blocks (htmx is told not
# to add its indicator <style>: see base.html). Pages are never framed (frame-ancestors); a view
# that must be (e.g. a mail preview in an iframe of our own) loosens it with csp.decorators.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
#: Who may frame the embeddable widgets (/embed/events/, /embed/directory/): the only pages
#: that other sites may put in an iframe (every other page keeps frame-ancestors 'none' and
#: X-Frame-Options DENY). Default any site; e.g. EMBED_FRAME_ANCESTORS=https://a.org,https://b.org
EMBED_FRAME_ANCESTORS = env_list("EMBED_FRAME_ANCESTORS", ["*"])
#: The licence of the open data (the "Open data" page): its name and the address of its text.
OPEN_DATA_LICENCE = os.environ.get("OPEN_DATA_LICENCE", "CC BY 4.0")
OPEN_DATA_LICENCE_URL = os.environ.get(
    "OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
#: Outgoing webhooks (wspolnie.webhooks): seconds to wait for a receiver, how often a failed
#: delivery is tried in all (the wait doubling from WEBHOOK_RETRY_BASE_SECONDS), and the host
#: names that may resolve to private or loopback addresses (none by default: SSRF).
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6)
WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 60)
WEBHOOK_ALLOWED_HOSTS = env_list("WEBHOOK_ALLOWED_HOSTS", [])
# Maps (Leaflet, vendored in directory/static): tiles from MAP_TILE_URL, a {z}/{x}/{y} template;
# empty = no tiles (the markers on a blank layer, the address list beside them). The pages with
# a map add the tile server's origin to img-src themselves (wspolnie.directory.maps), so the
# rest of the site keeps img-src 'self'.
MAP_TILE_URL = tiles.env_tile_url("MAP_TILE_URL", tiles.DEFAULT_TILE_URL)
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", tiles.DEFAULT_TILE_ATTRIBUTION)
MAP_TILE_ATTRIBUTION_URL = os.environ.get(
    "MAP_TILE_ATTRIBUTION_URL", tiles.DEFAULT_TILE_ATTRIBUTION_URL
)
MAP_CENTER = tiles.parse_center(
    "MAP_CENTER", os.environ.get("MAP_CENTER", "{},{}".format(*tiles.DEFAULT_CENTER))
)
# Permissions-Policy (django-permissions-policy): the camera only for our own pages (the
# check-in page may scan QR codes); the other powerful features are off everywhere.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "accelerometer": [],
    "autoplay": [],
    "display-capture": [],
    "encrypted-media": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
if not DEBUG:
    HTTPS = env_bool("HTTPS", True)
    SESSION_COOKIE_SECURE = HTTPS
    CSRF_COOKIE_SECURE = HTTPS
    LANGUAGE_COOKIE_SECURE = HTTPS
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The deploy checks that only make sense behind HTTPS are silenced when HTTPS is off
    # explicitly (a LAN install); with HTTPS on, all of them stay active.
    SILENCED_SYSTEM_CHECKS = [] if HTTPS else [
        "security.W004", "security.W008", "security.W012", "security.W016",
    ]

#: Behind reverse proxies: the header they write the client's address into (e.g.
#: X-Forwarded-For, X-Real-IP) and how many proxies stand in front of the application. Empty
#: (the default): the client's address is REMOTE_ADDR and forwarding headers are ignored
#: (a client can write them). Read only through wspolnie.lib.client_ip.client_ip().
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "").strip()
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
if TRUSTED_PROXY_HEADER and TRUSTED_PROXY_COUNT < 1:
    raise EnvError(
        f"TRUSTED_PROXY_COUNT must be 1 or more when TRUSTED_PROXY_HEADER is set "
        f"(got {TRUSTED_PROXY_COUNT})"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50

#: Languages content (descriptions, announcements) is written in; the UI languages first.
#: More can be added, e.g. CONTENT_LANGUAGES=pl,en,uk,ru,be,ka
CONTENT_LANGUAGES = env_list("CONTENT_LANGUAGES", ["pl", "en", "uk"])

# Import/export (wspolnie.imports)
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20_000)
# Request bodies: the largest request accepted at all (files included; a larger one gets a
# translated 413 page before anything reads it), the largest form/JSON data apart from files,
# and the size above which an upload goes to a temporary file instead of memory.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", IMPORT_MAX_UPLOAD_BYTES + 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
if MAX_REQUEST_BYTES < IMPORT_MAX_UPLOAD_BYTES:
    raise EnvError(
        f"MAX_REQUEST_BYTES ({MAX_REQUEST_BYTES}) must be at least IMPORT_MAX_UPLOAD_BYTES "
        f"({IMPORT_MAX_UPLOAD_BYTES}), or imports of that size could never be sent"
    )
HSDS_STATE_PROVINCE = os.environ.get("HSDS_STATE_PROVINCE", "dolnośląskie")
API_TOKEN_PREFIX = "wsp_"  # noqa: S105 (a public prefix, not a secret)
CSRF_FAILURE_VIEW = "wspolnie.core.views.csrf_failure"

# Outreach (wspolnie.announcements, wspolnie.newsletter, wspolnie.distribution)
#: Machine pre-translation: off unless a LibreTranslate-compatible server is configured
#: (e.g. a local LibreTranslate or Argos Translate server); nothing is downloaded by Wspólnie.
MACHINE_TRANSLATION_URL = os.environ.get("MACHINE_TRANSLATION_URL", "").rstrip("/")
MACHINE_TRANSLATION_API_KEY = os.environ.get("MACHINE_TRANSLATION_API_KEY", "")
MACHINE_TRANSLATION_TIMEOUT = env_int("MACHINE_TRANSLATION_TIMEOUT", 20)
#: The order in which a newsletter falls back when an announcement has no approved version in
#: the subscriber's language(s).
NEWSLETTER_LANGUAGE_FALLBACK = env_list("NEWSLETTER_LANGUAGE_FALLBACK", ["en", "pl"])
#: Fan-out: messages per second per worker (0 = unthrottled), messages per task batch, how
#: long a claimed message may stay "sending" before another worker takes it over (a worker
#: that died mid-send), and how often a temporary SMTP failure is retried.
NEWSLETTER_RATE_PER_SECOND = env_int("NEWSLETTER_RATE_PER_SECOND", 10)
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 500)
NEWSLETTER_LEASE_SECONDS = env_int("NEWSLETTER_LEASE_SECONDS", 120)
NEWSLETTER_MAX_ATTEMPTS = env_int("NEWSLETTER_MAX_ATTEMPTS", 6)
NEWSLETTER_RETRY_BASE_SECONDS = env_int("NEWSLETTER_RETRY_BASE_SECONDS", 60)
#: Unconfirmed sign-ups are forgotten after this many hours.
NEWSLETTER_CONFIRMATION_HOURS = env_int("NEWSLETTER_CONFIRMATION_HOURS", 72)
#: Retention (the worker's sweeps): accounts whose address was never verified are removed this
#: many days after sign-up; the answers attendees gave to a meeting's registration questions are
#: blanked this many days after the meeting ended (the registrations, and so the counts, stay).
ACCOUNT_UNVERIFIED_DAYS = env_int("ACCOUNT_UNVERIFIED_DAYS", 14)
MEETING_ANSWERS_RETENTION_DAYS = env_int("MEETING_ANSWERS_RETENTION_DAYS", 180)
#: Sign-up attempts allowed per client address (and per e-mail address) per hour.
NEWSLETTER_SIGNUP_LIMIT_PER_HOUR = env_int("NEWSLETTER_SIGNUP_LIMIT_PER_HOUR", 10)
#: Cards, comments and "+1"s one client (address) may post on boards per hour.
BOARDS_POSTS_PER_HOUR = env_int("BOARDS_POSTS_PER_HOUR", 60)
#: One-off messages one participant may send to others of a meeting's participant list per
#: hour (logged for abuse reports either way).
PARTICIPANT_MESSAGES_PER_HOUR = env_int("PARTICIPANT_MESSAGES_PER_HOUR", 10)
#: Meeting registrations (the public form and the API) one client address may make per hour:
#: a script could otherwise take every seat and mail any address.
MEETING_REGISTRATIONS_PER_HOUR = env_int("MEETING_REGISTRATIONS_PER_HOUR", 30)

# Every form's fields say their length limit instead of letting the browser cut text at it
# (see directory/fields.py).
FORM_RENDERER = "wspolnie.directory.fields.FormRenderer"
