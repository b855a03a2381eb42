# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CampaignCase


@tagged("post_install", "-at_install", "crm_campaigns")
class TestCrosssell(CampaignCase):
    """Rules mined from a crafted order set with known support, confidence
    and lift; switched on by a manager; suggested on the quotation (one click
    adds the line) and on the customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.laptop = Product.create({"name": "Laptop", "list_price": 900})
        cls.printer = Product.create({"name": "Printer", "list_price": 150})
        cls.mouse = Product.create({"name": "Mouse", "list_price": 20})
        cls.company.write(
            {
                "crosssell_min_support": 0.1,
                "crosssell_min_confidence": 0.0,
                "crosssell_min_lift": 0.0,
                "crosssell_min_orders": 1,
            }
        )
        cls.buyer = cls._customer("Basket Buyer")
        # 10 confirmed orders: laptop+printer x4, laptop x2, printer x1,
        # mouse x3 (and a cancelled laptop+printer that must not count)
        baskets = (
            [[cls.laptop, cls.printer]] * 4
            + [[cls.laptop]] * 2
            + [[cls.printer]]
            + [[cls.mouse]] * 3
        )
        for basket in baskets:
            cls._basket(basket)
        cls._basket([cls.laptop, cls.printer], confirm=False)

    @classmethod
    def _basket(cls, products, confirm=True, partner=None, **vals):
        order = (
            cls.env["sale.order"]
            .with_company(cls.company)
            .create(
                {
                    **vals,
                    "partner_id": (partner or cls.buyer).id,
                    "company_id": cls.company.id,
                    "order_line": [
                        Command.create({"product_id": p.id, "product_uom_qty": 1})
                        for p in products
                    ],
                }
            )
        )
        if confirm:
            order.action_confirm()
        return order

    def _mine(self):
        Rule = self.env["crm.crosssell.rule"].with_company(self.company)
        Rule.with_user(self.manager).with_company(self.company).action_mine()
        return Rule.with_context(active_test=False).search(
            [("company_id", "=", self.company.id)]
        )

    def test_known_support_confidence_and_lift(self):
        rules = self._mine()
        rule = rules.filtered(
            lambda r: (
                r.antecedent_product_id == self.laptop
                and r.consequent_product_id == self.printer
            )
        )
        # support = 4/10; confidence = 4/6; lift = (4/6) / (5/10)
        self.assertEqual(rule.orders_together, 4)
        self.assertAlmostEqual(rule.support, 0.4)
        self.assertAlmostEqual(rule.confidence, 4 / 6, places=4)
        self.assertAlmostEqual(rule.lift, (4 / 6) / 0.5, places=2)
        back = rules.filtered(lambda r: r.antecedent_product_id == self.printer)
        self.assertAlmostEqual(back.confidence, 0.8)  # 4/5
        self.assertFalse(
            rules.filtered(
                lambda r: (
                    self.mouse in (r.antecedent_product_id | r.consequent_product_id)
                )
            )
        )
        self.assertFalse(rule.active, "a manager reviews and switches rules on")

    def test_mining_again_keeps_the_manager_choice(self):
        rule = self._mine().filtered(lambda r: r.antecedent_product_id == self.laptop)
        rule.with_user(self.manager).active = True
        self._basket([self.laptop, self.printer])
        again = self._mine().filtered(lambda r: r.antecedent_product_id == self.laptop)
        self.assertEqual(again, rule)
        self.assertTrue(again.active)
        self.assertEqual(again.orders_together, 5)

    def test_suggestion_on_the_quotation_and_the_customer(self):
        rule = self._mine().filtered(lambda r: r.antecedent_product_id == self.laptop)
        quotation = self._basket(
            [self.laptop], confirm=False, user_id=self.salesperson.id
        ).with_company(self.company)
        self.assertFalse(quotation.crosssell_rule_ids, "switched off: not suggested")
        rule.with_user(self.manager).active = True
        quotation.invalidate_recordset()
        self.assertEqual(quotation.crosssell_rule_ids, rule)
        self.assertEqual(
            rule.suggestion,
            "Customers who bought Laptop also bought Printer (lift 1.3)",
        )
        rule.with_user(self.salesperson).with_context(
            crosssell_order_id=quotation.id
        ).action_add_to_order()
        self.assertIn(self.printer, quotation.order_line.product_id)
        quotation.invalidate_recordset()
        self.assertFalse(quotation.crosssell_rule_ids, "already on the quotation")
        newcomer = self._customer("Laptop Only")
        self._basket([self.laptop], partner=newcomer)
        self.assertEqual(newcomer.with_company(self.company).crosssell_rule_ids, rule)

    def test_only_managers_mine_and_switch_on(self):
        rule = self._mine()[:1]
        with self.assertRaises(AccessError):
            self.env["crm.crosssell.rule"].with_user(self.salesperson).action_mine()
        with self.assertRaises(AccessError):
            rule.with_user(self.salesperson).active = True
        rule.with_user(self.salesperson).read(["lift"])

    def test_confirmed_orders_get_no_line(self):
        rule = self._mine().filtered(lambda r: r.antecedent_product_id == self.laptop)
        order = self._basket([self.laptop])
        with self.assertRaises(UserError):
            rule.with_context(crosssell_order_id=order.id).action_add_to_order()
