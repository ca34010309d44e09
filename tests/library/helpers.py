from __future__ import annotations

from wspolnie.directory.models import Language, Topic
from wspolnie.library.models import Entry
from wspolnie.organisations.models import Organisation


def make_vocabulary(target) -> None:
    target.culture = Topic.objects.create(slug="culture", names={"pl": "Kultura", "en": "Culture"})
    target.education = Topic.objects.create(slug="education", names={"pl": "Edukacja"})
    target.pl, target.uk = Language.for_codes(["pl", "uk"])
    #: An organisation waiting for approval: nothing of it is public.
    target.pending = Organisation.objects.create(
        name="Grupa w trakcie", slug="grupa-w-trakcie", kind=Organisation.Kind.INFORMAL_GROUP,
    )


def make_entry(organisation, title: str = "Newsletter dzielnicy", **values) -> Entry:
    relations = {key: values.pop(key) for key in ("users", "languages", "topics") if key in values}
    values.setdefault("kind", Entry.Kind.TOOL)
    values.setdefault("description", "Raz w miesiącu, po polsku i ukraińsku.")
    entry = Entry.objects.create(organisation=organisation, title=title, **values)
    for key, objects in relations.items():
        getattr(entry, key).set(objects)
    return entry
