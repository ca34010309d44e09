"""Who sees what: anonymous visitors only aggregates; members of the hub the ties among
approved organisations; staff also suggestions. No person in any graph data or export."""

from __future__ import annotations

from django.urls import reverse

from tests.base import make_user
from tests.helpers import html_tr

from .helpers import REGISTRANT_EMAIL, REGISTRANT_NAME, NetworkTestCase

MEMBER_PAGES = ["network:organisations", "network:ties"]
EXPORTS = ["csv", "graphml", "gexf"]


class GraphPageTest(NetworkTestCase):
    def test_anonymous_visitors_see_only_the_numbers(self):
        response = self.client.get(reverse("network:graph"))
        assert response.status_code == 200
        body = response.content.decode()
        assert 'id="summary-heading"' in body
        assert "network-graph" not in body
        assert self.guest.name not in body
        assert "graph.js" not in body

    def test_a_signed_in_person_of_no_organisation_sees_only_the_numbers(self):
        self.client.force_login(make_user("nikt@example.org", "Nikt"))
        body = self.client.get(reverse("network:graph")).content.decode()
        assert "network-graph" not in body

    def test_members_see_the_drawing_the_changes_and_the_downloads(self):
        self.login(self.bob)
        response = self.client.get(reverse("network:graph"),
                                   {"since": "2023-01-01", "until": "2023-12-31"})
        body = response.content.decode()
        assert 'id="network-graph"' in body
        assert reverse("network:export", args=["gexf"]) in body
        assert self.guest.name in body  # a new tie of 2023
        assert reverse("network:suggestions") not in body  # staff only

    def test_an_invalid_period_is_said_and_ignored(self):
        self.login(self.bob)
        response = self.client.get(reverse("network:graph"),
                                   {"since": "2023-12-31", "until": "2023-01-01"})
        assert response.status_code == 200
        assert html_tr("pl", "The end of the period must not be before its start.") in (
            response.content.decode())


class MemberPagesTest(NetworkTestCase):
    def test_it_requires_login(self):
        for name in MEMBER_PAGES:
            response = self.client.get(reverse(name))
            assert response.status_code == 302
            assert reverse("accounts:login") in response["Location"]
        for file_format in EXPORTS:
            assert self.client.get(reverse("network:export", args=[file_format])).status_code == 302

    def test_it_rejects_a_person_of_no_organisation(self):
        self.client.force_login(make_user("nikt@example.org", "Nikt"))
        for name in MEMBER_PAGES:
            assert self.client.get(reverse(name)).status_code == 403
        assert self.client.get(reverse("network:graph_json")).status_code == 403

    def test_members_see_the_tables_sorted_as_asked(self):
        self.login(self.bob)
        response = self.client.get(reverse("network:organisations"), {"sort": "name"})
        names = [m.organisation.name for m in response.context["page"].object_list]
        assert names == sorted(names)
        assert self.pending.name not in response.content.decode()
        assert 'aria-sort="ascending"' in response.content.decode()
        isolated = self.client.get(reverse("network:organisations"), {"only": "isolated"})
        assert [m.organisation for m in isolated.context["page"].object_list] == [self.loner]
        ties = self.client.get(reverse("network:ties"), {"kind": "board"})
        assert [t.kind for t in ties.context["page"].object_list] == ["board"]
        assert self.pending.name not in ties.content.decode()

    def test_the_graph_json_holds_organisations_and_their_ties_only(self):
        self.login(self.charlie)
        data = self.client.get(reverse("network:graph_json")).json()
        assert {node["label"] for node in data["nodes"]} == {
            "Fundacja Testowa", "Stowarzyszenie Inne", "Fundacja Prezenterzy",
            "Stowarzyszenie Mówcy", "Klub Goście", "Grupa Pisząca", "Dom Samotnia"}
        assert len(data["edges"]) == 5
        node = next(node for node in data["nodes"] if node["id"] == self.guest.pk)
        assert node["url"] == self.guest.get_absolute_url()
        narrowed = self.client.get(reverse("network:graph_json"), {"kind": "co_presenting"})
        assert {n["id"] for n in narrowed.json()["nodes"]} == {self.presenter.pk, self.speaker.pk}
        limited = self.client.get(reverse("network:graph_json"), {"limit": "2"}).json()
        assert limited["shown"] == 2 and limited["limited"] is True
        bad = self.client.get(reverse("network:graph_json"), {"since": "never"})
        assert bad.status_code == 400 and "detail" in bad.json()

    def test_no_person_appears_in_the_data_or_the_exports(self):
        self.login(self.staff)
        answers = [self.client.get(reverse("network:graph_json")),
                   self.client.get(reverse("network:organisations")),
                   self.client.get(reverse("network:ties")),
                   self.client.get(reverse("network:suggestions")),
                   self.client.get("/api/network/ties"),
                   self.client.get("/api/network/organisations"),
                   self.client.get("/api/network/suggestions")]
        answers += [self.client.get(reverse("network:export", args=[f])) for f in EXPORTS]
        for response in answers:
            assert response.status_code == 200
            body = response.content.decode("utf-8-sig")
            for secret in (REGISTRANT_NAME, REGISTRANT_EMAIL, "gosc@example.org", "Jan Kowalski",
                           self.alice.email, self.alice.name):
                assert secret not in body, (response.request["PATH_INFO"], secret)

    def test_the_exports_open_in_gephi_and_spreadsheets(self):
        self.login(self.bob)
        csv = self.client.get(reverse("network:export", args=["csv"]))
        assert csv["Content-Type"].startswith("text/csv")
        lines = csv.content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("organisation_a,organisation_a_slug")
        assert len(lines) == 6
        graphml = self.client.get(reverse("network:export", args=["graphml"]))
        assert b"<graphml" in graphml.content and b"Klub Go" in graphml.content
        gexf = self.client.get(reverse("network:export", args=["gexf"]), {"kind": "board"})
        assert b"<gexf" in gexf.content
        assert gexf.content.count(b"<edge ") == 1
        assert "attachment" in gexf["Content-Disposition"]


class ApiPrivacyTest(NetworkTestCase):
    def test_anyone_gets_the_summary(self):
        data = self.client.get("/api/network/summary").json()
        assert data["organisations"] == 7 and data["isolated"] == 1
        assert "nodes" not in data

    def test_anonymous_callers_get_401_and_people_of_no_organisation_403(self):
        for path in ("/api/network/ties", "/api/network/organisations",
                     f"/api/network/organisations/{self.org.slug}", "/api/network/suggestions"):
            assert self.client.get(path).status_code == 401
        self.client.force_login(make_user("nikt@example.org", "Nikt"))
        for path in ("/api/network/ties", "/api/network/organisations"):
            response = self.client.get(path)
            assert response.status_code == 403 and "detail" in response.json()

    def test_members_get_metrics_and_ties_but_not_suggestions(self):
        self.login(self.bob)
        one = self.client.get(f"/api/network/organisations/{self.org.slug}").json()
        assert one["degree"] == 3 and one["name"] == "Fundacja Testowa"
        assert self.client.get(f"/api/network/organisations/{self.pending.slug}").status_code == 404
        isolated = self.client.get("/api/network/organisations", {"only": "isolated"}).json()
        assert [row["organisation"] for row in isolated["items"]] == [self.loner.slug]
        ties = self.client.get("/api/network/ties", {"kind": "distribution"}).json()
        assert ties["count"] == 1
        assert {ties["items"][0]["organisation_a"], ties["items"][0]["organisation_b"]} == {
            self.other_org.slug, self.guest.slug}
        assert self.client.get("/api/network/suggestions").status_code == 403
