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

from wspolnie.core import versions
from wspolnie.core.plugins import wspolnie_app_modules
from wspolnie.organisations.models import Membership, Organisation

K = Organisation.Kind

DEMO_ORGANISATIONS = [
    {
        "slug": "wcrs",
        "name": "Wrocławskie Centrum Rozwoju Społecznego",
        "kind": K.PUBLIC_INSTITUTION,
        "short_description": {
            "pl": (
                "Miejska jednostka rozwoju społecznego, organizator cyklu spotkań sieciujących "
                "„Wspólnie o międzykulturowości”. Prowadzi Zespół ds. Dialogu Międzykulturowego "
                "i punkt informacyjny dla migrantów WroMigrant."
            ),
            "en": (
                "A municipal social development unit, organiser of the “Wspólnie o "
                "międzykulturowości” networking meetings. It runs the Intercultural Dialogue "
                "Team and the WroMigrant information point for migrants."
            ),
            "uk": (
                "Міська установа соціального розвитку, організатор циклу мережевих зустрічей "
                "«Wspólnie o międzykulturowości». Керує Командою з питань міжкультурного "
                "діалогу та інформаційним пунктом для мігрантів WroMigrant."
            ),
        },
    },
    {
        "slug": "wcrs-dialog-miedzykulturowy",
        "name": "WCRS — Zespół ds. Dialogu Międzykulturowego",
        "kind": K.PUBLIC_INSTITUTION,
        "short_description": {
            "pl": (
                "Zespół WCRS wspierający dialog międzykulturowy w mieście: spotkania sieciujące, "
                "strona i profil Wielokultury Wrocław, współpraca z organizacjami i liderami "
                "społeczności."
            ),
            "en": (
                "The WCRS team that supports intercultural dialogue in the city: networking "
                "meetings, the Wielokultury Wrocław website and profile, cooperation with "
                "organisations and community leaders."
            ),
            "uk": (
                "Команда WCRS, що підтримує міжкультурний діалог у місті: мережеві зустрічі, "
                "сайт і профіль Wielokultury Wrocław, співпраця з організаціями та лідерами "
                "спільнот."
            ),
        },
    },
    {
        "slug": "wromigrant",
        "name": "WroMigrant",
        "kind": K.PUBLIC_INSTITUTION,
        "short_description": {
            "pl": (
                "Punkt informacyjny dla cudzoziemców prowadzony przez WCRS: informacja "
                "o legalizacji pobytu, pracy, edukacji i usługach miejskich, w kilku językach."
            ),
            "en": (
                "An information point for foreigners run by WCRS: information on legalising "
                "your stay, work, education and city services, in several languages."
            ),
            "uk": (
                "Інформаційний пункт для іноземців, який веде WCRS: інформація про легалізацію "
                "перебування, роботу, освіту та міські послуги кількома мовами."
            ),
        },
    },
    {
        "slug": "feps",
        "name": "Fundacja na rzecz Studiów Europejskich (FEPS)",
        "kind": K.FOUNDATION,
        "short_description": {
            "pl": (
                "Współorganizator cyklu. Projekty badawcze i edukacyjne o integracji migrantów, "
                "rynku pracy i polityce migracyjnej."
            ),
            "en": (
                "Co-organiser of the meetings. Research and education projects on the "
                "integration of migrants, the labour market and migration policy."
            ),
            "uk": (
                "Співорганізатор циклу. Дослідницькі та освітні проєкти про інтеграцію "
                "мігрантів, ринок праці та міграційну політику."
            ),
        },
    },
    {
        "slug": "dfop",
        "name": "Dolnośląska Federacja Organizacji Pozarządowych (DFOP)",
        "kind": K.ASSOCIATION,
        "short_description": {
            "pl": (
                "Współorganizator cyklu. Federacja organizacji pozarządowych Dolnego Śląska: "
                "rzecznictwo, wsparcie i sieciowanie organizacji, także migranckich."
            ),
            "en": (
                "Co-organiser of the meetings. A federation of Lower Silesian NGOs: advocacy, "
                "support and networking for organisations, migrant ones too."
            ),
            "uk": (
                "Співорганізатор циклу. Федерація громадських організацій Нижньої Сілезії: "
                "адвокація, підтримка та об’єднання організацій, зокрема мігрантських."
            ),
        },
    },
    {
        "slug": "araw",
        "name": "Agencja Rozwoju Aglomeracji Wrocławskiej (ARAW)",
        "kind": K.PUBLIC_INSTITUTION,
        "short_description": {
            "pl": (
                "Agencja rozwoju aglomeracji: wsparcie inwestorów i talentów z zagranicy, "
                "programy adaptacyjne dla nowych mieszkańców."
            ),
            "en": (
                "The agglomeration development agency: support for investors and talent from "
                "abroad, adaptation programmes for new residents."
            ),
            "uk": (
                "Агенція розвитку агломерації: підтримка інвесторів і талантів з-за кордону, "
                "адаптаційні програми для нових мешканців."
            ),
        },
    },
    {
        "slug": "umw-partycypacja",
        "name": "Wydział Partycypacji Społecznej Urzędu Miejskiego Wrocławia",
        "kind": K.PUBLIC_INSTITUTION,
        "short_description": {
            "pl": (
                "Wydział miasta odpowiedzialny za partycypację społeczną i współpracę "
                "z organizacjami pozarządowymi; portal wroclaw.pl i serwis Wrocław Rozmawia."
            ),
            "en": (
                "The city department responsible for public participation and cooperation with "
                "NGOs; the wroclaw.pl portal and the Wrocław Rozmawia service."
            ),
            "uk": (
                "Відділ міста, відповідальний за громадську участь і співпрацю з громадськими "
                "організаціями; портал wroclaw.pl і сервіс Wrocław Rozmawia."
            ),
        },
    },
    {
        "slug": "fundacja-umbrella",
        "name": "Fundacja Umbrella (Centrum Sektor3)",
        "kind": K.FOUNDATION,
        "short_description": {
            "pl": (
                "Operator Centrum Wspierania Organizacji Pozarządowych Sektor3: doradztwo, "
                "szkolenia, sale dla organizacji, newsletter Sektor3 i serwis wro-ngo."
            ),
            "en": (
                "Operator of the Sektor3 NGO Support Centre: advice, training, rooms for "
                "organisations, the Sektor3 newsletter and the wro-ngo service."
            ),
            "uk": (
                "Оператор Центру підтримки громадських організацій Sektor3: консультації, "
                "навчання, приміщення для організацій, розсилка Sektor3 і сервіс wro-ngo."
            ),
        },
    },
    {
        "slug": "siec-cal",
        "name": "Sieć Centrów Aktywności Lokalnej (Sieć CAL)",
        "kind": K.INFORMAL_GROUP,
        "short_description": {
            "pl": (
                "Sieć wrocławskich centrów aktywności lokalnej: miejsca spotkań sąsiedzkich "
                "w osiedlach, z tablicami ogłoszeń i lokalnymi animatorami."
            ),
            "en": (
                "The network of Wrocław’s local activity centres: neighbourhood meeting places "
                "with notice boards and local organisers."
            ),
            "uk": (
                "Мережа вроцлавських центрів місцевої активності: місця сусідських зустрічей у "
                "районах, з дошками оголошень і місцевими аніматорами."
            ),
        },
    },
    {
        "slug": "wik",
        "name": "Wrocławski Instytut Kultury",
        "kind": K.PUBLIC_INSTITUTION,
        "short_description": {
            "pl": (
                "Miejska instytucja kultury: programy kulturalne i edukacyjne, portal kulturalny "
                "cowewro.pl."
            ),
            "en": (
                "A municipal cultural institution: cultural and educational programmes, the "
                "cowewro.pl culture portal."
            ),
            "uk": (
                "Міська установа культури: культурні та освітні програми, культурний портал "
                "cowewro.pl."
            ),
        },
    },
    {
        "slug": "umw-kultura",
        "name": "Wydział Kultury Urzędu Miejskiego Wrocławia",
        "kind": K.PUBLIC_INSTITUTION,
        "short_description": {
            "pl": (
                "Wydział miasta odpowiedzialny za politykę kulturalną, granty i współpracę "
                "z instytucjami kultury."
            ),
            "en": (
                "The city department responsible for cultural policy, grants and cooperation "
                "with cultural institutions."
            ),
            "uk": (
                "Відділ міста, відповідальний за культурну політику, гранти та співпрацю з "
                "установами культури."
            ),
        },
    },
    {
        "slug": "nomada",
        "name": "Stowarzyszenie Nomada (Miejsce Otwarte)",
        "kind": K.ASSOCIATION,
        "short_description": {
            "pl": (
                "Stowarzyszenie na rzecz integracji społeczeństwa wielokulturowego; prowadzi "
                "Miejsce Otwarte — przestrzeń spotkań, porad i działań antydyskryminacyjnych."
            ),
            "en": (
                "An association for the integration of a multicultural society; it runs Miejsce"
                " Otwarte, a space for meetings, advice and anti-discrimination work."
            ),
            "uk": (
                "Асоціація за інтеграцію багатокультурного суспільства; веде Miejsce Otwarte — "
                "простір для зустрічей, порад і антидискримінаційної діяльності."
            ),
        },
    },
    {
        "slug": "fundacja-ukraina",
        "name": "Fundacja Ukraina",
        "kind": K.FOUNDATION,
        "short_description": {
            "pl": (
                "Fundacja wspierająca Ukraińców we Wrocławiu: pomoc prawna, kursy językowe, "
                "wsparcie w szukaniu pracy i integracja."
            ),
            "en": (
                "A foundation supporting Ukrainians in Wrocław: legal aid, language courses, "
                "help with finding work, and integration."
            ),
            "uk": (
                "Фонд, що підтримує українців у Вроцлаві: правова допомога, мовні курси, "
                "допомога в пошуку роботи та інтеграція."
            ),
        },
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
    # The apps' demo data is partly written in bulk (dates of cards, registrations).
    versions.bump_all()
