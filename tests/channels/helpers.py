"""Vocabulary and channels for the channel tests."""

from __future__ import annotations

from wspolnie.channels.models import Channel
from wspolnie.directory.models import Community, District, Language

COMMUNITIES = {
    "ukrainian": {"pl": "Ukraińska", "en": "Ukrainian", "uk": "Українська"},
    "georgian": {"pl": "Gruzińska", "en": "Georgian", "uk": "Грузинська"},
    "vietnamese": {"pl": "Wietnamska", "en": "Vietnamese", "uk": "В'єтнамська"},
    "roma": {"pl": "Romska", "en": "Roma", "uk": "Ромська"},
}
DISTRICTS = {"nadodrze": "Nadodrze", "kozanow": "Kozanów", "gaj": "Gaj"}
LANGUAGES = ["pl", "en", "uk", "ru", "ka", "vi", "rom"]


def make_vocabulary() -> None:
    for position, (slug, names) in enumerate(COMMUNITIES.items()):
        Community.objects.get_or_create(slug=slug, defaults={"names": names, "position": position})
    for position, (slug, name) in enumerate(DISTRICTS.items()):
        District.objects.get_or_create(slug=slug, defaults={"names": {"pl": name},
                                                            "position": position})
    Language.for_codes(LANGUAGES)


def make_channel(organisation, name: str, *, languages=(), communities=(), districts=(),
                 **values) -> Channel:
    """A channel straight in the database (the services are tested on their own)."""
    values.setdefault("kind", Channel.Kind.PORTAL)
    values.setdefault("citywide", not districts)
    channel = Channel.objects.create(organisation=organisation, name=name, **values)
    channel.languages.set(Language.for_codes(languages))
    channel.communities.set(Community.objects.filter(slug__in=communities))
    channel.districts.set(District.objects.filter(slug__in=districts))
    return channel


STAFF_NOTE = "Liderka: tel. 600 000 000 (tylko dla zespołu)"
MEMBERS_NOTE = "Koordynatorka kanału: biuro fundacji, wt–czw"
PUBLIC_NOTE = "Redakcja: redakcja@example.org"
