"""How many generated inputs the fuzz tests sent (API and forms): each test adds its own to
its report (`fuzz_inputs`), which pytest-xdist carries to the main process; the run's summary
line gives the total (tests/conftest.py)."""

from __future__ import annotations

import itertools

_sent = itertools.count()
_last = 0


def one_more() -> None:
    global _last
    _last = next(_sent) + 1


def sent() -> int:
    return _last
