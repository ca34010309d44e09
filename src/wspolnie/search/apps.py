from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "wspolnie.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Every app's search_index module: its MODELS are watched, their changes re-indexed.
        from . import signals

        signals.connect()
