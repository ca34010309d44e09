"""Declared partnerships: one organisation's admin proposes, the other's confirms (then it is a
tie) or declines; either side ends it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry
from wspolnie.network.models import NetworkState, Partnership, Tie, ordered_pair
from wspolnie.network.services import (
    do_answer_partnership,
    do_end_partnership,
    do_propose_partnership,
)

from .helpers import NetworkTestCase


class PartnershipServiceTest(NetworkTestCase):
    def partnership_tie(self):
        a, b = ordered_pair(self.org.pk, self.other_org.pk)
        return Tie.objects.filter(org_a_id=a, org_b_id=b, kind=Tie.Kind.PARTNERSHIP).first()

    def test_charlie_confirms_for_his_organisation_and_it_becomes_a_tie(self):
        partnership = do_propose_partnership(self.alice, self.org, self.other_org, "Dyżury")
        assert partnership.is_pending and self.partnership_tie() is None
        with pytest.raises(PermissionDenied):
            do_answer_partnership(self.alice, partnership, True)  # not her answer to give
        do_answer_partnership(self.charlie, partnership, True)
        partnership.refresh_from_db()
        assert partnership.is_confirmed
        assert self.partnership_tie() is not None
        assert NetworkState.get().requested  # the next sweep recomputes the graph
        assert AuditEntry.objects.filter(action="partnership.confirmed").exists()
        with pytest.raises(ValidationError):
            do_answer_partnership(self.charlie, partnership, False)
        do_end_partnership(self.alice, partnership)
        assert self.partnership_tie() is None

    def test_bob_a_member_cannot_propose_for_his_organisation(self):
        with pytest.raises(PermissionDenied):
            do_propose_partnership(self.bob, self.org, self.other_org)
        with pytest.raises(PermissionDenied):
            do_propose_partnership(self.charlie, self.org, self.other_org)

    def test_one_proposal_per_pair_and_only_between_approved_organisations(self):
        do_propose_partnership(self.alice, self.org, self.other_org)
        with pytest.raises(ValidationError):
            do_propose_partnership(self.charlie, self.other_org, self.org)
        with pytest.raises(ValidationError):
            do_propose_partnership(self.alice, self.org, self.pending)
        with pytest.raises(ValidationError):
            do_propose_partnership(self.alice, self.org, self.org)

    def test_a_declined_proposal_may_be_made_again(self):
        partnership = do_propose_partnership(self.alice, self.org, self.other_org)
        do_answer_partnership(self.charlie, partnership, False)
        again = do_propose_partnership(self.alice, self.org, self.other_org, "Jeszcze raz")
        assert again.pk == partnership.pk and again.is_pending


class PartnershipPagesTest(NetworkTestCase):
    def test_it_requires_login(self):
        response = self.client.get(reverse("network:partnerships"))
        assert response.status_code == 302

    def test_alice_proposes_and_charlie_confirms_on_the_page(self):
        self.login(self.alice)
        response = self.client.post(reverse("network:partnerships"), {
            "proposer": self.org.slug, "partner": self.other_org.slug,
            "description": "Wspólne dyżury"})
        assert response.status_code == 302
        partnership = Partnership.objects.get()
        self.login(self.charlie)
        page = self.client.get(reverse("network:partnerships")).content.decode()
        assert reverse("network:partnership_answer", args=[partnership.pk]) in page
        self.client.post(reverse("network:partnership_answer", args=[partnership.pk]),
                         {"answer": "confirm"})
        partnership.refresh_from_db()
        assert partnership.is_confirmed

    def test_it_rejects_other_orgs_admin(self):
        partnership = do_propose_partnership(self.alice, self.org, self.other_org)
        self.login(self.bob)  # a member of the proposer, not of the partner
        response = self.client.post(
            reverse("network:partnership_answer", args=[partnership.pk]), {"answer": "confirm"})
        assert response.status_code == 403
        assert self.client.post(reverse("network:partnerships"), {
            "proposer": self.org.slug, "partner": self.guest.slug}).status_code == 400
        assert Partnership.objects.get().is_pending

    def test_a_second_proposal_is_refused_with_a_message(self):
        do_propose_partnership(self.alice, self.org, self.other_org)
        self.login(self.charlie)
        response = self.client.post(reverse("network:partnerships"), {
            "proposer": self.other_org.slug, "partner": self.org.slug})
        assert response.status_code == 400
        assert html_tr("pl", "There is already a partnership with this organisation, or a "
                             "proposal waiting.") in response.content.decode()


class PartnershipApiTest(NetworkTestCase):
    def test_propose_confirm_and_end_through_the_api(self):
        self.login(self.alice)
        response = self.client.post("/api/network/partnerships", {
            "proposer": self.org.slug, "partner": self.other_org.slug,
            "description": "Dyżury"}, content_type="application/json")
        assert response.status_code == 201, response.content
        pk = response.json()["id"]
        refused = self.client.post(f"/api/network/partnerships/{pk}/answer",
                                   {"confirm": True}, content_type="application/json")
        assert refused.status_code == 403
        self.login(self.charlie)
        answer = self.client.post(f"/api/network/partnerships/{pk}/answer", {"confirm": True},
                                  content_type="application/json")
        assert answer.status_code == 200 and answer.json()["status"] == "confirmed"
        again = self.client.post(f"/api/network/partnerships/{pk}/answer", {"confirm": True},
                                 content_type="application/json")
        assert again.status_code == 422
        listed = self.client.get("/api/network/partnerships").json()
        assert [row["id"] for row in listed["items"]] == [pk]
        ended = self.client.post(f"/api/network/partnerships/{pk}/end")
        assert ended.json()["status"] == "ended"

    def test_bob_cannot_propose_and_strangers_do_not_see_it(self):
        self.login(self.bob)
        response = self.client.post("/api/network/partnerships", {
            "proposer": self.org.slug, "partner": self.other_org.slug},
            content_type="application/json")
        assert response.status_code == 403
        partnership = do_propose_partnership(self.alice, self.org, self.other_org)
        self.login(self.staff)
        assert self.client.get("/api/network/partnerships").json()["count"] == 1
        self.client.force_login(self.guest_admin())
        assert self.client.post(
            f"/api/network/partnerships/{partnership.pk}/answer", {"confirm": True},
            content_type="application/json").status_code == 404

    def guest_admin(self):
        from tests.base import make_user
        from wspolnie.organisations.models import Membership

        user = make_user("gosc-admin@example.org", "Gość Admin")
        Membership.objects.create(user=user, organisation=self.guest, role="admin")
        return user


class PartnerPickerTest(NetworkTestCase):
    """The partner is any approved organisation (issue #14): named, not picked from a select
    of the whole directory."""

    def test_the_partner_by_its_name_and_an_unknown_one_refused(self):
        from tests.search.helpers import rebuild

        rebuild()
        self.login(self.alice)
        page = self.client.get(reverse("network:partnerships")).content.decode()
        assert 'name="partner_name"' in page
        response = self.client.post(reverse("network:partnerships"), {
            "proposer": self.org.slug, "partner_name": "stowarzyszenie inne"})
        assert response.status_code == 302
        assert Partnership.objects.get().partner == self.other_org
        response = self.client.post(reverse("network:partnerships"), {
            "proposer": self.org.slug, "partner": "no-such-organisation"})
        assert response.status_code == 400
        assert "field-invalid" in response.content.decode()
