# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "crm_next_action_campaigns")
class TestTour(HttpCase):
    def test_tour_quotation_enrols_in_campaign(self):
        """A salesperson opens a quotation and enrols its customer in the
        campaign the next best action names, in one click."""
        seller = new_test_user(
            self.env,
            login="nbac_tour_seller",
            groups="sales_team.group_sale_salesman",
            name="Tour Seller",
        )
        self.env["crm.next.action.rule"].search([]).active = False
        campaign = self.env["automation.configuration"].create(
            {
                "name": "Tour Win Back",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "editable_domain": "[('id', '=', 0)]",
            }
        )
        campaign.start_automation()
        customer = self.env["res.partner"].create(
            {"name": "Tour Lapsed SL", "is_company": True, "user_id": seller.id}
        )
        self.env["crm.next.action.rule"].create(
            {
                "name": "Win back",
                "domain": f"[('id', '=', {customer.id})]",
                "action_type": "campaign",
                "campaign_id": campaign.id,
                "reason": "Lapsed: win them back",
                "reason_figures": "none",
            }
        )
        product = self.env["product.product"].create({"name": "Tour Widget"})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": seller.id,
                "order_line": [(0, 0, {"product_id": product.id, "price_unit": 50})],
            }
        )
        order.action_confirm()
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
            "crm_next_action_campaigns_enrol",
            login="nbac_tour_seller",
        )
        enrolment = self.env["automation.record"].search(
            [("configuration_id", "=", campaign.id)]
        )
        self.assertEqual(enrolment.partner_id, customer)
