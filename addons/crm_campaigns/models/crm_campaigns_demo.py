# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models


class CrmCampaignsDemo(models.AbstractModel):
    """The demo campaigns (automation.configuration inherits this)."""

    _name = "crm.campaigns.demo"
    _description = "Campaigns Demo Data"

    @api.model
    def _crm_campaigns_demo_bank(self):
        """Demo: the bank's leads reached "Forms sent" some days ago; the
        campaign starts, runs its due steps, and one customer's forms
        arrive afterwards (the goal, which stops her sequence)."""
        ref = self.env.ref
        now = fields.Datetime.now()
        for xmlid, days in (
            ("crm_campaigns.lead_lucia", 5),
            ("crm_campaigns.lead_javier", 4),
            ("crm_campaigns.lead_carmen", 6),
            ("crm_campaigns.lead_pablo", 4),
        ):
            ref(xmlid).date_last_stage_update = now - timedelta(days=days)
        campaign = ref("crm_campaigns.campaign_forms_not_returned")
        if campaign.state == "draft":
            campaign.start_automation()
            # Time travel: the campaign has been running for a week.
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE automation_record SET create_date = %s "
                "WHERE configuration_id = %s",
                (now - timedelta(days=7), campaign.id),
            )
            self.env["automation.record"].invalidate_model()
        self.env["automation.record.step"]._cron_automation_steps()
        ref("crm_campaigns.lead_carmen").stage_id = ref(
            "crm_campaigns.stage_forms_received"
        )
        campaign._campaign_update_results()

    @api.model
    def _crm_campaigns_demo_crosssell(self):
        """Demo: laptops are often bought with a printer (the seed's
        cross-sell example); the rules are mined, the manager has switched
        "laptop -> printer" on, and a quotation for a laptop is open."""
        ref = self.env.ref
        laptop = ref("crm_campaigns.product_laptop")
        printer = ref("crm_campaigns.product_printer")
        bag = ref("crm_campaigns.product_laptop_bag")
        if self.env["sale.order.line"].search_count([("product_id", "=", laptop.id)]):
            return
        customers = [
            ref(xmlid)
            for xmlid in (
                "crm_campaigns.partner_lucia",
                "crm_campaigns.partner_javier",
                "crm_campaigns.partner_carmen",
                "crm_campaigns.partner_pablo",
            )
        ]
        baskets = [
            [laptop, printer],
            [laptop, printer, bag],
            [laptop, printer],
            [laptop, bag],
            [laptop, printer],
            [printer],
            [laptop],
            [bag],
        ]
        Order = self.env["sale.order"]
        for index, basket in enumerate(baskets):
            order = Order.create(
                {
                    "partner_id": customers[index % len(customers)].id,
                    "order_line": [
                        fields.Command.create({"product_id": product.id})
                        for product in basket
                    ],
                }
            )
            order.action_confirm()
        company = self.env.company
        self.env["crm.crosssell.rule"]._mine(company)
        rule = (
            self.env["crm.crosssell.rule"]
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", company.id),
                    ("antecedent_product_id", "=", laptop.id),
                    ("consequent_product_id", "=", printer.id),
                ]
            )
        )
        rule.active = True
        Order.create(
            {
                "partner_id": ref("base.res_partner_2").id,
                "order_line": [fields.Command.create({"product_id": laptop.id})],
            }
        )
