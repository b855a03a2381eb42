# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CampaignsCase


@tagged("post_install", "-at_install", "crm_next_action_campaigns")
class TestCampaignAction(CampaignsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls._campaign()
        cls.customer = cls._customer("Lapsed Customer SL", email="lapsed@example.com")
        cls._history(cls.customer, [200, 260, 320])
        cls.rule = cls._rule(
            "Win them back",
            [("purchase_interval_days", ">", 0)],
            action_type="campaign",
            campaign_id=cls.campaign.id,
        )

    def test_the_action_type_is_offered(self):
        labels = dict(self.Rule._fields["action_type"]._description_selection(self.env))
        self.assertEqual(labels["campaign"], "Enrol in a campaign")

    def test_a_campaign_rule_needs_a_campaign_on_contacts(self):
        with self.assertRaisesRegex(ValidationError, "needs a campaign"):
            self._rule("No campaign", [], action_type="campaign")
        leads = self._campaign("Leads", model="crm.lead")
        with self.assertRaisesRegex(ValidationError, "must run on contacts"):
            self._rule("On leads", [], action_type="campaign", campaign_id=leads.id)

    def test_one_click_enrols_once(self):
        self._recompute()
        customer = self.customer.with_user(self.salesperson)
        self.assertEqual(customer.next_action_rule_id, self.rule)
        result = customer.action_do_next_action()
        self.assertEqual(
            result["params"]["message"],
            "Lapsed Customer SL enrolled in “Win back”.",
        )
        again = customer.action_do_next_action()
        self.assertEqual(again["params"]["type"], "info")
        enrolment = self._enrolments(self.campaign, self.customer)
        self.assertEqual(len(enrolment), 1)
        self.assertEqual(enrolment.partner_id, self.customer)
        self.assertEqual(enrolment.company_id, self.company)
        self.assertFalse(enrolment.exclusion_reason)

    def test_opted_out_customer_is_not_enrolled(self):
        self.customer.crm_campaign_opt_out = True
        self._recompute()
        with self.assertRaisesRegex(
            UserError,
            "Lapsed Customer SL cannot be enrolled in “Win back”: "
            "Opted out of campaigns",
        ):
            self.customer.with_user(self.salesperson).action_do_next_action()
        self.assertFalse(self._enrolments(self.campaign, self.customer))

    def test_a_stopped_campaign_says_so(self):
        self._recompute()
        self.campaign.state = "done"
        with self.assertRaisesRegex(UserError, "is not running on contacts"):
            self.customer.with_user(self.salesperson).action_do_next_action()

    def test_the_campaign_cannot_be_deleted_under_a_rule(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.campaign.unlink()
        self.assertTrue(self.campaign.exists())
