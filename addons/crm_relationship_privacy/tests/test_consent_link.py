# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import PurposesMixin


@tagged("post_install", "-at_install", "crm_relationship_privacy")
class TestConsentLink(PurposesMixin, HttpCase):
    """The customer answers through the link of privacy_consent's e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_purposes()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Link Customer", "email": "link@example.com"}
        )

    def test_the_customer_objects_through_the_link(self):
        consent = self._consent(self.customer, self.profiling, accepted=True)
        self.assertEqual(consent.crm_source, "form")
        response = self.url_open(consent._url(False))
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertFalse(consent.accepted)
        self.assertEqual(consent.crm_source, "link")
        self.assertFalse(consent.crm_recorded_by_id, "the customer, nobody else")
        self.assertIn("User agent", consent.last_metadata)
        self.assertTrue(self.customer.profiling_objection)

    def test_a_forged_link_changes_nothing(self):
        consent = self._consent(self.customer, self.calls, accepted=True)
        url = consent._url(False).replace(consent._token(), "0" * 128)
        self.assertEqual(self.url_open(url).status_code, 404)
        self.env.invalidate_all()
        self.assertTrue(consent.accepted)
        self.assertEqual(consent.crm_source, "form")
