"""The documentation works on any clone: commands use the README's paths (.venv, bin/…),
never a path that exists only on one machine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MACHINE_PATHS = re.compile(r"/tmp/venv|/work/|/home/\w+|/Users/\w+")  # noqa: S108 (a pattern)


@pytest.mark.parametrize("path", DOCS, ids=lambda path: path.name)
def test_no_machine_specific_paths(path):
    found = [
        (number, line.strip())
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MACHINE_PATHS.search(line)
    ]
    assert not found, f"{path.name}: {found}"
