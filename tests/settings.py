"""Test settings: the production settings module, with the few values a test run must have.

Tests run with DEBUG off, as production does. Everything else (DATABASE_URL in particular)
comes from the environment exactly as in production.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "x" * 40)

from wspolnie.settings import *  # noqa: E402, F403

# One connection per request, as before production kept PostgreSQL connections: a kept one in
# a live-server thread could outlast the test database.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", 0))  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only

# The test client and the live server speak plain HTTP; the HTTPS-only settings of production
# are checked separately (tests/core/test_cli.py runs `check --deploy` with production settings).
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# Tests make no requests beyond loopback: no map tiles (a test that wants a tile layer
# overrides MAP_TILE_URL, e.g. with a closed port on 127.0.0.1).
MAP_TILE_URL = ""

# Tests change data and read a page at once, often through another connection than the one
# the page cache's process read the pages' version with: read it at every request (production
# rereads it every PAGE_CACHE_RECHECK_MS; tests/core/test_page_cache.py tests that).
PAGE_CACHE_RECHECK_MS = 0
