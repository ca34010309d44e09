"""Staff merge a topic into another from the vocabulary page, after seeing what uses it; the
delete and merge pages pass axe at desktop and phone widths."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.newsletter.factories import make_subscriber
from wspolnie.directory.models import Topic

from .axe import follow, visit
from .helpers import log_in_quickly, tr

PHONE = {"width": 390, "height": 844}


def test_staff_merge_a_topic_after_seeing_what_uses_it(new_page, personas, live_server,
                                                        artifacts_dir):
    legal = Topic.objects.create(slug="legal", names={"pl": "Porady prawne"}, position=1)
    law = Topic.objects.create(slug="law", names={"pl": "Prawo i urzędy"}, position=2)
    personas.org.topics.set([legal])
    personas.other_org.topics.set([legal, law])
    make_subscriber("czytelnik@example.org", topics=[legal])

    for name, viewport in (("1280", None), ("390", PHONE)):
        page: Page = new_page(viewport=viewport)
        log_in_quickly(page, personas.staff, live_server)
        visit(page, f"/directory/vocabularies/topics/{legal.pk}/delete/")
        expect(page.get_by_role("link", name="Fundacja Testowa")).to_be_visible()
        page.screenshot(path=artifacts_dir / f"vocabulary-delete-{name}.png", full_page=True)
        visit(page, f"/directory/vocabularies/topics/{legal.pk}/merge/")
        page.screenshot(path=artifacts_dir / f"vocabulary-merge-{name}.png", full_page=True)

    page.get_by_label(tr("pl", "Merge into")).select_option(label="Prawo i urzędy (law)")
    follow(page, page.get_by_role("button", name=tr("pl", "Merge"), exact=True))
    expect(page.get_by_text("Połączono „Porady prawne” z „Prawo i urzędy”.")).to_be_visible()
    assert list(personas.org.topics.all()) == [law]
    assert not Topic.objects.filter(pk=legal.pk).exists()
