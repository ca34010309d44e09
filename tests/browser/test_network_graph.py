"""The network page in the browser: a member sees the drawing, clicks an organisation and gets
the link to its profile; axe finds nothing at 1280 and at 390 pixels (also the tables)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.network.helpers import make_organisation
from wspolnie.network.services import (
    do_answer_partnership,
    do_propose_partnership,
    rebuild_network,
)

from .axe import check_a11y, visit
from .helpers import log_in_quickly, tr

pytestmark = pytest.mark.browser


def click_node(page: Page, organisation_id: int) -> None:
    """Click where the node is drawn, once the drawing has settled: the layout and the fit to
    the box may still move it after "ready" on a busy machine (a click beside it selected
    nothing)."""
    read = "id => networkGraph.getElementById('n' + id).renderedPosition()"
    position = page.evaluate(read, organisation_id)
    for _attempt in range(20):
        page.wait_for_timeout(100)
        settled = page.evaluate(read, organisation_id)
        if settled == position:
            break
        position = settled
    box = page.locator("#network-graph").bounding_box()
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])


@pytest.mark.parametrize("width", [1280, 390])
def test_a_member_clicks_an_organisation_in_the_graph(new_page, personas, live_server, width,
                                                      artifacts_dir):
    guest = make_organisation("goscie", "Klub Goście")
    for partner in (personas.other_org, guest):
        partnership = do_propose_partnership(personas.alice, personas.org, partner)
        do_answer_partnership(personas.staff, partnership, True)
    rebuild_network()
    page = new_page(viewport={"width": width, "height": 900})
    log_in_quickly(page, personas.bob, live_server)

    visit(page, "/network/")
    graph = page.locator("#network-graph")
    expect(graph).to_have_attribute("data-ready", "true")
    expect(page.locator("#network-shown")).to_have_text("3 / 3")
    graph.scroll_into_view_if_needed()
    click_node(page, guest.pk)
    profile = page.get_by_role("link", name=tr("pl", "Open the profile"))
    expect(profile).to_have_attribute("href", guest.get_absolute_url())
    expect(page.locator("#network-node")).to_contain_text("Klub Goście")
    check_a11y(page)
    page.screenshot(path=artifacts_dir / f"network-graph-{width}.png", full_page=True)

    visit(page, "/network/organisations/?sort=name")
    expect(page.locator("#network-organisations tbody tr")).to_have_count(3)
    page.screenshot(path=artifacts_dir / f"network-organisations-{width}.png", full_page=True)
