"""Running the real `wspolnie` command in a child process, against the test database."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from django.db import connection


def database_url_for_children() -> str:
    """A DATABASE_URL for the database this test run uses (so a child process sees its data)."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(params['NAME']).resolve()}"
    user = params.get("USER") or ""
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = params.get("HOST") or "127.0.0.1"
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{params['NAME']}"


def child_environment(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests' process only; a child process
        # is a deployment and must not inherit it (check --deploy warns about it).
        if key
        not in {
            "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "EMAIL_URL", "TASKS_BACKEND",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="wspolnie.settings",
        SECRET_KEY="tests-only-secret-key-" + "y" * 40,
        DEBUG="0",
        HTTPS="0",
    )
    env.update(overrides)
    return env


def run_wspolnie(
    *args: str, env: dict[str, str], timeout: float = 120, cwd: str | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "wspolnie", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
    )


@contextlib.contextmanager
def serving(env: dict[str, str], log_path: Path, workers: int = 2, ready_path: str = "/"):
    """`wspolnie serve --workers N` on a free loopback port with `env`; yields its address."""
    import time
    import urllib.error
    import urllib.request

    from tests.smtp import free_port

    port = free_port()
    env = {**env, "ALLOWED_HOSTS": "127.0.0.1", "SITE_URL": f"http://127.0.0.1:{port}"}
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "wspolnie", "serve", "--workers", str(workers),
             "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        # Generous: on a loaded machine booting the workers takes long.
        deadline = time.monotonic() + 180
        try:
            while True:
                try:
                    with urllib.request.urlopen(url + ready_path, timeout=5):  # noqa: S310
                        break
                except (OSError, urllib.error.URLError):
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError(
                            "the server did not start:\n" + log_path.read_text()) from None
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (RQ's work horse puts itself in a process group of its own,
    so signalling the worker's group would miss it)."""
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children[int(fields[1])].append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def stop(process: subprocess.Popen, sig: signal.Signals) -> None:
    """Signal the process and every process it started (RQ's work horse and scheduler,
    gunicorn's workers) at once, as a crash of the machine would."""
    for pid in [process.pid, *descendants(process.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)



def shut_down(process: subprocess.Popen, timeout: float = 10) -> None:
    """The end of a test's child process (and of those it started): SIGTERM, then SIGKILL if
    it has not exited within `timeout` seconds; its stderr pipe closed."""
    if process.poll() is None:
        stop(process, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop(process, signal.SIGKILL)
            process.wait()
    if process.stderr is not None:
        process.stderr.close()
