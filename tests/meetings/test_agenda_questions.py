"""Organisers edit the agenda and the registration questions."""

from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from wspolnie.core.models import AuditEntry
from wspolnie.meetings.models import AgendaItem, Question

from .factories import make_event, register


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


class AgendaTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.event = make_event(self.org)
        self.url = reverse("meetings:agenda", kwargs={"slug": self.event.slug})

    def test_it_requires_the_events_organisers(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for persona in (self.bob, self.charlie):
            self.login(persona)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.post(self.url, management("agenda", 0)).status_code,
                             403)

    def test_org_admin_writes_the_agenda(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        response = self.client.post(self.url, {
            **management("agenda", 3),
            "agenda-0-time": "10:00", "agenda-0-title_pl": "Powitanie",
            "agenda-0-title_en": "Welcome", "agenda-0-speakers": "Ola",
            "agenda-0-speaker_organisations": [self.org.pk],
            "agenda-1-time": "10:30", "agenda-1-title_pl": "Stoliki",
        })
        self.assertRedirects(response, reverse("meetings:manage",
                                               kwargs={"slug": self.event.slug}))
        items = list(self.event.agenda_items.all())
        self.assertEqual([item.title["pl"] for item in items], ["Powitanie", "Stoliki"])
        self.assertEqual(list(items[0].speaker_organisations.all()), [self.org])
        self.assertTrue(AuditEntry.objects.filter(action="meetings.agenda_saved").exists())
        page = self.client.get(self.event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, "Welcome")

    def test_an_item_without_a_polish_title_is_refused(self):
        self.login(self.alice)
        response = self.client.post(self.url, {**management("agenda", 1),
                                               "agenda-0-title_en": "Only English"})
        self.assertEqual(response.status_code, 422)
        self.assertFalse(AgendaItem.objects.exists())


class QuestionsTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.event = make_event(self.org)
        self.url = reverse("meetings:questions", kwargs={"slug": self.event.slug})

    def test_it_requires_the_events_organisers(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for persona in (self.bob, self.charlie):
            self.login(persona)
            self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_org_admin_defines_questions_that_appear_on_the_form(self):
        self.login(self.staff)
        response = self.client.post(self.url, {
            **management("questions", 2),
            "questions-0-label_pl": "Dieta", "questions-0-label_en": "Diet",
            "questions-0-kind": "multiple", "questions-0-required": "on",
            "questions-0-choices_text": "wegańska | vegan | веганська\nhalal | halal",
            "questions-1-label_pl": "Potrzeby dostępności", "questions-1-kind": "text",
        })
        self.assertRedirects(response, reverse("meetings:manage",
                                               kwargs={"slug": self.event.slug}))
        diet, access = self.event.questions.all()
        self.assertEqual(diet.choices, [
            {"value": "weganska", "label": {"pl": "wegańska", "en": "vegan", "uk": "веганська"}},
            {"value": "halal", "label": {"pl": "halal", "en": "halal"}},
        ])
        self.assertTrue(diet.required)
        form = self.client.get(reverse("meetings:register", kwargs={"slug": self.event.slug}),
                               HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(form, "Diet")
        self.assertContains(form, "vegan")

    def test_renaming_a_choice_keeps_the_answers_and_deleting_works(self):
        question = Question.objects.create(
            event=self.event, kind="choice", label={"pl": "Tłumaczenie"},
            choices=[{"value": "uk", "label": {"pl": "ukraiński"}},
                     {"value": "en", "label": {"pl": "angielski"}}])
        other = Question.objects.create(event=self.event, kind="text", label={"pl": "Inne"})
        register(self.event, "a@example.org", answers={str(question.pk): "uk"})
        self.login(self.alice)
        self.client.post(self.url, {
            **management("questions", 3, initial=2),
            "questions-0-id": question.pk, "questions-0-label_pl": "Tłumaczenie",
            "questions-0-kind": "choice",
            "questions-0-choices_text": "ukraiński | Ukrainian\nangielski | English",
            "questions-1-id": other.pk, "questions-1-label_pl": "Inne",
            "questions-1-kind": "text", "questions-1-DELETE": "on",
        })
        question.refresh_from_db()
        self.assertEqual([c["value"] for c in question.choices], ["uk", "en"])
        self.assertEqual(question.choices[0]["label"]["en"], "Ukrainian")
        self.assertFalse(Question.objects.filter(pk=other.pk).exists())

    def test_a_choice_question_needs_two_choices(self):
        self.login(self.alice)
        response = self.client.post(self.url, {
            **management("questions", 1), "questions-0-label_pl": "Wybór",
            "questions-0-kind": "choice", "questions-0-choices_text": "jedna"},
            HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Give at least two choices, one per line.",
                            status_code=422)
        self.assertFalse(Question.objects.exists())
