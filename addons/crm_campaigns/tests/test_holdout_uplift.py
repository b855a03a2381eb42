# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..uplift import MIN_CONTROLS, draw_holdout, uplift
from .common import CampaignCase


@tagged("post_install", "-at_install", "crm_campaigns")
class TestUpliftArithmetic(CampaignCase):
    """The uplift and its 95% interval on crafted figures, computed by hand."""

    def test_conversion_uplift_by_hand(self):
        # treated: 30 of 100 convert; control: 10 of 50
        result = uplift((100, 30, 30), (50, 10, 10), proportion=True)
        se = math.sqrt(0.3 * 0.7 / 100 + 0.2 * 0.8 / 50)
        self.assertAlmostEqual(result["uplift"], 0.1)
        self.assertAlmostEqual(result["low"], 0.1 - 1.959964 * se, places=5)
        self.assertAlmostEqual(result["high"], 0.1 + 1.959964 * se, places=5)
        self.assertFalse(result["significant"], "the interval crosses zero")

    def test_revenue_uplift_by_hand(self):
        treated = [100.0] * 40 + [0.0] * 60
        control = [0.0] * 50
        result = uplift(
            (len(treated), sum(treated), sum(v * v for v in treated)),
            (len(control), sum(control), sum(v * v for v in control)),
        )
        mean = 40.0
        variance = sum((v - mean) ** 2 for v in treated) / 99
        se = math.sqrt(variance / 100)
        self.assertAlmostEqual(result["uplift"], 40.0)
        self.assertAlmostEqual(result["low"], 40.0 - 1.959964 * se, places=4)
        self.assertTrue(result["significant"])

    def test_no_control_no_uplift(self):
        self.assertIsNone(uplift((10, 1, 1), (0, 0, 0)))


@tagged("post_install", "-at_install", "crm_campaigns")
class TestHoldout(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls._customers(400, "Holdout")

    def test_the_draw_is_random_reproducible_and_sized(self):
        ids = list(range(1, 1001))
        first = draw_holdout(ids, 10, 12345)
        self.assertEqual(len(first), 100)
        self.assertEqual(first, draw_holdout(list(reversed(ids)), 10, 12345))
        self.assertNotEqual(first, draw_holdout(ids, 10, 54321))
        self.assertNotEqual(first, set(range(1, 101)), "not the first ones")

    def test_control_group_is_enrolled_and_given_no_step(self):
        campaign = self._campaign([self._mail_step()], holdout_percent=10)
        campaign.start_automation()
        self.assertTrue(campaign.holdout_seed, "the seed is recorded")
        records = self._records(campaign)
        controls = records.filtered("is_holdout")
        self.assertEqual(len(records), 400)
        self.assertEqual(len(controls), 40)
        self.assertFalse(controls.automation_step_ids)
        self.assertEqual(
            set(controls.mapped("res_id")),
            draw_holdout(self.customers.ids, 10, campaign.holdout_seed),
        )
        self._run_steps()
        self.assertEqual(len(self._mails(campaign)), 360)
        self.assertFalse(self._mails(campaign).recipient_ids & controls.partner_id)

    def test_fewer_than_30_controls_is_refused(self):
        campaign = self._campaign([self._mail_step()], holdout_percent=5)
        # 5% of 400 is 20 controls
        with self.assertRaisesRegex(UserError, f"at least {MIN_CONTROLS}"):
            campaign.start_automation()
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(self._records(campaign))
        campaign.holdout_percent = 7.5  # 30 controls
        campaign.start_automation()
        self.assertEqual(len(self._records(campaign).filtered("is_holdout")), 30)
        with self.assertRaises(ValidationError):
            campaign.holdout_percent = 80

    def test_uplift_of_a_campaign_on_crafted_orders(self):
        campaign = self._campaign([self._mail_step()], holdout_percent=25)
        campaign.start_automation()
        records = self._records(campaign)
        treated = records.filtered(lambda r: not r.is_holdout)
        controls = records - treated
        self.assertEqual((len(treated), len(controls)), (300, 100))
        # 60 of the treated buy for 200, 10 of the controls buy for 200
        for record in treated[:60] | controls[:10]:
            self._order(record.partner_id, 200.0)
        # the orders come after the enrolment (moved an hour back)
        self._backdate_enrolment(campaign)
        campaign._campaign_update_results()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.converted_count, 70)
        self.assertAlmostEqual(campaign.treated_conversion, 20.0)
        self.assertAlmostEqual(campaign.control_conversion, 10.0)
        self.assertAlmostEqual(campaign.treated_revenue, 40.0)
        self.assertAlmostEqual(campaign.control_revenue, 20.0)
        se = math.sqrt(0.2 * 0.8 / 300 + 0.1 * 0.9 / 100)
        low, high = 10 - 195.9964 * se, 10 + 195.9964 * se
        self.assertEqual(
            campaign.conversion_uplift,
            f"+10.00 points (95% CI {low:+.2f} to {high:+.2f})",
        )
        self.assertTrue(low > 0)
        # the same recomputation gives the same figures (never incremented)
        campaign._campaign_update_results()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.converted_count, 70)

    def test_not_significant_is_said(self):
        campaign = self._campaign([self._mail_step()], holdout_percent=25)
        campaign.start_automation()
        self._backdate_enrolment(campaign)
        records = self._records(campaign)
        treated = records.filtered(lambda r: not r.is_holdout)
        controls = records - treated
        for record in treated[:33] | controls[:10]:
            self._order(record.partner_id, 100.0)
        campaign._campaign_update_results()
        campaign.invalidate_recordset()
        self.assertTrue(campaign.conversion_uplift.endswith("not significant"))
