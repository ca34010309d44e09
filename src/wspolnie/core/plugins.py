"""How the apps plug into each other without importing each other.

Each wspolnie app may provide, by module name:
- `api.py` with `router` (a ninja Router): mounted at /api/<app label>/;
- `profile.py` with `sections(request, organisation) -> list[ProfileSection]`: blocks shown on
  an organisation's profile page (services, needs/offers, contacts, channels, …);
- `demo.py` with `load(stdout)`: demo data, called by `wspolnie loaddemo` after the
  organisations, in INSTALLED_APPS order;
- `synth.py` with `ORDER` and `build(world) -> int`: synthetic data at city scale, run by
  `wspolnie synth` in ORDER (see wspolnie.core.synthetic);
- `sweeps.py` with `sweep()`: a cheap, idempotent repair run by `wspolnie worker` at start and
  every WORKER_SWEEP_SECONDS (see wspolnie.core.sweeping).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType

from django.apps import apps


@dataclass
class ProfileSection:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def profile_section(template: str, order: int, *, shown: bool, **context) -> list[ProfileSection]:
    """What an app's `sections` returns for its one block: nothing when not `shown` (nothing
    to list and nothing the viewer may add), else the block with `context`."""
    return [ProfileSection(template=template, context=context, order=order)] if shown else []


def wspolnie_app_modules(module: str) -> list[tuple[str, ModuleType]]:
    """(app label, module) for every installed wspolnie app that has `<app>.<module>`."""
    found = []
    for app_config in apps.get_app_configs():
        if not app_config.name.startswith("wspolnie."):
            continue
        module_name = f"{app_config.name}.{module}"
        try:
            found.append((app_config.label, importlib.import_module(module_name)))
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
    return found
