"""Demo services of the demo organisations (no personal data). Idempotent: keyed on the
organisation and the Polish name."""

from __future__ import annotations

from typing import TextIO

from wspolnie.directory.models import Community, Language, Topic
from wspolnie.organisations.models import Organisation

from .models import Service

FREE, PAID = Service.Cost.FREE, Service.Cost.PAID

#: (organisation slug, values, topics, communities, languages, use the organisation's places)
SERVICES = [
    (
        "wromigrant",
        {
            "name": {
                "pl": "Konsultacje w sprawie legalizacji pobytu",
                "uk": "Консультації щодо легалізації перебування",
                "en": "Advice on residence permits",
                "ru": "Консультации по легализации пребывания",
            },
            "description": {
                "pl": "Informacja o zezwoleniach na pobyt czasowy i stały, przedłużaniu "
                      "wiz, statusie UKR i o tym, jak przygotować wniosek do urzędu "
                      "wojewódzkiego.",
                "uk": "Інформація про дозволи на тимчасове та постійне перебування, "
                      "продовження віз, статус UKR і про те, як підготувати заяву до "
                      "воєводського управління.",
                "en": "Information on temporary and permanent residence permits, visa "
                      "extensions, the UKR status and how to prepare an application for the "
                      "voivodeship office.",
                "ru": "Информация о разрешениях на временное и постоянное пребывание, "
                      "продлении виз, статусе UKR и о подготовке заявления в воеводское "
                      "управление.",
            },
            "eligibility_description": {
                "pl": "Cudzoziemcy mieszkający we Wrocławiu i okolicach.",
                "uk": "Іноземці, які живуть у Вроцлаві та околицях.",
                "en": "Foreigners living in and around Wrocław.",
            },
            "application_process": {
                "pl": "Zapisy przez formularz na stronie WroMigrant lub w punkcie w godzinach "
                      "dyżurów. Weź ze sobą paszport i dokumenty pobytowe.",
                "uk": "Запис через форму на сайті WroMigrant або в пункті під час чергувань. "
                      "Візьміть із собою паспорт і документи про перебування.",
                "en": "Book through the form on the WroMigrant website or at the point "
                      "during opening hours. Bring your passport and residence documents.",
            },
            "cost": FREE,
        },
        ["legal-aid"], ["ukrainian", "belarusian", "georgian", "indian", "vietnamese"],
        ["pl", "uk", "en", "ru"], False,
    ),
    (
        "wromigrant",
        {
            "name": {
                "pl": "Informacja o pracy, edukacji i usługach miejskich",
                "uk": "Інформація про роботу, освіту та міські послуги",
                "en": "Information on work, education and city services",
            },
            "description": {
                "pl": "Pomagamy znaleźć właściwy urząd, szkołę, przychodnię albo kurs "
                      "i wyjaśniamy, jak załatwić sprawę krok po kroku.",
                "uk": "Допомагаємо знайти потрібну установу, школу, поліклініку чи курс "
                      "і пояснюємо, як вирішити справу крок за кроком.",
                "en": "We help you find the right office, school, clinic or course and "
                      "explain the steps.",
            },
            "cost": FREE,
        },
        ["work", "education", "housing"], ["ukrainian", "belarusian", "georgian"],
        ["pl", "uk", "en", "ru"], False,
    ),
    (
        "nomada",
        {
            "name": {
                "pl": "Poradnictwo antydyskryminacyjne",
                "uk": "Антидискримінаційні консультації",
                "en": "Anti-discrimination advice",
            },
            "description": {
                "pl": "Wsparcie dla osób, które doświadczyły dyskryminacji lub przemocy "
                      "motywowanej uprzedzeniami: rozmowa, informacja o możliwych krokach, "
                      "pomoc w zgłoszeniu sprawy.",
                "uk": "Підтримка людей, які зазнали дискримінації або насильства на ґрунті "
                      "упереджень: розмова, інформація про можливі кроки, допомога у "
                      "зверненні.",
                "en": "Support for people who have experienced discrimination or "
                      "bias-motivated violence: a conversation, information on the possible "
                      "steps, help with reporting.",
            },
            "eligibility_description": {
                "pl": "Każda osoba, bez względu na pochodzenie i status pobytowy.",
                "uk": "Кожна людина, незалежно від походження та статусу перебування.",
                "en": "Anyone, whatever their origin or residence status.",
            },
            "application_process": {
                "pl": "Umów się mailowo przez adres z profilu stowarzyszenia. Rozmowa jest "
                      "poufna.",
                "uk": "Домовтеся електронною поштою через адресу з профілю асоціації. Розмова "
                      "конфіденційна.",
                "en": "Make an appointment by e-mail through the association's profile. The "
                      "conversation is confidential.",
            },
            "cost": FREE,
        },
        ["anti-discrimination", "legal-aid", "psychological-support"],
        ["ukrainian", "belarusian", "chechen", "georgian", "roma"],
        ["pl", "en", "uk", "ru"], False,
    ),
    (
        "fundacja-ukraina",
        {
            "name": {
                "pl": "Kurs języka polskiego dla dorosłych",
                "uk": "Курс польської мови для дорослих",
                "en": "Polish course for adults",
            },
            "description": {
                "pl": "Zajęcia w grupach na poziomach A1–B1, dwa razy w tygodniu wieczorem.",
                "uk": "Заняття в групах на рівнях A1–B1, двічі на тиждень увечері.",
                "en": "Group classes at levels A1–B1, two evenings a week.",
            },
            "application_process": {
                "pl": "Test poziomujący na początku semestru; zapisy przez stronę fundacji.",
                "uk": "Тест на рівень на початку семестру; запис через сайт фонду.",
                "en": "A placement test at the start of the term; sign up on the "
                      "foundation's website.",
            },
            "cost": PAID,
            "fees_description": {
                "pl": "Symboliczna opłata za materiały raz na semestr; zwolnienie z opłaty "
                      "na prośbę.",
                "uk": "Символічна плата за матеріали раз на семестр; звільнення від оплати "
                      "за проханням.",
                "en": "A small fee for materials once a term; waived on request.",
            },
        },
        ["language-learning", "education"], ["ukrainian"], ["pl", "uk"], False,
    ),
    (
        "fundacja-ukraina",
        {
            "name": {
                "pl": "Pomoc w szukaniu pracy",
                "uk": "Допомога в пошуку роботи",
                "en": "Help with finding work",
            },
            "description": {
                "pl": "CV po polsku, przygotowanie do rozmowy kwalifikacyjnej, informacja "
                      "o prawach pracownika.",
                "uk": "Резюме польською, підготовка до співбесіди, інформація про права "
                      "працівника.",
                "en": "A CV in Polish, preparing for a job interview, information on "
                      "workers' rights.",
            },
            "cost": FREE,
        },
        ["work"], ["ukrainian"], ["pl", "uk", "ru"], False,
    ),
    (
        "fundacja-umbrella",
        {
            "name": {
                "pl": "Doradztwo dla organizacji pozarządowych",
                "uk": "Консультації для громадських організацій",
                "en": "Advice for NGOs",
            },
            "description": {
                "pl": "Zakładanie fundacji i stowarzyszeń, sprawozdawczość, granty, "
                      "księgowość — także dla organizacji migranckich.",
                "uk": "Створення фондів і асоціацій, звітність, гранти, бухгалтерія — також "
                      "для організацій мігрантів.",
                "en": "Setting up foundations and associations, reporting, grants, "
                      "bookkeeping — for migrant organisations too.",
            },
            "cost": FREE,
        },
        ["ngo-support"], ["ukrainian"], ["pl", "uk"], False,
    ),
    (
        "wcrs",
        {
            "name": {
                "pl": "Spotkania sieciujące „Wspólnie o międzykulturowości”",
                "uk": "Мережеві зустрічі «Wspólnie o międzykulturowości»",
                "en": "Networking meetings “Wspólnie o międzykulturowości”",
            },
            "description": {
                "pl": "Cykliczne spotkania organizacji, instytucji i liderów społeczności "
                      "migranckich: wymiana informacji, wspólne projekty.",
                "uk": "Регулярні зустрічі організацій, установ і лідерів мігрантських "
                      "спільнот: обмін інформацією, спільні проєкти.",
                "en": "Regular meetings of organisations, institutions and migrant community "
                      "leaders: sharing information, joint projects.",
            },
            "eligibility_description": {
                "pl": "Organizacje i osoby działające na rzecz integracji we Wrocławiu.",
                "uk": "Організації та люди, які працюють на інтеграцію у Вроцлаві.",
                "en": "Organisations and people working for integration in Wrocław.",
            },
            "cost": FREE,
        },
        ["integration", "ngo-support"], ["ukrainian", "belarusian", "georgian"],
        ["pl", "uk", "en"], True,
    ),
]


def load(stdout: TextIO | None = None) -> None:
    count = 0
    for slug, values, topics, communities, languages, at_locations in SERVICES:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            continue
        defaults = {
            "description": {},
            "eligibility_description": {},
            "application_process": {},
            "fees_description": {},
            "status": Service.Status.ACTIVE,
            **values,
        }
        service = Service.objects.filter(
            organisation=organisation, name__pl=values["name"]["pl"]
        ).first() or Service(organisation=organisation)
        for name, value in defaults.items():
            setattr(service, name, value)
        service.full_clean()
        service.save()
        service.topics.set(Topic.objects.filter(slug__in=topics))
        service.communities.set(Community.objects.filter(slug__in=communities))
        service.languages.set(Language.for_codes(languages))
        service.locations.set(organisation.locations.all() if at_locations else [])
        count += 1
    if stdout is not None:
        stdout.write(f"Services: {count} demo services.\n")
