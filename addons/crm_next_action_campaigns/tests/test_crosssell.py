# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import CampaignsCase


@tagged("post_install", "-at_install", "crm_next_action_campaigns")
class TestCrossSell(CampaignsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.laptop = cls.env["product.product"].create({"name": "Laptop"})
        cls.printer = cls.env["product.product"].create({"name": "Printer"})
        cls.crosssell = cls.env["crm.crosssell.rule"].create(
            {
                "company_id": cls.company.id,
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
        cls.rule = cls.env.ref("crm_next_action_campaigns.rule_crosssell")
        cls.rule.active = True

    def test_cross_sell_rule_on_crafted_customers(self):
        self._recompute()
        self.assertEqual(self.buyer.crosssell_product_ids, self.printer)
        self.assertFalse(self.both.crosssell_product_ids)
        self.assertEqual(self._row(self.buyer).rule_id, self.rule)
        self.assertNotEqual(self._row(self.both).rule_id, self.rule)
        self.assertEqual(
            self.buyer.with_user(self.salesperson).next_action_reason,
            "Cross-sell: offer what customers like them also bought — bought Laptop, "
            "not yet Printer (lift 3.1)",
        )

    def test_switched_off_or_other_company_cross_sell_rules_offer_nothing(self):
        self.crosssell.active = False
        self._recompute()
        self.assertFalse(self.buyer.crosssell_product_ids)
        self.assertNotEqual(self._row(self.buyer).rule_id, self.rule)
        self.crosssell.write({"active": True, "company_id": self.other_company.id})
        self._recompute()
        self.assertFalse(self.buyer.crosssell_product_ids)

    def test_search_by_likely_product(self):
        Partner = self.env["res.partner"].with_user(self.salesperson)
        self.assertEqual(
            Partner.search([("crosssell_product_ids", "in", self.printer.ids)]),
            self.buyer,
        )
        self.assertIn(
            self.buyer, Partner.search([("crosssell_product_ids", "!=", False)])
        )
