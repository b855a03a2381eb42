# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "crm_next_action")
class TestTour(HttpCase):
    def test_tour_quotation_next_best_action(self):
        """A salesperson opens a quotation, reads the customer's next best
        action and does it in one click."""
        seller = new_test_user(
            self.env,
            login="nba_tour_seller",
            groups="sales_team.group_sale_salesman",
            name="Tour Seller",
        )
        self.env["crm.next.action.rule"].search([]).active = False
        call = self.env.ref("mail.mail_activity_data_call")
        self.env["crm.next.action.rule"].create(
            {
                "name": "Retention call",
                "domain": "[('churn_probability', '>=', 0.5)]",
                "action_type": "activity",
                "activity_type_id": call.id,
                "reason": "At risk, high value: call with a retention offer",
                "reason_figures": "purchase",
            }
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Hardware SL", "is_company": True, "user_id": seller.id}
        )
        product = self.env["product.product"].create({"name": "Tour Widget"})
        now = fields.Datetime.now()
        for days in (94, 124, 154):
            order = self.env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "user_id": seller.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "price_unit": 50})
                    ],
                }
            )
            order.action_confirm()
            order.date_order = now - timedelta(days=days)
        customer.sudo().write({"churn_probability": 0.7, "rfm_segment": "at_risk"})
        self.env["crm.next.action"].sudo()._recompute(self.env.company)
        quotation = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": seller.id,
                "order_line": [(0, 0, {"product_id": product.id, "price_unit": 80})],
            }
        )
        self.start_tour(
            f"/odoo/sales/{quotation.id}",
            "crm_next_action_quotation",
            login="nba_tour_seller",
        )
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", quotation.id)]
        )
        self.assertEqual(activity.activity_type_id, call)
        self.assertEqual(activity.user_id, seller)
        self.assertEqual(activity.summary, "Retention call")
