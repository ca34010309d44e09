"""/api/announcements/: reading (drafts never leak), writing per persona, 4xx JSON."""

from __future__ import annotations

from django.core import mail

from tests.base import BaseTestCase
from wspolnie.accounts import services as account_services
from wspolnie.announcements.models import Announcement, AnnouncementTranslation

from .factories import approve, make_announcement, make_terms, translation, write

BASE = "/api/announcements"
T = AnnouncementTranslation.Status


class ApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.draft = make_announcement(self.org, title="Tajny szkic")
        self.published = make_announcement(self.org, title="Opublikowane", published=True)
        approve(self.published, "uk", "Опубліковане", "Текст")
        write(self.published, "en", "Published draft translation", "Not yet approved")

    def token(self, user) -> dict:
        raw = account_services.do_create_api_token(user, "test")[1]
        return {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, user=None, **params):
        headers = self.token(user) if user else {}
        return self.client.get(BASE + path, params, headers=headers)

    def send(self, method: str, path: str, user, data=None):
        headers = self.token(user) if user else {}
        return getattr(self.client, method)(BASE + path, data or {},
                                            content_type="application/json", headers=headers)


class ReadTests(ApiTestCase):
    def test_everybody_sees_published_ones_with_approved_versions_only(self):
        response = self.get("/")
        self.assertEqual(response.status_code, 200)
        [item] = response.json()["items"]
        self.assertEqual(item["title"], "Opublikowane")
        self.assertEqual([v["language"] for v in item["versions"]], ["pl", "uk"])
        self.assertNotIn("Not yet approved", response.content.decode())

    def test_drafts_are_404_for_anonymous_members_and_other_organisations(self):
        for user in (None, self.bob, self.charlie):
            self.assertEqual(self.get(f"/{self.draft.pk}", user).status_code, 404)
            self.assertEqual(self.get(f"/{self.draft.pk}/translations", user).status_code, 404)
        missing = self.get("/99999")
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(list(missing.json()), ["detail"])

    def test_unapproved_translations_stay_private(self):
        response = self.get(f"/{self.published.pk}/translations", self.charlie)
        self.assertEqual([t["language"] for t in response.json()], ["uk"])
        self.assertEqual(self.get(f"/{self.published.pk}/translations/en").status_code, 404)
        self.assertEqual(self.get(f"/{self.published.pk}/translations/uk").json()["title"],
                         "Опубліковане")
        managed = self.get(f"/{self.published.pk}/translations", self.alice).json()
        self.assertEqual([t["language"] for t in managed], ["en", "uk"])

    def test_mine_lists_what_the_token_user_manages(self):
        titles = [a["title"] for a in self.get("/", self.alice, mine="true").json()["items"]]
        self.assertEqual(sorted(titles), ["Opublikowane", "Tajny szkic"])
        self.assertEqual(self.get("/", self.charlie, mine="true").json()["items"], [])
        self.assertEqual(self.get("/", self.bob, mine="true").json()["items"], [])
        response = self.get("/", mine="true")
        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())

    def test_a_translator_reads_the_draft_and_their_language(self):
        write(self.draft, "uk", translator=self.bob)
        self.assertEqual(self.get(f"/{self.draft.pk}", self.bob).json()["title"], "Tajny szkic")
        self.assertEqual(self.get(f"/{self.draft.pk}/translations/uk", self.bob).status_code,
                         200)
        self.assertEqual(self.get(f"/{self.draft.pk}/translations/en", self.bob).status_code,
                         404)

    def test_a_wrong_token_is_401_not_anonymous(self):
        response = self.client.get(BASE + "/", headers={"Authorization": "Bearer wsp_nope"})
        self.assertEqual(response.status_code, 401)


