from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "wspolnie.imports"
    label = "imports"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        # The audit-log labels of the import's actions (registered when services is imported)
        # are needed wherever the log is shown.
        from . import services  # noqa: F401
