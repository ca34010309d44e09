from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    name = "wspolnie.reach"
    label = "reach"
    verbose_name = _("Measured reach")

    def ready(self) -> None:
        from . import signals  # noqa: F401 (connects the conversion receivers)