class WriteTests(ApiTestCase):
    def payload(self, **overrides) -> dict:
        make_terms()
        data = {"organisation": self.org.slug, "title": "Z API", "body": "Treść",
                "languages": ["uk", "ka"], "topics": ["education"],
                "links": [{"url": "https://example.org", "label": "Strona"}]}
        data.update(overrides)
        return data

    def test_an_org_admin_creates_a_draft(self):
        response = self.send("post", "/", self.alice, self.payload())
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["status"], "draft")
        self.assertIsNone(body["url"])
        self.assertEqual(body["languages"], ["pl", "ka", "uk"])
        created = Announcement.objects.get(pk=body["id"])
        self.assertEqual(created.created_by, self.alice)

    def test_it_requires_authentication(self):
        response = self.send("post", "/", None, self.payload())
        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())

    def test_it_requires_org_admin(self):
        response = self.send("post", "/", self.bob, self.payload())
        self.assertEqual(response.status_code, 403)
        self.assertIn("detail", response.json())

    def test_it_rejects_other_orgs_admin(self):
        self.assertEqual(self.send("post", "/", self.charlie, self.payload()).status_code, 403)
        response = self.send("patch", f"/{self.draft.pk}", self.charlie, {"title": "Hack"})
        self.assertEqual(response.status_code, 404)
        response = self.send("patch", f"/{self.published.pk}", self.charlie, {"title": "Hack"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.send("post", f"/{self.published.pk}/withdraw",
                                   self.charlie).status_code, 403)

    def test_bad_input_is_422_json_by_field(self):
        response = self.send("post", "/", self.alice, self.payload(
            title="", languages=["not a code"], links=[{"url": "ftp://x", "label": "x"}],
            organisation="no-such-org"))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(set(response.json()["errors"]), {"organisation"})
        response = self.send("post", "/", self.alice, self.payload(
            title="", languages=["not a code"], links=[{"url": "ftp://x", "label": "x"}]))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(set(response.json()["errors"]), {"title", "languages", "links"})
        self.assertTrue(response.json()["detail"])
        response = self.send("post", "/", self.alice, {"title": 5, "body": ["x"]})
        self.assertEqual(response.status_code, 422)
        self.assertIn("detail", response.json())
        response = self.client.post(BASE + "/", "{not json", content_type="application/json",
                                    headers=self.token(self.alice))
        self.assertIn(response.status_code, (400, 422))
        self.assertEqual(Announcement.objects.count(), 2)

    def test_update_bumps_the_revision_and_publish(self):
        approve(self.draft, "uk")
        response = self.send("patch", f"/{self.draft.pk}", self.alice, {"body": "Nowa treść"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["source_revision"], 2)
        uk = self.get(f"/{self.draft.pk}/translations/uk", self.alice).json()
        self.assertTrue(uk["source_changed"])
        response = self.send("post", f"/{self.draft.pk}/publish", self.alice)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "published")
        self.assertEqual(self.get(f"/{self.draft.pk}").status_code, 200)

    def test_translation_workflow(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.send("put", f"/{self.draft.pk}/translations/uk/translator",
                                 self.alice, {"email": "bob@example.org"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["translator"], "Bob Member")
        self.assertEqual(len(mail.outbox), 1)
        response = self.send("put", f"/{self.draft.pk}/translations/uk", self.bob,
                             {"title": "Заголовок", "body": "Текст", "submit_for_review": True})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "needs_review")
        # The translator may not approve their own work, nor edit another language.
        self.assertEqual(self.send("post", f"/{self.draft.pk}/translations/uk/approve",
                                   self.bob).status_code, 403)
        self.assertEqual(self.send("put", f"/{self.draft.pk}/translations/en", self.bob,
                                   {"title": "x"}).status_code, 404)
        response = self.send("post", f"/{self.draft.pk}/translations/uk/approve", self.alice)
        self.assertEqual(response.json()["status"], "approved")

    def test_approving_a_stale_or_empty_translation_is_409(self):
        response = self.send("post", f"/{self.draft.pk}/translations/uk/approve", self.alice)
        self.assertEqual(response.status_code, 409)
        write(self.draft, "uk", status=T.NEEDS_REVIEW)
        Announcement.objects.filter(pk=self.draft.pk).update(source_revision=3)
        response = self.send("post", f"/{self.draft.pk}/translations/uk/approve", self.alice)
        self.assertEqual(response.status_code, 409)
        self.assertTrue(response.json()["detail"])
        self.assertEqual(translation(self.draft, "uk").status, T.NEEDS_REVIEW)

    def test_assigning_someone_outside_the_network_is_422(self):
        response = self.send("put", f"/{self.draft.pk}/translations/uk/translator",
                             self.alice, {"email": "nobody@example.org"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("email", response.json()["errors"])

    def test_an_empty_translation_title_is_422(self):
        response = self.send("put", f"/{self.draft.pk}/translations/uk", self.alice,
                             {"title": "  ", "body": "x"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("title", response.json()["errors"])
