"""channels/demo.py: the channels the demo organisations name, idempotent, with gaps."""

from __future__ import annotations

import io
import re

from django.test import TestCase

from wspolnie.channels import demo
from wspolnie.channels.models import Channel
from wspolnie.channels.selectors import channels_reaching, coverage_gaps
from wspolnie.core.demo import DEMO_ORGANISATIONS
from wspolnie.directory import demo as directory_demo
from wspolnie.organisations.models import Organisation


class ChannelDemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        for values in DEMO_ORGANISATIONS:
            Organisation.objects.update_or_create(
                slug=values["slug"],
                defaults={**{k: v for k, v in values.items() if k != "slug"},
                          "status": Organisation.Status.APPROVED},
            )
        directory_demo.load()
        demo.load(io.StringIO())

    def test_it_seeds_the_channels_the_organisations_name(self):
        owners = dict(Channel.objects.values_list("name", "organisation__slug"))
        expected = {
            "Wielokultury Wrocław — strona": "wcrs-dialog-miedzykulturowy",
            "Wielokultury Wrocław — profil na Facebooku": "wcrs-dialog-miedzykulturowy",
            "Portal wroclaw.pl": "umw-partycypacja",
            "Biuletyn miejski Wrocław.pl": "umw-partycypacja",
            "Wrocław Rozmawia": "umw-partycypacja",
            "Serwis wro-ngo.pl": "fundacja-umbrella",
            "Grupa wro-ngo na Facebooku": "fundacja-umbrella",
            "Newsletter Centrum Sektor3": "fundacja-umbrella",
            "Portal kulturalny cowewro.pl": "wik",
            "Fundacja Ukraina — kanał na Telegramie": "fundacja-ukraina",
        }
        for name, owner in expected.items():
            self.assertEqual(owners.get(name), owner, name)
        boards = Channel.objects.filter(organisation__slug="siec-cal", kind="notice_board")
        self.assertGreaterEqual(boards.count(), 3)
        for board in boards:
            self.assertEqual(board.mode, "offline")
            self.assertFalse(board.citywide)
            self.assertEqual(board.districts.count(), 1)

    def test_it_is_idempotent(self):
        before = Channel.objects.count()
        demo.load(None)
        self.assertEqual(Channel.objects.count(), before)

    def test_opinion_leaders_are_offline_staff_only_and_nameless(self):
        leaders = Channel.objects.filter(kind="opinion_leader")
        self.assertGreaterEqual(leaders.count(), 2)
        for leader in leaders:
            self.assertEqual(leader.mode, "offline")
            self.assertEqual(leader.contact_visibility, "staff")
            # Described by a role ("Liderka/Lider społeczności …"), not a person's name.
            self.assertRegex(leader.name, r"^Lider(ka)? społeczności ")
            self.assertFalse(re.search(r"\d{3}[ -]?\d{3}[ -]?\d{3}", leader.contact_note))

    def test_every_channel_is_valid(self):
        for channel in Channel.objects.all():
            channel.full_clean()
            self.assertTrue(channel.languages.exists(), channel.name)

    def test_some_communities_stay_uncovered(self):
        gaps = coverage_gaps(["georgian", "ukrainian", "vietnamese", "roma"],
                             ["ka", "uk", "vi", "rom"])
        self.assertEqual([c.slug for c in gaps["communities"]], ["vietnamese", "roma"])
        self.assertEqual([la.code for la in gaps["languages"]], ["vi", "rom"])
        ranked = list(channels_reaching(["georgian"], ["ka"], ["nadodrze"]))
        self.assertEqual(ranked[0].name, "Liderka społeczności gruzińskiej (Nadodrze)")
