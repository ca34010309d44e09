import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger(__name__)


class CoreConfig(AppConfig):
    name = "wspolnie.core"
    label = "core"
    verbose_name = "Wspólnie"

    def ready(self) -> None:
        from pathlib import Path

        from django.apps import apps

        from wspolnie.lib.messages import compile_stale_catalogues

        from . import lookups, versions

        versions.connect()
        lookups.register()

        # A fresh checkout has only .po files; compiling here means every entry point
        # (demo, serve, worker, tests) shows all languages without a manual step. Each app
        # may keep its own catalogue in <app>/locale (Django looks there too).
        locale_dirs = [Path(path) for path in settings.LOCALE_PATHS] + [
            Path(app.path) / "locale"
            for app in apps.get_app_configs()
            if app.name.startswith("wspolnie.") and (Path(app.path) / "locale").is_dir()
        ]
        compiled = []
        for locale_dir in locale_dirs:
            try:
                compiled += compile_stale_catalogues(locale_dir)
            except OSError as exc:  # a read-only install must still start
                logger.warning("Could not compile translations in %s: %s", locale_dir, exc)
        if compiled:
            forget_loaded_translations(compiled[0])


def forget_loaded_translations(mo_path) -> None:
    """Make this process read the catalogues again.

    Django loads a language's catalogues once per process: loading the models already
    translates a few strings in the default language (e.g. the names of many-to-many tables),
    before any app is ready. Without this, the first start of a fresh checkout would keep
    serving whatever was there before compiling (nothing: English) until a restart.
    """
    from django.utils.translation import trans_real
    from django.utils.translation.reloader import translation_file_changed

    translation_file_changed(sender=None, file_path=mo_path)
    trans_real.translation_catalog_exists.cache_clear()
