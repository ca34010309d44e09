"""Synthetic contact persons (see wspolnie.core.synthetic): one or two per organisation, with a
role in several languages and the languages they speak; e-mail for members, phone for staff
(the model's default visibilities)."""

from __future__ import annotations

from wspolnie.core.synthetic import SLUG_PREFIX, World

from .models import ContactPerson

ORDER = 30

FIRST = ["Anna", "Maria", "Katarzyna", "Małgorzata", "Piotr", "Krzysztof", "Łukasz", "Paweł",
         "Olena", "Оксана", "Тарас", "Ніна", "Giorgi", "Nino", "Thi Lan", "Aarav"]
LAST = ["Kowalska", "Nowak", "Wiśniewska", "Wójcik", "Kamiński", "Lewandowski", "Zieliński",
        "Шевченко", "Коваленко", "Бондаренко", "Beridze", "Kapanadze", "Nguyen", "Sharma"]


def build(world: World) -> int:
    rng = world.rng("contacts")
    organisations = world.ids.get("organisations", [])
    pl, en, uk = world.words("pl"), world.words("en"), world.words("uk")
    plan = [(pk, n) for pk in organisations for n in range(rng.randint(1, 2))]

    def contacts():
        for index, (pk, _n) in enumerate(plan):
            yield ContactPerson(
                organisation_id=pk,
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                role={"pl": pl.title(2), "en": en.title(2), "uk": uk.title(2)},
                email=f"osoba{index + 1}@example.org",
                phone=f"+4871{rng.randint(1000000, 9999999)}",
            )

    made = world.bulk("contact persons", ContactPerson, contacts(), len(plan))
    ids = list(ContactPerson.objects.filter(organisation__slug__startswith=SLUG_PREFIX)
               .order_by("pk").values_list("pk", flat=True)) if organisations else []
    made += world.many_to_many(ContactPerson.languages.field, ids,
                               world.ids.get("languages", []), 1, 3, "contact-languages")
    return made
