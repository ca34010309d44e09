from __future__ import annotations

from wspolnie.directory.models import Community, Language, Topic
from wspolnie.organisations.models import Location
from wspolnie.services.models import Service


def make_service(organisation, name: str = "Porady prawne", **values) -> Service:
    relations = {key: values.pop(key) for key in ("languages", "topics", "communities",
                                                   "locations") if key in values}
    service = Service.objects.create(organisation=organisation, name={"pl": name}, **values)
    for key, objects in relations.items():
        getattr(service, key).set(objects)
    return service


def make_vocabulary(target) -> None:
    target.legal = Topic.objects.create(
        slug="legal-aid", names={"pl": "Pomoc prawna", "en": "Legal aid", "uk": "Правова допомога"}
    )
    target.education = Topic.objects.create(
        slug="education", names={"pl": "Edukacja", "en": "Education", "uk": "Освіта"}
    )
    target.georgian = Community.objects.create(
        slug="georgian", names={"pl": "Gruzińska", "en": "Georgian", "uk": "Грузинська"}
    )
    target.ukrainian = Community.objects.create(
        slug="ukrainian", names={"pl": "Ukraińska", "en": "Ukrainian", "uk": "Українська"}
    )
    target.pl, target.uk, target.ka = Language.for_codes(["pl", "uk", "ka"])
    target.office = Location.objects.create(
        organisation=target.org, name="Biuro", street_address="ul. Testowa 1"
    )
    target.other_office = Location.objects.create(
        organisation=target.other_org, name="Siedziba", street_address="ul. Inna 2"
    )
