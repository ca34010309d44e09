"""The demo network: the organisations of the 2023 "Wspólnie o międzykulturowości" cycle in
Wrocław. No real personal names or contact data. Idempotent: keyed on slugs and e-mails.

Other apps extend the demo by providing `demo.py` with `load(stdout)`; load_demo_data() calls
them after the organisations, in INSTALLED_APPS order.
"""

from __future__ import annotations

from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wspolnie.core.plugins import wspolnie_app_modules
from wspolnie.organisations.models import Membership, Organisation

K = Organisation.Kind

DEMO_ORGANISATIONS = [
    {
        "slug": "wcrs",
        "name": "Wrocławskie Centrum Rozwoju Społecznego",
        "kind": K.PUBLIC_INSTITUTION,
        "short_description": (
            "Miejska jednostka rozwoju społecznego, organizator cyklu spotkań sieciujących "
            "„Wspólnie o międzykulturowości”. Prowadzi Zespół ds. Dialogu Międzykulturowego "
            "i punkt informacyjny dla migrantów WroMigrant."
        ),
    },
    {
        "slug": "wcrs-dialog-miedzykulturowy",
        "name": "WCRS — Zespół ds. Dialogu Międzykulturowego",
        "kind": K.PUBLIC_INSTITUTION,
        "short_description": (
            "Zespół WCRS wspierający dialog międzykulturowy w mieście: spotkania sieciujące, "
            "strona i profil Wielokultury Wrocław, współpraca z organizacjami i liderami "
            "społeczności."
        ),
    },
    {
        "slug": "wromigrant",
        "name": "WroMigrant",
        "kind": K.PUBLIC_INSTITUTION,
        "short_description": (
            "Punkt informacyjny dla cudzoziemców prowadzony przez WCRS: informacja o legalizacji "
            "pobytu, pracy, edukacji i usługach miejskich, w kilku językach."
        ),
    },
    {
        "slug": "feps",
        "name": "Fundacja na rzecz Studiów Europejskich (FEPS)",
        "kind": K.FOUNDATION,
        "short_description": (
            "Współorganizator cyklu. Projekty badawcze i edukacyjne o integracji migrantów, "
            "rynku pracy i polityce migracyjnej."
        ),
    },
    {
        "slug": "dfop",
        "name": "Dolnośląska Federacja Organizacji Pozarządowych (DFOP)",
        "kind": K.ASSOCIATION,
        "short_description": (
            "Współorganizator cyklu. Federacja organizacji pozarządowych Dolnego Śląska: "
            "rzecznictwo, wsparcie i sieciowanie organizacji, także migranckich."
        ),
    },
    {
        "slug": "araw",
        "name": "Agencja Rozwoju Aglomeracji Wrocławskiej (ARAW)",
        "kind": K.PUBLIC_INSTITUTION,
        "short_description": (
            "Agencja rozwoju aglomeracji: wsparcie inwestorów i talentów z zagranicy, "
            "programy adaptacyjne dla nowych mieszkańców."
        ),
    },
    {
        "slug": "umw-partycypacja",
        "name": "Wydział Partycypacji Społecznej Urzędu Miejskiego Wrocławia",
        "kind": K.PUBLIC_INSTITUTION,
        "short_description": (
            "Wydział miasta odpowiedzialny za partycypację społeczną i współpracę "
            "z organizacjami pozarządowymi; portal wroclaw.pl i serwis Wrocław Rozmawia."
        ),
    },
    {
        "slug": "fundacja-umbrella",
        "name": "Fundacja Umbrella (Centrum Sektor3)",
        "kind": K.FOUNDATION,
        "short_description": (
            "Operator Centrum Wspierania Organizacji Pozarządowych Sektor3: doradztwo, "
            "szkolenia, sale dla organizacji, newsletter Sektor3 i serwis wro-ngo."
        ),
    },
    {
        "slug": "siec-cal",
        "name": "Sieć Centrów Aktywności Lokalnej (Sieć CAL)",
        "kind": K.INFORMAL_GROUP,
        "short_description": (
            "Sieć wrocławskich centrów aktywności lokalnej: miejsca spotkań sąsiedzkich "
            "w osiedlach, z tablicami ogłoszeń i lokalnymi animatorami."
        ),
    },
    {
        "slug": "wik",
        "name": "Wrocławski Instytut Kultury",
        "kind": K.PUBLIC_INSTITUTION,
        "short_description": (
            "Miejska instytucja kultury: programy kulturalne i edukacyjne, portal kulturalny "
            "cowewro.pl."
        ),
    },
    {
        "slug": "umw-kultura",
        "name": "Wydział Kultury Urzędu Miejskiego Wrocławia",
        "kind": K.PUBLIC_INSTITUTION,
        "short_description": (
            "Wydział miasta odpowiedzialny za politykę kulturalną, granty i współpracę "
            "z instytucjami kultury."
        ),
    },
    {
        "slug": "nomada",
        "name": "Stowarzyszenie Nomada (Miejsce Otwarte)",
        "kind": K.ASSOCIATION,
        "short_description": (
            "Stowarzyszenie na rzecz integracji społeczeństwa wielokulturowego; prowadzi "
            "Miejsce Otwarte — przestrzeń spotkań, porad i działań antydyskryminacyjnych."
        ),
    },
    {
        "slug": "fundacja-ukraina",
        "name": "Fundacja Ukraina",
        "kind": K.FOUNDATION,
        "short_description": (
            "Fundacja wspierająca Ukraińców we Wrocławiu: pomoc prawna, kursy językowe, "
            "wsparcie w szukaniu pracy i integracja."
        ),
    },
]

#: Printed by `wspolnie demo`. Demo-only credentials for a local SQLite database.
DEMO_ACCOUNTS = [
    {
        "role": "Staff (site administrator)",
        "email": "staff@demo.wspolnie.example",
        "password": "demo-staff-password",
        "name": "Demo Staff",
        "is_staff": True,
        "memberships": [],
    },
    {
        "role": "Organisation admin (WCRS)",
        "email": "admin@demo.wspolnie.example",
        "password": "demo-admin-password",
        "name": "Demo Organisation Admin",
        "is_staff": False,
        "memberships": [("wcrs", Membership.Role.ADMIN), ("wromigrant", Membership.Role.ADMIN)],
    },
    {
        "role": "Member (Fundacja Ukraina)",
        "email": "member@demo.wspolnie.example",
        "password": "demo-member-password",
        "name": "Demo Member",
        "is_staff": False,
        "memberships": [("fundacja-ukraina", Membership.Role.MEMBER)],
    },
]


@transaction.atomic
def load_demo_data(stdout: TextIO | None = None) -> None:
    for values in DEMO_ORGANISATIONS:
        Organisation.objects.update_or_create(
            slug=values["slug"],
            defaults={
                **{k: v for k, v in values.items() if k != "slug"},
                "status": Organisation.Status.APPROVED,
            },
        )
    User = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=account["email"],
            defaults={
                "name": account["name"],
                "is_staff": account["is_staff"],
                "is_superuser": account["is_staff"],
                "email_verified_at": timezone.now(),
            },
        )
        if created:
            user.set_password(account["password"])
            user.save()
        for slug, role in account["memberships"]:
            Membership.objects.update_or_create(
                user=user,
                organisation=Organisation.objects.get(slug=slug),
                defaults={"role": role},
            )
    for label, module in wspolnie_app_modules("demo"):
        if label != "core":
            module.load(stdout)
