"""`wspolnie expire_needs` and its task: take expired items out of the search, once."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db.models.signals import post_save
from django.test import TransactionTestCase

from tests.base import make_personas
from tests.processes import child_environment, database_url_for_children, run_wspolnie
from wspolnie.core.models import AuditEntry
from wspolnie.needs.models import NeedOffer
from wspolnie.needs.tasks import expire_needs_task

from .helpers import days, make_item


class ExpireNeedsTestCase(TransactionTestCase):
    def setUp(self) -> None:
        make_personas(self)
        self.gone = make_item(self.org, "Minęło", expires_on=days(-1))
        self.current = make_item(self.org, "Aktualne")

    def test_the_command_re_saves_newly_expired_items_once(self):
        saved = []

        def on_save(sender, instance, **kwargs):
            saved.append(instance.pk)

        # The search re-indexes on save; documents_for() then gives [] for the expired item.
        post_save.connect(on_save, sender=NeedOffer)
        try:
            out = StringIO()
            call_command("expire_needs", stdout=out)
            self.assertIn("1", out.getvalue())
            self.assertEqual(saved, [self.gone.pk])

            call_command("expire_needs", stdout=StringIO())
            self.assertEqual(saved, [self.gone.pk])
        finally:
            post_save.disconnect(on_save, sender=NeedOffer)
        self.assertEqual(AuditEntry.objects.filter(action="need_offer.expired").count(), 1)

    def test_the_task_does_the_same(self):
        result = expire_needs_task.enqueue()
        self.assertEqual(result.return_value, 1)
        self.assertEqual(expire_needs_task.enqueue().return_value, 0)

    def test_the_real_command_runs(self):
        env = child_environment(DATABASE_URL=database_url_for_children())
        result = run_wspolnie("expire_needs", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("1", result.stdout)
        self.assertIsNotNone(NeedOffer.objects.get(pk=self.gone.pk).expiry_processed_at)
        self.assertIsNone(NeedOffer.objects.get(pk=self.current.pk).expiry_processed_at)
        result = run_wspolnie("expire_needs", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("0", result.stdout)
