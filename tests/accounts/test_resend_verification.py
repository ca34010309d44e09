from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.base import BaseTestCase
from wspolnie.accounts.services import do_sign_up


class ResendVerificationTestCase(BaseTestCase):
    url = reverse("accounts:resend_verification")

    def _sign_up(self):
        with self.captureOnCommitCallbacks(execute=True):
            return do_sign_up(
                email="new@example.org", name="Nowa", password="x", preferred_language="uk"
            )

    def test_it_mails_a_new_link_to_an_unverified_account(self):
        from django.core import mail

        self._sign_up()
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {"email": "NEW@example.org"})
        self.assertRedirects(response, reverse("accounts:sign_up_done"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["new@example.org"])
        self.assertIn("/accounts/verify/", mail.outbox[0].body)

    def test_it_answers_the_same_for_unknown_and_verified_addresses(self):
        from django.core import mail

        for email in ["nobody@example.org", self.alice.email]:
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(self.url, {"email": email})
            self.assertRedirects(response, reverse("accounts:sign_up_done"))
        self.assertEqual(mail.outbox, [])

    def test_it_rejects_a_malformed_address_with_a_message(self):
        response = self.client.post(
            self.url, {"email": "not-an-address"}, HTTP_ACCEPT_LANGUAGE="en"
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Enter a valid e-mail address.")  # docs/GLOSSARY.md

    def test_the_login_page_links_to_it(self):
        response = self.client.get(reverse("accounts:login"))
        self.assertContains(response, self.url)
        self.assertFalse(get_user_model().objects.filter(email="new@example.org").exists())
