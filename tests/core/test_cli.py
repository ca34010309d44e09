"""The `wspolnie` command as an operator meets it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.processes import child_environment, run_wspolnie
from tests.smtp import free_port
from wspolnie.core.demo import DEMO_ORGANISATIONS

# Child processes on SQLite files of their own: once, in the SQLite run (tests/conftest.py).
pytestmark = pytest.mark.own_database


def test_bad_database_url_exits_with_one_readable_line(tmp_path):
    result = run_wspolnie(
        "migrate", env=child_environment(DATABASE_URL="mysql//nonsense"), cwd=str(tmp_path)
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DATABASE_URL" in lines[0]


def test_unreachable_database_exits_with_one_readable_line(tmp_path):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run_wspolnie(
        "migrate",
        env=child_environment(DATABASE_URL=f"postgres://nobody@127.0.0.1:{port}/nothing"),
        cwd=str(tmp_path),
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("wspolnie: database error:")


def test_bad_boolean_setting_exits_with_one_readable_line(tmp_path):
    result = run_wspolnie("check", env=child_environment(DEBUG="maybe"), cwd=str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "wspolnie: configuration error: DEBUG must be one of 1/0, true/false, yes/no, on/off "
        "(got 'maybe')"
    ]


def test_a_trusted_proxy_header_without_proxies_exits_with_one_readable_line(tmp_path):
    env = child_environment(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT="0")
    result = run_wspolnie("check", env=env, cwd=str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "wspolnie: configuration error: TRUSTED_PROXY_COUNT must be 1 or more when "
        "TRUSTED_PROXY_HEADER is set (got 0)"
    ]


def test_session_timeouts_that_cannot_work_exit_with_one_readable_line(tmp_path):
    env = child_environment(SESSION_IDLE_TIMEOUT="3600", SESSION_ABSOLUTE_TIMEOUT="600")
    result = run_wspolnie("check", env=env, cwd=str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "wspolnie: configuration error: SESSION_IDLE_TIMEOUT must be at least 60 seconds and "
        "SESSION_ABSOLUTE_TIMEOUT at least as long (got 3600 and 600)"
    ]


def test_production_settings_pass_deploy_checks_without_warnings(tmp_path):
    env = child_environment(
        SECRET_KEY="k8#Qz2!vL0pX9wR4tY7uI1oP3aS5dF6gH8jK0lZ2xC4vB6nM8q",
        ALLOWED_HOSTS="wspolnie.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    env.pop("HTTPS")
    result = run_wspolnie(
        "check", "--deploy", "--fail-level", "WARNING", env=env, cwd=str(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = child_environment(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    env.pop("SECRET_KEY")
    result = run_wspolnie("check", env=env, cwd=str(tmp_path))
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr


def test_demo_prepares_database_and_prints_the_demo_logins(tmp_path):
    env = child_environment(WSPOLNIE_DATA_DIR=str(tmp_path))
    first = run_wspolnie("demo", "--no-server", env=env, cwd=str(tmp_path))
    assert first.returncode == 0, first.stderr
    assert "admin@demo.wspolnie.example" in first.stdout
    assert "demo-admin-password" in first.stdout
    assert "two-step login" in first.stdout  # the staff login will ask for an authenticator app
    assert (tmp_path / "demo.sqlite3").exists()

    # loaddemo is idempotent: a second load neither fails nor duplicates.
    demo_db = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}"}
    count_organisations = [
        "shell", "-v", "0", "-c",
        "from wspolnie.organisations.models import Organisation as O; print(O.objects.count())",
    ]
    before = run_wspolnie(*count_organisations, env=demo_db, cwd=str(tmp_path)).stdout.strip()
    again = run_wspolnie("loaddemo", env=demo_db, cwd=str(tmp_path))
    assert again.returncode == 0, again.stderr
    after = run_wspolnie(*count_organisations, env=demo_db, cwd=str(tmp_path)).stdout.strip()
    assert int(before) >= len(DEMO_ORGANISATIONS)
    assert after == before


def _wait_for_http(url: str, timeout: float = 120.0) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_runs_gunicorn_with_static_files(tmp_path):
    port = free_port()
    env = child_environment(
        WSPOLNIE_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        ALLOWED_HOSTS="127.0.0.1",
    )
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "wspolnie", "serve", "--migrate", "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1"],
        env=env, cwd=str(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        home = _wait_for_http(f"http://127.0.0.1:{port}/").decode()
        assert "<html lang=\"pl\"" in home
        css = _wait_for_http(f"http://127.0.0.1:{port}/static/wspolnie/css/site.css")
        assert b"--accent" in css
    finally:
        server.terminate()
        server.wait(timeout=20)
        server.stderr.close()


def test_command_names_may_use_dashes(tmp_path):
    dashed = run_wspolnie("expire-needs", "--help", env=child_environment(), cwd=str(tmp_path))
    underscored = run_wspolnie(
        "expire_needs", "--help", env=child_environment(), cwd=str(tmp_path)
    )
    assert dashed.returncode == 0, dashed.stderr
    assert dashed.stdout == underscored.stdout
    assert "expired" in dashed.stdout.lower()
