# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The campaign action and the cross-sell rule light up when CRM Campaigns
(issue 9: campaigns are automation_oca configurations, cross-sell rules are
crm.crosssell.rule) is installed. Without it these tests are skipped."""

import unittest

from odoo.tests import tagged

from .common import NextActionCase


@tagged("post_install", "-at_install", "crm_next_action")
class TestWithCrmCampaigns(NextActionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "crm.crosssell.rule" not in cls.env or "automation.record" not in cls.env:
            raise unittest.SkipTest("CRM Campaigns is not installed")
        cls.laptop = cls.env["product.product"].create({"name": "Laptop"})
        cls.printer = cls.env["product.product"].create({"name": "Printer"})
        cls.env["crm.crosssell.rule"].create(
            {
                "antecedent_product_id": cls.laptop.id,
                "consequent_product_id": cls.printer.id,
                "support": 0.1,
                "confidence": 0.6,
                "lift": 3.14,
                "active": True,
            }
        )
        cls.buyer = cls._customer("Laptop Buyer")
        cls.both = cls._customer("Bought Both")
        for partner, products in (
            (cls.buyer, cls.laptop),
            (cls.both, cls.laptop | cls.printer),
        ):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "company_id": cls.company.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "price_unit": 100})
                        for product in products
                    ],
                }
            )
            order.action_confirm()

    def test_cross_sell_rule_lights_up(self):
        rule = self.env.ref("crm_next_action.rule_crosssell")
        rule.active = True
        self.assertTrue(rule.available)
        self._recompute()
        self.assertEqual(self.buyer.crosssell_product_ids, self.printer)
        self.assertFalse(self.both.crosssell_product_ids)
        self.assertEqual(self._row(self.buyer).rule_id, rule)
        self.assertNotEqual(self._row(self.both).rule_id, rule)
        self.assertEqual(
            self.buyer.with_user(self.salesperson).next_action_reason,
            "Cross-sell: offer what customers like them also bought — bought Laptop, "
            "not yet Printer (lift 3.1)",
        )

    def test_campaign_enrolment_in_one_click_once(self):
        campaign = self.env["automation.configuration"].create(
            {
                "name": "Win back",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "editable_domain": "[('id', '=', 0)]",
                "company_id": self.company.id,
            }
        )
        campaign.start_automation()
        self.assertIn(
            "campaign",
            dict(self.Rule._fields["action_type"]._description_selection(self.env)),
        )
        self._rule(
            "Win them back",
            [("id", "=", self.buyer.id)],
            action_type="campaign",
            campaign_id=campaign.id,
        )
        self._recompute()
        self.buyer.with_user(self.salesperson).action_do_next_action()
        self.buyer.with_user(self.salesperson).action_do_next_action()
        records = self.env["automation.record"].search(
            [("configuration_id", "=", campaign.id), ("res_id", "=", self.buyer.id)]
        )
        self.assertEqual(len(records), 1)
