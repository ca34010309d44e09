"""Compile gettext catalogues (.po -> .mo) in pure Python, so a fresh install shows every
language without GNU gettext on the machine."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def stale_catalogues(locale_dir: Path) -> list[Path]:
    """The .po files under locale_dir whose .mo is missing or older."""
    stale = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            stale.append(po_path)
    return stale


def compile_catalogue(po_path: Path) -> Path:
    """Write po_path's .mo beside it atomically (parallel workers may start together)."""
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    mo_path = po_path.with_suffix(".mo")
    fd, tmp_name = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(fd, "wb") as tmp_file:
            write_mo(tmp_file, catalog, use_fuzzy=False)
        os.replace(tmp_name, mo_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return mo_path


def compile_stale_catalogues(locale_dir: Path) -> list[Path]:
    return [compile_catalogue(po_path) for po_path in stale_catalogues(locale_dir)]
