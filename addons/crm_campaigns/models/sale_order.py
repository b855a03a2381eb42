# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    crosssell_rule_ids = fields.Many2many(
        "crm.crosssell.rule",
        string="Cross-sell Suggestions",
        compute="_compute_crosssell_rule_ids",
        help="Products that customers who bought what is on this quotation also "
        "bought (switched-on cross-sell rules).",
    )

    @api.depends("order_line.product_id", "state", "company_id")
    def _compute_crosssell_rule_ids(self):
        Rule = self.env["crm.crosssell.rule"]
        for order in self:
            if order.state not in ("draft", "sent"):
                order.crosssell_rule_ids = Rule
                continue
            order.crosssell_rule_ids = Rule.with_company(order.company_id)._suggestions(
                order.order_line.product_id
            )
