# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.crm_next_action.tests.common import NextActionCase
from odoo.addons.crm_relationship_privacy.tests.common import PurposesMixin


@tagged("post_install", "-at_install", "crm_next_action_privacy")
class TestProposalConsent(PurposesMixin, NextActionCase):
    """The daily contact proposals follow the consent to marketing calls."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_purposes()
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        # four customers whose contact is overdue
        cls.fine = cls._overdue("Fine Customer")
        cls.no_calls = cls._overdue("No Calls")
        cls._consent(cls.no_calls, cls.calls, False)
        cls.no_emails = cls._overdue("No E-mails")
        cls._consent(cls.no_emails, cls.emails, False)
        cls.company_refused = cls._overdue("Refusing Company Ltd")
        cls.employee = cls.env["res.partner"].create(
            {"name": "Employee", "parent_id": cls.company_refused.id}
        )
        cls._consent(cls.employee, cls.calls, True)
        cls._consent(cls.company_refused, cls.calls, False)

    @classmethod
    def _overdue(cls, name):
        partner = cls._customer(name)
        cls._history(partner, [100, 130, 160])
        return partner

    def _proposed(self):
        self.NextAction.sudo()._recompute(self.company)
        self.NextAction.sudo()._propose_contacts(self.company)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("activity_type_id", "=", self.call.id)]
        )
        return self.env["res.partner"].browse(activities.mapped("res_id"))

    def test_no_proposed_call_to_who_refused_marketing_calls(self):
        self.assertEqual(self._proposed(), self.fine | self.no_emails)
        # their cadence and next best action are still there
        self.assertTrue(self._row(self.no_calls).next_contact_date)

    def test_calls_that_need_an_explicit_consent(self):
        self.calls.default_consent = False
        self._consent(self.fine, self.calls, True)
        self.assertEqual(self._proposed(), self.fine)

    def test_a_withdrawn_refusal_proposes_again(self):
        self.no_calls.privacy_consent_ids.filtered(
            lambda consent: consent.activity_id == self.calls
        ).accepted = True
        self.assertIn(self.no_calls, self._proposed())
