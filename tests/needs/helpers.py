from __future__ import annotations

import datetime

from django.utils import timezone

from wspolnie.directory.models import District, Language
from wspolnie.needs.models import NeedOffer


def days(n: int) -> datetime.date:
    """Today (in the site's time zone) plus n days."""
    return timezone.localdate() + datetime.timedelta(days=n)


def make_item(organisation, title: str = "Szukamy tłumaczy", **values) -> NeedOffer:
    """An item stored directly (dates in the past allowed, for expired ones)."""
    relations = {key: values.pop(key) for key in ("languages", "districts") if key in values}
    values.setdefault("kind", "need")
    values.setdefault("category", "interpreting")
    values.setdefault("description", "Na dyżury w czwartki.")
    values.setdefault("expires_on", days(30))
    item = NeedOffer.objects.create(organisation=organisation, title=title, **values)
    for key, objects in relations.items():
        getattr(item, key).set(objects)
    return item


def make_vocabulary(target) -> None:
    target.nadodrze = District.objects.create(slug="nadodrze", names={"pl": "Nadodrze"})
    target.krzyki = District.objects.create(slug="krzyki", names={"pl": "Krzyki"})
    target.pl, target.uk, target.ka = Language.for_codes(["pl", "uk", "ka"])
