"""channels/search_index.py: active channels of approved organisations, public text only."""

from __future__ import annotations

from tests.base import BaseTestCase
from wspolnie.channels import search_index, services
from wspolnie.organisations.models import Organisation

from .helpers import MEMBERS_NOTE, PUBLIC_NOTE, STAFF_NOTE, make_channel, make_vocabulary


class ChannelSearchIndexTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary()
        cls.leader = make_channel(
            cls.org, "Liderka społeczności gruzińskiej (Nadodrze)", kind="opinion_leader",
            languages=["ka"], communities=["georgian"], districts=["nadodrze"],
            description={"pl": "Przekazuje wieści rodzinom.", "uk": "Передає новини родинам."},
            submission_how={"pl": "Przez zespół dialogu."}, contact_note=STAFF_NOTE,
        )
        cls.telegram = make_channel(cls.org, "Telegram UA", kind="telegram", languages=["uk"],
                                    contact_note=MEMBERS_NOTE, contact_visibility="members")
        cls.portal = make_channel(cls.other_org, "Portal", contact_note=PUBLIC_NOTE,
                                  contact_visibility="public")

    def test_a_channel_document_holds_its_public_text(self):
        [document] = search_index.documents_for(self.leader)
        self.assertEqual(document.key, f"channels.channel:{self.leader.pk}")
        self.assertEqual(document.kind, "channel")
        self.assertEqual(document.title, "Liderka społeczności gruzińskiej (Nadodrze)")
        self.assertEqual(document.url, f"/channels/{self.leader.pk}/")
        self.assertEqual(document.organisation_id, self.org.pk)
        self.assertIn("Przekazuje wieści rodzinom.", document.body)
        self.assertIn("Передає новини родинам.", document.body)
        self.assertIn("Przez zespół dialogu.", document.body)
        for word in ("Gruzińska", "Georgian", "Nadodrze", "ქართული", "Fundacja Testowa"):
            self.assertIn(word, document.keywords)

    def test_contact_notes_only_when_public(self):
        everything = " ".join(
            f"{d.title} {d.body} {d.keywords} {d.extra}" for d in search_index.all_documents()
        )
        self.assertNotIn(STAFF_NOTE, everything)
        self.assertNotIn(MEMBERS_NOTE, everything)
        self.assertIn(PUBLIC_NOTE, everything)

    def test_inactive_channels_and_unapproved_organisations_are_not_indexed(self):
        self.telegram.active = False
        self.telegram.save()
        self.assertEqual(search_index.documents_for(self.telegram), [])
        Organisation.objects.filter(pk=self.other_org.pk).update(status="pending")
        self.assertEqual(search_index.documents_for(self.portal), [])
        self.assertEqual(
            [d.title for d in search_index.all_documents()],
            ["Liderka społeczności gruzińskiej (Nadodrze)"],
        )
        self.assertEqual(search_index.documents_for_organisation(self.other_org), [])
        self.assertEqual(len(search_index.documents_for_organisation(self.org)), 1)

    def test_a_new_channel_is_found_by_the_site_search(self):
        with self.captureOnCommitCallbacks(execute=True):
            channel = services.do_create_channel(
                self.alice, self.org, name="Grupa rodziców na Viberze", kind="viber_group",
                description={"pl": "Ogłoszenia dla rodziców z Kozanowa."},
                contact_note=STAFF_NOTE, contact_visibility="staff",
            )
        response = self.client.get("/search/", {"q": "Kozanowa rodziców"})
        self.assertContains(response, f"/channels/{channel.pk}/")
        self.assertNotContains(response, STAFF_NOTE)
        with self.captureOnCommitCallbacks(execute=True):
            services.do_set_channel_active(self.alice, channel, False)
        response = self.client.get("/search/", {"q": "Kozanowa rodziców"})
        self.assertNotContains(response, f"/channels/{channel.pk}/")
