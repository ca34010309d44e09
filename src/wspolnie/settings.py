"""Project settings: one file, every deployment difference comes from the environment.

Documented in README.md ("Configuration"). Invalid values raise EnvError, which the
`wspolnie` command turns into one readable line and a non-zero exit.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dj_email_url
from django.utils.translation import gettext_lazy as _

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
    "wspolnie.notes",
    "wspolnie.library",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wspolnie.api.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
            "builtins": ["wspolnie.core.templatetags.markup"],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": parse_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'wspolnie.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
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
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
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

# Security. Production (DEBUG off) is HTTPS-only; `manage.py check --deploy` passes clean.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
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
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 50)
NEWSLETTER_LEASE_SECONDS = env_int("NEWSLETTER_LEASE_SECONDS", 120)
NEWSLETTER_MAX_ATTEMPTS = env_int("NEWSLETTER_MAX_ATTEMPTS", 6)
NEWSLETTER_RETRY_BASE_SECONDS = env_int("NEWSLETTER_RETRY_BASE_SECONDS", 60)
#: Unconfirmed sign-ups are forgotten after this many hours.
NEWSLETTER_CONFIRMATION_HOURS = env_int("NEWSLETTER_CONFIRMATION_HOURS", 72)
#: Sign-up attempts allowed per client address (and per e-mail address) per hour.
NEWSLETTER_SIGNUP_LIMIT_PER_HOUR = env_int("NEWSLETTER_SIGNUP_LIMIT_PER_HOUR", 10)

# Every form's fields say their length limit instead of letting the browser cut text at it
# (see directory/fields.py).
FORM_RENDERER = "wspolnie.directory.fields.FormRenderer"
