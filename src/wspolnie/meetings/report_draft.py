"""The post-meeting report, drafted from what the hub knows of a meeting.

Organisers used to write it by hand from the agenda, the sign-in sheet and the note: what the
meeting was, when and in what format, who presented what, thanks to co-organisers and
moderators, where the materials are, and the next dates of the series. The draft says the
same from the data, in each UI language the meeting has a title in; organisers edit it on the
report page before they publish it. Numbers of participants are aggregates: the report never
names a participant."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wspolnie.lib.multilingual import pick_translation
from wspolnie.organisations.models import Organisation

from .models import Event, Registration


@dataclass
class ReportDraft:
    #: {language code: plain text}, the form of `Event.report`.
    texts: dict[str, str] = field(default_factory=dict)
    #: Addresses of the note, the boards and the note's useful links (`Event.report_links`).
    links: list[str] = field(default_factory=list)


def report_languages(event: Event) -> list[str]:
    """The UI languages the meeting's title is written in (the draft's sentences need the
    interface's translations, its names need the meeting's own), the default one first."""
    codes = [code for code, _name in settings.LANGUAGES if (event.title or {}).get(code)]
    return codes or [settings.LANGUAGE_CODE]


def draft_report(event: Event) -> ReportDraft:
    facts = _facts(event)
    return ReportDraft(
        texts={code: _text(event, facts, code) for code in report_languages(event)},
        links=[url for _label, url in facts.materials],
    )


@dataclass
class _Facts:
    organisers: list[Organisation]
    co_organisers: list[Organisation]
    presentations: list[tuple[Organisation | None, dict]]  # (organisation, {code: title})
    participants: int
    participating_organisations: int
    materials: list[tuple[str, str]]  # (label key, absolute URL)
    next_events: list[Event]


def _absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else settings.SITE_URL + path


def _facts(event: Event) -> _Facts:
    organisers = list(event.public_organisers().order_by("name"))
    co_organisers = []
    if event.series_id is not None:
        co_organisers = list(event.series.confirmed_co_organisers().filter(
            status=Organisation.Status.APPROVED))
    # The first organiser hosts; the others organised with it.
    host = event.series.organiser if event.series_id and event.series.organiser_id else None
    if host is not None and host.is_public:
        co_organisers = [org for org in {*co_organisers, *organisers} if org.pk != host.pk]
        co_organisers.sort(key=lambda org: org.name)
        organisers = [host]
    public_ids = set(Organisation.objects.public().values_list("pk", flat=True))

    presentations: list[tuple[Organisation | None, dict]] = []
    seen: set[tuple[int | None, str]] = set()
    for item in event.agenda_items.prefetch_related("speaker_organisations"):
        for organisation in item.speaker_organisations.all():
            if organisation.pk in public_ids:
                presentations.append((organisation, item.title))
                seen.add((organisation.pk, pick_translation(item.title, "pl", ["pl", "en"])))
    note = _public_note(event)
    if note is not None:
        by_pk = Organisation.objects.in_bulk(
            [p["organisation"] for p in note.presentations if p.get("organisation")]
        )
        for presentation in note.presentations:
            organisation = by_pk.get(presentation.get("organisation"))
            if organisation is not None and organisation.pk not in public_ids:
                organisation = None
            key = (organisation.pk if organisation else None,
                   pick_translation(presentation["title"], "pl", ["pl", "en"]))
            if key not in seen:
                seen.add(key)
                presentations.append((organisation, presentation["title"]))

    # Who came, once the door was checked; who held a seat, if nobody was checked in.
    registrations = event.registrations.filter(status__in=Registration.HOLDING_A_SEAT)
    attended = registrations.filter(status=Registration.Status.ATTENDED)
    counted = attended if attended.exists() else registrations
    participating = len({
        name.strip().casefold()
        for name in counted.values_list("organisation_name", flat=True) if name.strip()
    })

    materials: list[tuple[str, str]] = []
    if note is not None:
        materials.append(("note", _absolute(note.get_absolute_url())))
    for board in _public_boards(event):
        materials.append(("board", _absolute(board.get_absolute_url())))
    if note is not None:
        for link in note.useful_links:
            materials.append((link.get("label") or link["url"], _absolute(link["url"])))

    next_events: list[Event] = []
    if event.series_id is not None:
        next_events = list(
            Event.objects.public().filter(series_id=event.series_id,
                                          starts_at__gt=event.starts_at)
            .exclude(status=Event.Status.CANCELLED).order_by("starts_at")[:4]
        )
    return _Facts(organisers, co_organisers, presentations, counted.count(), participating,
                  materials, next_events)


def _public_note(event: Event):
    try:
        from wspolnie.notes.models import Note
    except ImportError:  # pragma: no cover - the notes app is part of the product
        return None
    return Note.objects.public().filter(event=event).first()


def _public_boards(event: Event) -> list:
    from wspolnie.boards.models import Board

    return list(Board.objects.public().filter(event=event).order_by("pk"))


def _names(organisations: list[Organisation]) -> str:
    names = [org.name for org in organisations]
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _when(event: Event, language: str) -> str:
    start, end = event.local_start, event.local_end
    return _("%(date)s, %(start)s–%(end)s") % {
        # Inside a sentence: no weekday, which Polish would capitalise.
        "date": formats.date_format(start, "j E Y" if language == "pl" else "DATE_FORMAT"),
        "start": formats.time_format(start, "H:i"),
        "end": formats.time_format(end, "H:i"),
    }


def _text(event: Event, facts: _Facts, language: str) -> str:
    fallbacks = [language, settings.LANGUAGE_CODE, "en"]
    with translation.override(language):
        title = pick_translation(event.title, language, fallbacks) or event.slug
        if event.series_id is not None and event.number:
            series = pick_translation(event.series.title, language, fallbacks)
            opening = _("On %(when)s, the meeting no. %(number)s of the series “%(series)s” "
                        "took place: “%(title)s”.") % {
                "when": _when(event, language), "number": event.number, "series": series,
                "title": title}
        else:
            opening = _("On %(when)s, the meeting “%(title)s” took place.") % {
                "when": _when(event, language), "title": title}
        sentences = [opening]
        place = event.location_text()
        if event.format == Event.Format.ONLINE:
            sentences.append(_("It was held online."))
        elif event.format == Event.Format.HYBRID:
            sentences.append(_("It was held at %(place)s and online.") % {"place": place}
                             if place else _("It was held online."))
        elif place:
            sentences.append(_("It was held at %(place)s.") % {"place": place})
        paragraphs = [" ".join(sentences)]

        sentences = []
        if facts.organisers:
            sentences.append(_("Organised by %(organisers)s.") % {
                "organisers": _names(facts.organisers)})
        if facts.participants:
            took_part = ngettext("%(count)s person took part", "%(count)s people took part",
                                 facts.participants) % {"count": facts.participants}
            if facts.participating_organisations:
                took_part += " " + ngettext(
                    "from %(count)s organisation.", "from %(count)s organisations.",
                    facts.participating_organisations,
                ) % {"count": facts.participating_organisations}
            else:
                took_part += "."
            sentences.append(took_part)
        if sentences:
            paragraphs.append(" ".join(sentences))

        if facts.presentations:
            lines = [_("Presentations:")]
            for organisation, titles in facts.presentations:
                text = pick_translation(titles, language, fallbacks)
                lines.append(f"- {organisation.name}: {text}" if organisation else f"- {text}")
            paragraphs.append("\n".join(lines))

        thanks = []
        if facts.co_organisers:
            thanks.append(_("the co-organisers: %(names)s") % {
                "names": _names(facts.co_organisers)})
        if event.moderators:
            thanks.append(_("the moderators: %(names)s") % {"names": event.moderators})
        thanks.append(_("everyone who took part"))
        paragraphs.append(_("We thank %(whom)s.") % {"whom": "; ".join(thanks)})

        if facts.materials:
            lines = [_("What the meeting produced:")]
            for label, url in facts.materials:
                label = {"note": _("the note of the meeting"),
                         "board": _("the board of the meeting")}.get(label, label)
                lines.append(f"- {label}: {url}")
            paragraphs.append("\n".join(lines))

        if facts.next_events:
            now = timezone.now()
            lines = [_("Next dates of the series:")]
            for following in facts.next_events:
                line = (f"- {_when(following, language)}: "
                        f"{pick_translation(following.title, language, fallbacks)} — ")
                if following.registration_is_open:
                    line += _("registration: %(url)s") % {"url": _absolute(
                        reverse("meetings:register", kwargs={"slug": following.slug}))}
                elif following.starts_at > now:
                    line += _("save the date: %(url)s") % {
                        "url": _absolute(following.get_absolute_url())}
                else:
                    line += _absolute(following.get_absolute_url())
                lines.append(line)
            paragraphs.append("\n".join(lines))
        return "\n\n".join(paragraphs)
