"""Demo channels: the ones the demo organisations name when they describe themselves, a few
notice boards of local activity centres, a Telegram group for Ukrainian speakers and three
community opinion leaders (fictional, described by role — never a person's name).

On purpose, some communities stay uncovered (Vietnamese, Roma, Chechen …): the "Which channels
reach…?" page shows them as gaps. No real personal data; the URLs are the public portals.
Idempotent: keyed on (organisation, channel name).
"""

from __future__ import annotations

from typing import TextIO

from wspolnie.directory.models import Community, District, Language, Visibility
from wspolnie.organisations.models import Organisation

from .models import Channel, Cost, Format, Kind

F = Format

CHANNELS = [
    {
        "organisation": "wcrs-dialog-miedzykulturowy",
        "name": "Wielokultury Wrocław — strona",
        "kind": Kind.WEBSITE_SECTION,
        "description": {
            "pl": "Strona o wielokulturowym Wrocławiu: wydarzenia, spotkania sieciujące, "
                  "informacje dla organizacji i społeczności migranckich.",
            "en": "A page about multicultural Wrocław: events, networking meetings, news for "
                  "organisations and migrant communities.",
            "uk": "Сторінка про багатокультурний Вроцлав: події, мережеві зустрічі, новини для "
                  "організацій і спільнот мігрантів.",
        },
        "languages": ["pl", "en", "uk"],
        "communities": ["ukrainian", "belarusian", "georgian", "international-students"],
        "estimated_reach": 6000,
        "submission_how": {
            "pl": "Wyślij zapowiedź wydarzenia mailem do zespołu: tytuł, data, miejsce, krótki "
                  "opis (najlepiej po polsku i angielsku), grafika.",
            "en": "E-mail the team an event announcement: title, date, place, a short "
                  "description (ideally in Polish and English), a picture.",
            "uk": "Надішліть команді анонс події електронною поштою: назва, дата, місце, короткий "
                  "опис (бажано польською та англійською), зображення.",
        },
        "submission_lead_days": 10,
        "accepted_formats": [F.TEXT, F.IMAGE, F.LINK],
        "submission_email": "wielokultury@demo.wspolnie.example",
        "contact_note": "Zespół ds. Dialogu Międzykulturowego WCRS, skrzynka zespołu.",
        "contact_visibility": Visibility.PUBLIC,
    },
    {
        "organisation": "wcrs-dialog-miedzykulturowy",
        "name": "Wielokultury Wrocław — profil na Facebooku",
        "kind": Kind.SOCIAL_PAGE,
        "description": {
            "pl": "Profil Wielokultury Wrocław: bieżące wydarzenia i ogłoszenia organizacji.",
            "en": "The Wielokultury Wrocław profile: current events and organisations' news.",
            "uk": "Профіль Wielokultury Wrocław: поточні події та оголошення організацій.",
        },
        "languages": ["pl", "en", "uk"],
        "communities": ["ukrainian", "belarusian", "georgian", "international-students",
                        "indian"],
        "estimated_reach": 9000,
        "submission_how": {
            "pl": "Wiadomość do profilu lub mail do zespołu z tekstem posta i grafiką.",
            "en": "A message to the profile or an e-mail to the team with the post and a picture.",
            "uk": "Повідомлення профілю або лист команді з текстом допису та зображенням.",
        },
        "submission_lead_days": 5,
        "accepted_formats": [F.TEXT, F.IMAGE, F.VIDEO, F.LINK],
        "submission_email": "wielokultury@demo.wspolnie.example",
    },
    {
        "organisation": "umw-partycypacja",
        "name": "Portal wroclaw.pl",
        "kind": Kind.PORTAL,
        "url": "https://www.wroclaw.pl/",
        "description": {
            "pl": "Miejski portal informacyjny: wiadomości, wydarzenia, sprawy urzędowe; "
                  "część treści także po ukraińsku i angielsku.",
            "en": "The city's news portal: news, events, city services; some content in "
                  "Ukrainian and English too.",
            "uk": "Міський інформаційний портал: новини, події, міські послуги; частина "
                  "матеріалів також українською та англійською.",
        },
        "languages": ["pl", "uk", "en"],
        "communities": ["ukrainian"],
        "estimated_reach": 250000,
        "submission_how": {
            "pl": "Zgłoszenie wydarzenia do redakcji przez formularz na portalu; redakcja "
                  "wybiera, co publikuje.",
            "en": "Submit the event to the editors through the portal's form; the editors "
                  "choose what to publish.",
            "uk": "Надішліть подію редакції через форму на порталі; редакція вирішує, що "
                  "публікувати.",
        },
        "submission_lead_days": 14,
        "accepted_formats": [F.TEXT, F.IMAGE, F.LINK],
        "submission_url": "https://www.wroclaw.pl/",
    },
    {
        "organisation": "umw-partycypacja",
        "name": "Biuletyn miejski Wrocław.pl",
        "kind": Kind.BULLETIN,
        "description": {
            "pl": "Bezpłatny biuletyn miejski, drukowany i w PDF: najważniejsze sprawy miasta, "
                  "kalendarz wydarzeń.",
            "en": "The free city bulletin, printed and as a PDF: the main city matters and a "
                  "calendar of events.",
            "uk": "Безкоштовний міський бюлетень, друкований і в PDF: головні міські справи та "
                  "календар подій.",
        },
        "languages": ["pl"],
        "communities": [],
        "estimated_reach": 60000,
        "submission_how": {
            "pl": "Krótka informacja do redakcji biuletynu, najpóźniej trzy tygodnie przed "
                  "wydaniem.",
            "en": "A short note to the bulletin's editors, three weeks before the issue at the "
                  "latest.",
            "uk": "Коротка інформація редакції бюлетеня, не пізніше ніж за три тижні до виходу.",
        },
        "submission_lead_days": 21,
        "accepted_formats": [F.TEXT, F.IMAGE],
    },
    {
        "organisation": "umw-partycypacja",
        "name": "Wrocław Rozmawia",
        "kind": Kind.WEBSITE_SECTION,
        "url": "https://www.wroclaw.pl/rozmawia",
        "description": {
            "pl": "Serwis konsultacji społecznych: zaproszenia do konsultacji, spotkań i "
                  "budżetu obywatelskiego.",
            "en": "The city's public consultation site: invitations to consultations, "
                  "meetings and the participatory budget.",
            "uk": "Сервіс громадських консультацій: запрошення на консультації, зустрічі та "
                  "громадський бюджет.",
        },
        "languages": ["pl"],
        "communities": [],
        "estimated_reach": 20000,
        "submission_how": {
            "pl": "Tylko konsultacje i spotkania partycypacyjne: uzgodnij publikację z "
                  "Wydziałem Partycypacji Społecznej.",
            "en": "Consultations and participatory meetings only: agree on the publication "
                  "with the Social Participation Department.",
            "uk": "Лише консультації та партисипативні зустрічі: погодьте публікацію з Відділом "
                  "громадської участі.",
        },
        "submission_lead_days": 14,
        "accepted_formats": [F.TEXT, F.LINK],
    },
    {
        "organisation": "fundacja-umbrella",
        "name": "Serwis wro-ngo.pl",
        "kind": Kind.PORTAL,
        "url": "https://wro-ngo.pl/",
        "description": {
            "pl": "Serwis wrocławskich organizacji pozarządowych: ogłoszenia, szkolenia, "
                  "granty, wydarzenia.",
            "en": "The portal of Wrocław's NGOs: announcements, training, grants, events.",
            "uk": "Портал вроцлавських громадських організацій: оголошення, навчання, гранти, "
                  "події.",
        },
        "languages": ["pl"],
        "communities": [],
        "estimated_reach": 8000,
        "submission_how": {
            "pl": "Organizacje dodają ogłoszenia same po założeniu konta w serwisie.",
            "en": "Organisations add their announcements themselves after creating an account.",
            "uk": "Організації самі додають оголошення після створення облікового запису.",
        },
        "submission_lead_days": 3,
        "accepted_formats": [F.TEXT, F.IMAGE, F.LINK],
        "submission_url": "https://wro-ngo.pl/",
    },
    {
        "organisation": "fundacja-umbrella",
        "name": "Grupa wro-ngo na Facebooku",
        "kind": Kind.FACEBOOK_GROUP,
        "description": {
            "pl": "Grupa dyskusyjna wrocławskich organizacji: szybkie ogłoszenia i pytania.",
            "en": "A discussion group of Wrocław's organisations: quick news and questions.",
            "uk": "Дискусійна група вроцлавських організацій: швидкі оголошення та запитання.",
        },
        "languages": ["pl"],
        "communities": [],
        "estimated_reach": 4000,
        "submission_how": {
            "pl": "Post w grupie (po dołączeniu); moderatorzy zatwierdzają posty.",
            "en": "A post in the group (after joining); moderators approve posts.",
            "uk": "Допис у групі (після приєднання); модератори схвалюють дописи.",
        },
        "submission_lead_days": 1,
        "accepted_formats": [F.TEXT, F.IMAGE, F.VIDEO, F.LINK],
    },
    {
        "organisation": "fundacja-umbrella",
        "name": "Newsletter Centrum Sektor3",
        "kind": Kind.NEWSLETTER,
        "description": {
            "pl": "Cotygodniowy newsletter Centrum Sektor3: szkolenia, konkursy, ogłoszenia "
                  "organizacji.",
            "en": "Centrum Sektor3's weekly newsletter: training, calls for proposals, "
                  "organisations' news.",
            "uk": "Щотижнева розсилка Centrum Sektor3: навчання, конкурси, оголошення "
                  "організацій.",
        },
        "languages": ["pl"],
        "communities": [],
        "estimated_reach": 3500,
        "submission_how": {
            "pl": "Mail do redakcji newslettera do środy; wysyłka w piątek.",
            "en": "E-mail the newsletter editors by Wednesday; it goes out on Friday.",
            "uk": "Лист редакції розсилки до середи; розсилка в п'ятницю.",
        },
        "submission_lead_days": 7,
        "accepted_formats": [F.TEXT, F.LINK],
        "submission_email": "newsletter@demo.wspolnie.example",
    },
    {
        "organisation": "wik",
        "name": "Portal kulturalny cowewro.pl",
        "kind": Kind.PORTAL,
        "url": "https://cowewro.pl/",
        "description": {
            "pl": "Portal kulturalny Wrocławia: kalendarz wydarzeń kulturalnych i edukacyjnych.",
            "en": "Wrocław's culture portal: a calendar of cultural and educational events.",
            "uk": "Культурний портал Вроцлава: календар культурних і освітніх подій.",
        },
        "languages": ["pl", "en"],
        "communities": [],
        "estimated_reach": 90000,
        "submission_how": {
            "pl": "Wydarzenie dodaje się przez formularz portalu; redakcja je sprawdza.",
            "en": "Events are added through the portal's form; the editors check them.",
            "uk": "Подію додають через форму порталу; редакція її перевіряє.",
        },
        "submission_lead_days": 10,
        "accepted_formats": [F.TEXT, F.IMAGE, F.LINK],
        "submission_url": "https://cowewro.pl/",
    },
    {
        "organisation": "fundacja-ukraina",
        "name": "Fundacja Ukraina — kanał na Telegramie",
        "kind": Kind.TELEGRAM,
        "description": {
            "pl": "Kanał dla osób ukraińskojęzycznych we Wrocławiu: praca, dokumenty, kursy, "
                  "wydarzenia.",
            "en": "A channel for Ukrainian speakers in Wrocław: work, documents, courses, "
                  "events.",
            "uk": "Канал для україномовних у Вроцлаві: робота, документи, курси, події.",
        },
        "languages": ["uk", "ru"],
        "communities": ["ukrainian"],
        "estimated_reach": 5000,
        "submission_how": {
            "pl": "Tekst po ukraińsku (lub po polsku — fundacja przetłumaczy) do koordynatorki "
                  "kanału.",
            "en": "Text in Ukrainian (or Polish — the foundation translates) to the channel's "
                  "coordinator.",
            "uk": "Текст українською (або польською — фонд перекладе) координаторці каналу.",
        },
        "submission_lead_days": 2,
        "accepted_formats": [F.TEXT, F.IMAGE, F.LINK],
        "contact_note": "Koordynatorka kanału w biurze fundacji; kontakt przez sekretariat.",
        "contact_visibility": Visibility.MEMBERS,
    },
    # Community opinion leaders: people, described by their role — never by name.
    {
        "organisation": "wcrs-dialog-miedzykulturowy",
        "name": "Liderka społeczności gruzińskiej (Nadodrze)",
        "kind": Kind.OPINION_LEADER,
        "description": {
            "pl": "Przekazuje informacje rodzinom gruzińskim z Nadodrza: osobiście, w parafii i "
                  "w grupie rodziców.",
            "en": "Passes news on to Georgian families in Nadodrze: in person, in the parish and "
                  "in a parents' group.",
            "uk": "Передає інформацію грузинським родинам з Надодже: особисто, у парафії та в "
                  "групі батьків.",
        },
        "languages": ["ka", "ru", "pl"],
        "communities": ["georgian"],
        "districts": ["nadodrze"],
        "estimated_reach": 150,
        "submission_how": {
            "pl": "Przez Zespół ds. Dialogu Międzykulturowego: krótka informacja, najlepiej z "
                  "tłumaczeniem na gruziński.",
            "en": "Through the intercultural dialogue team: a short note, ideally translated "
                  "into Georgian.",
            "uk": "Через команду з міжкультурного діалогу: коротка інформація, бажано з "
                  "перекладом грузинською.",
        },
        "submission_lead_days": 7,
        "accepted_formats": [F.TEXT, F.POSTER],
        "contact_note": "Kontakt tylko przez Zespół ds. Dialogu Międzykulturowego WCRS "
                        "(numer w kartotece zespołu).",
    },
    {
        "organisation": "wcrs-dialog-miedzykulturowy",
        "name": "Lider społeczności białoruskiej (Ołbin, Plac Grunwaldzki)",
        "kind": Kind.OPINION_LEADER,
        "description": {
            "pl": "Animator białoruskiej grupy sąsiedzkiej; przekazuje informacje na spotkaniach "
                  "i w prywatnych czatach.",
            "en": "Runs a Belarusian neighbourhood group; passes news on at meetings and in "
                  "private chats.",
            "uk": "Аніматор білоруської сусідської групи; передає інформацію на зустрічах і в "
                  "приватних чатах.",
        },
        "languages": ["be", "ru", "pl"],
        "communities": ["belarusian"],
        "districts": ["olbin", "plac-grunwaldzki"],
        "estimated_reach": 200,
        "submission_how": {
            "pl": "Przez Zespół ds. Dialogu Międzykulturowego; krótki tekst po polsku lub "
                  "rosyjsku.",
            "en": "Through the intercultural dialogue team; a short text in Polish or Russian.",
            "uk": "Через команду з міжкультурного діалогу; короткий текст польською або "
                  "російською.",
        },
        "submission_lead_days": 7,
        "accepted_formats": [F.TEXT],
        "contact_note": "Kontakt przez Zespół ds. Dialogu Międzykulturowego WCRS.",
    },
    {
        "organisation": "araw",
        "name": "Liderka społeczności indyjskiej (studenci i pracownicy IT)",
        "kind": Kind.OPINION_LEADER,
        "description": {
            "pl": "Prowadzi nieformalną sieć studentów i pracowników z Indii; przekazuje "
                  "informacje po angielsku.",
            "en": "Runs an informal network of students and workers from India; passes news on "
                  "in English.",
            "uk": "Веде неформальну мережу студентів і працівників з Індії; передає інформацію "
                  "англійською.",
        },
        "languages": ["en", "hi"],
        "communities": ["indian", "international-students"],
        "districts": ["plac-grunwaldzki", "krzyki-partynice"],
        "estimated_reach": 300,
        "submission_how": {
            "pl": "Przez ARAW: tekst po angielsku z linkiem do zapisów.",
            "en": "Through ARAW: a text in English with a sign-up link.",
            "uk": "Через ARAW: текст англійською з посиланням на реєстрацію.",
        },
        "submission_lead_days": 5,
        "accepted_formats": [F.TEXT, F.LINK],
        "contact_note": "Kontakt przez zespół ARAW ds. talentów z zagranicy.",
    },
]

