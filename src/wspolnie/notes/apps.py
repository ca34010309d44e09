from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class NotesConfig(AppConfig):
    name = "wspolnie.notes"
    label = "notes"
    verbose_name = _("Meeting notes")

    def ready(self) -> None:
        from wspolnie.meetings.models import Event

        from .signals import event_saved

        post_save.connect(event_saved, sender=Event, dispatch_uid="notes.event_saved")
