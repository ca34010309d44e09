"""Staff pages for the vocabularies: index, list + add, rename, reorder."""

from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry
from wspolnie.directory.models import Community, District, Topic


class VocabularyIndexTestCase(BaseTestCase):
    url = reverse("directory:vocabularies")

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)

    def test_it_rejects_everyone_but_staff(self):
        for user in (self.bob, self.alice, self.charlie):
            self.login(user)
            response = self.client.get(self.url)
            self.assertContains(response, html_tr("pl", "Access denied"), status_code=403)

    def test_staff_see_the_three_vocabularies(self):
        Topic.objects.create(slug="education", names={"pl": "Edukacja"})
        self.login(self.staff)
        response = self.client.get(self.url)
        for name in ("topics", "communities", "districts"):
            self.assertContains(response, reverse(f"directory:{name}"))


class VocabularyListTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("directory:topics")
        self.education = Topic.objects.create(
            slug="education", names={"pl": "Edukacja", "uk": "Освіта"}, position=1
        )
        self.org.topics.set([self.education])

    def test_it_rejects_everyone_but_staff(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for user in (self.bob, self.alice, self.charlie):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            response = self.client.post(self.url, {"names_pl": "Zdrowie"})
            self.assertEqual(response.status_code, 403)
        self.assertEqual(Topic.objects.count(), 1)

    def test_it_shows_the_names_per_language_and_the_use(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, '<td lang="pl">Edukacja</td>', html=True)
        self.assertContains(response, '<td lang="uk">Освіта</td>', html=True)
        self.assertContains(response, html_tr("pl", "missing"))  # no English name
        self.assertContains(response, "<td>1</td>", html=True)  # used by one organisation

    def test_staff_add_a_term_with_separate_names_per_language(self):
        self.login(self.staff)
        response = self.client.post(
            self.url, {"names_pl": "Zdrowie", "names_en": "Health", "names_uk": "Здоров'я",
                       "slug": ""},
        )
        self.assertRedirects(response, self.url)
        health = Topic.objects.get(slug="zdrowie")
        self.assertEqual(health.names, {"pl": "Zdrowie", "en": "Health", "uk": "Здоров'я"})
        self.assertEqual(health.position, 2)
        entry = AuditEntry.objects.get(action="directory.topic_created")
        self.assertEqual(entry.actor, self.staff)

    def test_the_polish_name_is_required_and_slugs_are_unique(self):
        self.login(self.staff)
        response = self.client.post(self.url, {"names_en": "Health"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("names", response.context["form"].errors)
        response = self.client.post(self.url, {"names_pl": "Edukacja", "slug": "education"})
        self.assertIn("slug", response.context["form"].errors)
        self.assertEqual(Topic.objects.count(), 1)

    def test_communities_and_districts_have_the_same_page(self):
        self.login(self.staff)
        self.client.post(reverse("directory:communities"), {"names_pl": "Gruzińska"})
        self.client.post(reverse("directory:districts"), {"names_pl": "Nadodrze"})
        self.assertTrue(Community.objects.filter(slug="gruzinska").exists())
        self.assertTrue(District.objects.filter(slug="nadodrze").exists())


class TermEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.term = Topic.objects.create(slug="education", names={"pl": "Edukacja"})
        self.url = reverse("directory:topics_edit", args=[self.term.pk])

    def test_it_rejects_everyone_but_staff(self):
        for user in (self.bob, self.alice, self.charlie):
            self.login(user)
            response = self.client.post(self.url, {"names_pl": "Nauka"})
            self.assertEqual(response.status_code, 403)
        self.assertEqual(Topic.objects.get().names, {"pl": "Edukacja"})

    def test_staff_rename_per_language(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, 'value="Edukacja"')
        response = self.client.post(
            self.url, {"names_pl": "Edukacja", "names_en": "Education", "names_uk": "Освіта"}
        )
        self.assertRedirects(response, reverse("directory:topics"))
        self.assertEqual(Topic.objects.get().names,
                         {"pl": "Edukacja", "en": "Education", "uk": "Освіта"})
        self.assertEqual(Topic.objects.get().slug, "education")
        entry = AuditEntry.objects.get(action="directory.topic_renamed")
        self.assertEqual(entry.changes["names"][0], {"pl": "Edukacja"})

    def test_an_unknown_term_gives_404(self):
        self.login(self.staff)
        url = reverse("directory:topics_edit", args=[self.term.pk + 99])
        self.assertEqual(self.client.get(url).status_code, 404)


class TermMoveTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.a = Topic.objects.create(slug="a", names={"pl": "A"}, position=5)
        self.b = Topic.objects.create(slug="b", names={"pl": "B"}, position=5)
        self.c = Topic.objects.create(slug="c", names={"pl": "C"}, position=9)

    def order(self) -> list[str]:
        return list(Topic.objects.values_list("slug", flat=True))

    def move(self, term, direction):
        return self.client.post(reverse("directory:topics_move", args=[term.pk]),
                                {"direction": direction})

    def test_it_rejects_everyone_but_staff(self):
        for user in (self.bob, self.alice, self.charlie):
            self.login(user)
            self.assertEqual(self.move(self.c, "up").status_code, 403)
        self.assertEqual(self.order(), ["a", "b", "c"])

    def test_staff_move_terms_up_and_down(self):
        self.login(self.staff)
        response = self.move(self.c, "up")
        self.assertRedirects(response, reverse("directory:topics") + f"#term-{self.c.pk}",
                             fetch_redirect_response=False)
        self.assertEqual(self.order(), ["a", "c", "b"])
        self.move(self.a, "down")
        self.assertEqual(self.order(), ["c", "a", "b"])
        self.assertEqual(list(Topic.objects.values_list("position", flat=True)), [1, 2, 3])
        self.move(self.c, "up")  # already first: nothing happens
        self.move(self.b, "sideways")
        self.assertEqual(self.order(), ["c", "a", "b"])
        self.assertEqual(AuditEntry.objects.filter(action="directory.topic_moved").count(), 2)

    def test_it_needs_a_post(self):
        self.login(self.staff)
        url = reverse("directory:topics_move", args=[self.a.pk])
        self.assertEqual(self.client.get(url).status_code, 405)


class VocabularyAdminTestCase(BaseTestCase):
    def test_the_admin_has_one_input_per_language(self):
        from django.contrib.auth import get_user_model

        admin_user = get_user_model().objects.create_superuser(
            email="root@example.org", password="x", name="Root"
        )
        topic = Topic.objects.create(slug="education", names={"pl": "Edukacja"})
        self.client.force_login(admin_user)
        url = reverse("admin:directory_topic_change", args=[topic.pk])
        response = self.client.get(url)
        for code in ("pl", "en", "uk"):
            self.assertContains(response, f'name="names_{code}"')
        response = self.client.post(url, {"slug": "education", "names_pl": "Edukacja",
                                          "names_en": "Education", "names_uk": "",
                                          "position": "3"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Topic.objects.get().names, {"pl": "Edukacja", "en": "Education"})


class VocabularyOrderTestCase(BaseTestCase):
    def test_the_list_follows_the_order_whatever_the_ids(self):
        Topic.objects.create(slug="b", names={"pl": "Bbb"}, position=2)
        Topic.objects.create(slug="a", names={"pl": "Aaa"}, position=3)
        Topic.objects.create(slug="c", names={"pl": "Ccc"}, position=1)
        self.login(self.staff)
        html = self.client.get(reverse("directory:topics")).content.decode()
        self.assertLess(html.index("Ccc"), html.index("Bbb"))
        self.assertLess(html.index("Bbb"), html.index("Aaa"))
