import json
import pytest
from .axe import AXE_JS
from .helpers import log_in

pytestmark = pytest.mark.browser

URLS = ["/", "/organisations/", "/accounts/login/", "/accounts/sign-up/", "/organisations/fundacja-testowa/",
        "/organisations/fundacja-testowa/edit/", "/organisations/fundacja-testowa/history/", "/accounts/profile/",
        "/nope/", "/accounts/password-reset/"]

def test_explore(page, personas):
    log_in(page, "alice@example.org")
    out = {}
    for url in URLS:
        page.goto(url)
        page.add_script_tag(path=AXE_JS)
        r = page.evaluate("async () => { const r = await axe.run(); return {v: r.violations.map(v => [v.id, v.impact, v.nodes.map(n=>n.target.join(' '))]), i: r.incomplete.map(v => [v.id, v.impact, v.nodes.map(n=>n.target.join(' '))])}; }")
        out[url] = r
    page.tracker_ok = True
    open("/tmp/explore/out.json", "w").write(json.dumps(out, indent=1))
    page._a11y_tracker.checked = set(range(len(page._a11y_tracker.loaded)))