#: Notice boards of local activity centres (Sieć CAL): one per district, offline.
NOTICE_BOARDS = [
    # district slug, district name, languages, communities, reach
    ("nadodrze", "Nadodrze", ["pl", "uk"], ["ukrainian"], 600),
    ("olbin", "Ołbin", ["pl"], [], 400),
    ("kozanow", "Kozanów", ["pl", "uk"], ["ukrainian"], 500),
    ("gaj", "Gaj", ["pl"], [], 350),
    ("huby", "Huby", ["pl"], [], 300),
    ("popowice", "Popowice", ["pl"], [], 300),
]


def _notice_board(slug: str, name: str, languages, communities, reach: int) -> dict:
    return {
        "organisation": "siec-cal",
        "name": f"Tablica ogłoszeń CAL — {name}",
        "kind": Kind.NOTICE_BOARD,
        "description": {
            "pl": f"Tablica ogłoszeń w centrum aktywności lokalnej ({name}): sąsiedzi, rodzice, "
                  "seniorzy, uczestnicy zajęć.",
            "en": f"The notice board in the local activity centre ({name}): neighbours, "
                  "parents, seniors, people who come to activities.",
            "uk": f"Дошка оголошень у центрі місцевої активності ({name}): сусіди, батьки, "
                  "літні люди, учасники занять.",
        },
        "languages": languages,
        "communities": communities,
        "districts": [slug],
        "estimated_reach": reach,
        "submission_how": {
            "pl": "Przynieś wydrukowany plakat (A4 lub A3) do centrum albo wyślij PDF "
                  "animatorowi — wydrukują go.",
            "en": "Bring a printed poster (A4 or A3) to the centre, or send a PDF to the "
                  "animator — they print it.",
            "uk": "Принесіть надрукований плакат (A4 або A3) до центру або надішліть PDF "
                  "аніматору — його надрукують.",
        },
        "submission_lead_days": 7,
        "accepted_formats": [F.POSTER],
        "contact_note": "Animator CAL — kontakt w centrum w godzinach otwarcia.",
        "contact_visibility": Visibility.MEMBERS,
    }


def all_channels() -> list[dict]:
    return CHANNELS + [_notice_board(*row) for row in NOTICE_BOARDS]


def load(stdout: TextIO | None = None) -> None:
    created = 0
    for values in all_channels():
        values = dict(values)
        organisation = Organisation.objects.filter(slug=values.pop("organisation")).first()
        if organisation is None:
            continue
        languages = values.pop("languages", [])
        communities = values.pop("communities", [])
        districts = values.pop("districts", [])
        values.setdefault("citywide", not districts)
        values.setdefault("cost", Cost.FREE)
        values.setdefault("contact_visibility", "")
        channel, was_created = Channel.objects.update_or_create(
            organisation=organisation, name=values.pop("name"), defaults=values
        )
        created += was_created
        channel.languages.set(Language.for_codes(languages))
        channel.communities.set(Community.objects.filter(slug__in=communities))
        channel.districts.set(District.objects.filter(slug__in=districts))
    if stdout is not None:
        stdout.write(f"Information channels: {created} added, {len(all_channels())} in the demo.\n")
