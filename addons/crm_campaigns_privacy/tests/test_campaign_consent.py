# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval

from odoo.tests import tagged

from odoo.addons.crm_campaigns.tests.common import CampaignCase
from odoo.addons.crm_relationship_privacy.tests.common import PurposesMixin


@tagged("post_install", "-at_install", "crm_campaigns_privacy")
class TestCampaignConsent(PurposesMixin, CampaignCase):
    """Campaign e-mails and marketing calls follow the consent per purpose."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_purposes()
        cls.fine = cls._customer("Fine Customer")
        cls.no_calls = cls._customer("No Calls")
        cls._consent(cls.no_calls, cls.calls, False)
        cls.nothing = cls._customer("Nothing At All")
        cls._consent(cls.nothing, cls.calls, False)
        cls._consent(cls.nothing, cls.emails, False)
        # an e-mail and a call, both at the start
        cls.campaign = cls._campaign([cls._mail_step(), cls._call_step()])

    def _run(self):
        self.campaign.start_automation()
        self._run_steps()
        return {r.partner_id: r for r in self._records(self.campaign)}

    def _called(self):
        activities = self._activities(self.campaign)
        return self.env["res.partner"].browse(activities.mapped("res_id"))

    def test_a_refusal_skips_the_steps_of_its_purpose_only(self):
        records = self._run()
        self.assertEqual(
            self._mails(self.campaign).recipient_ids, self.fine | self.no_calls
        )
        self.assertEqual(self._called(), self.fine)
        skipped = records[self.no_calls].automation_step_ids.filtered(
            "exclusion_reason"
        )
        self.assertEqual(skipped.configuration_step_id.step_type, "activity")
        self.assertEqual(skipped.exclusion_reason, "no_consent")
        # refusing both: left out of the campaign
        self.assertTrue(records[self.nothing].exclusion_reason)
        self.assertFalse(self._mails(self.campaign, self.nothing))

    def test_marketing_emails_that_need_an_explicit_consent(self):
        self.emails.default_consent = False
        self._consent(self.fine, self.emails, True)
        self._run()
        # No Calls never accepted e-mails: no e-mail, no call
        self.assertEqual(self._mails(self.campaign).recipient_ids, self.fine)
        self.assertEqual(self._called(), self.fine)
        # nor a mass mailing from the campaign dashboard
        action = self.env["res.partner"].action_crm_campaign_mailing_for_domain(
            [("id", "in", (self.fine | self.no_calls).ids)]
        )
        mailing = self.env["mailing.mailing"].browse(action["res_id"])
        self.assertEqual(
            self.env["res.partner"].search(literal_eval(mailing.mailing_domain)),
            self.fine,
        )

    def test_a_refused_profiling_consent_leaves_them_out(self):
        objecting = self._customer("Objects Through Consent")
        self._consent(objecting, self.profiling, False)
        self.assertTrue(objecting.profiling_objection)
        records = self._run()
        self.assertEqual(records[objecting].exclusion_reason, "profiling")
        self.assertFalse(self._mails(self.campaign, objecting))
        self.assertNotIn(objecting, self._called())
