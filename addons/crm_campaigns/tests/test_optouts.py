# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo.tests import tagged

from .common import CampaignCase


@tagged("post_install", "-at_install", "crm_campaigns")
class TestOptOuts(CampaignCase):
    """A blacklisted, opted-out, bounced or objecting contact (and, where a
    consent model says so, one without marketing consent) is never e-mailed
    nor given a marketing activity; the campaign lists them with the reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fine = cls._customer("Fine Customer")
        cls.blacklisted = cls._customer("Black Listed")
        cls.env["mail.blacklist"].create({"email": cls.blacklisted.email})
        cls.opted_out = cls._customer("Opted Out", crm_campaign_opt_out=True)
        cls.bounced = cls._customer("Bounced Address", message_bounce=1)
        cls.objecting = cls._customer("Objects Profiling", profiling_objection=True)
        company = cls._customer("Objecting Company", is_company=True)
        company.profiling_objection = True
        cls.employee = cls._customer("Employee Of Objector", parent_id=company.id)
        cls.campaign = cls._campaign([cls._mail_step(), cls._call_step(follows=True)])

    def _reasons(self):
        return {
            record.partner_id: record.exclusion_reason
            for record in self._records(self.campaign)
        }

    def test_every_kind_of_opt_out_is_left_out_with_its_reason(self):
        self.assertEqual(self.campaign.target_excluded_count, 6)
        self.campaign.start_automation()
        self._run_steps()
        reasons = self._reasons()
        self.assertEqual(reasons[self.blacklisted], "blacklist")
        self.assertEqual(reasons[self.opted_out], "opt_out")
        self.assertEqual(reasons[self.bounced], "bounced")
        self.assertEqual(reasons[self.objecting], "profiling")
        self.assertEqual(reasons[self.employee], "profiling")
        self.assertFalse(reasons[self.fine])
        mails = self._mails(self.campaign)
        self.assertEqual(mails.recipient_ids, self.fine)
        self.assertEqual(
            self._activities(self.campaign).res_id, self.fine.id, "only the fine one"
        )
        self.assertEqual(self.campaign.excluded_count, 6)
        excluded = self.env["crm.campaign.report"].search(
            self.campaign.action_view_excluded()["domain"]
        )
        self.assertEqual(len(excluded), 6)

    def test_an_opt_out_during_the_campaign_stops_it(self):
        self.campaign.start_automation()
        fine_record = self._records(self.campaign).filtered(
            lambda r: r.partner_id == self.fine
        )
        self.fine.crm_campaign_opt_out = True
        self._run_steps()
        self.assertFalse(self._mails(self.campaign, self.fine))
        self.assertFalse(self._activities(self.campaign, self.fine))
        step = fine_record.automation_step_ids
        self.assertEqual((step.state, step.exclusion_reason), ("rejected", "opt_out"))
        report = self.env["crm.campaign.report"].search(
            [("record_id", "=", fine_record.id)]
        )
        self.assertEqual(report.exclusion_reason, "opt_out")

    def test_blacklisted_during_the_campaign_gets_nothing(self):
        self.campaign.start_automation()
        self._run_steps()  # e-mail, and the call scheduled at once
        self.assertEqual(len(self._activities(self.campaign)), 1)
        other = self._customer("Late Blacklist")
        self.campaign.run_automation()
        other_record = self._records(self.campaign).filtered(
            lambda r: r.partner_id == other
        )
        self.env["mail.blacklist"].create({"email": other.email})
        self._run_steps()
        self.assertFalse(self._activities(self.campaign, other))
        self.assertEqual(other_record.automation_step_ids.exclusion_reason, "blacklist")

    def test_a_consent_model_plugs_in_through_the_hook(self):
        """A consent model adds its reason; modelled here by the contacts
        with a note saying they gave no consent."""
        no_consent = self._customer("No Consent", comment="no marketing consent")
        Partner = type(self.env["res.partner"])
        original = Partner._crm_campaign_exclusion_domains

        def with_consent(partner_model):
            return original(partner_model) + [
                ("no_consent", [("comment", "ilike", "no marketing consent")])
            ]

        with patch.object(Partner, "_crm_campaign_exclusion_domains", with_consent):
            self.campaign.start_automation()
            self._run_steps()
        self.assertEqual(self._reasons()[no_consent], "no_consent")
        self.assertFalse(self._mails(self.campaign, no_consent))

    def test_mailing_to_a_selection_leaves_the_opted_out_out(self):
        selection = self.fine | self.opted_out | self.objecting
        action = selection.with_user(self.manager).action_crm_campaign_mailing()
        mailing = self.env["mailing.mailing"].browse(action["res_id"])
        self.assertEqual(mailing.mailing_model_id.model, "res.partner")
        recipients = self.env["res.partner"].search(mailing._parse_mailing_domain())
        self.assertEqual(recipients, self.fine)
        # the dashboard's entry point: a domain
        action = (
            self.env["res.partner"]
            .with_user(self.manager)
            .action_crm_campaign_mailing_for_domain(repr([("id", "in", selection.ids)]))
        )
        mailing = self.env["mailing.mailing"].browse(action["res_id"])
        self.assertEqual(
            self.env["res.partner"].search(mailing._parse_mailing_domain()), self.fine
        )
