# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    crosssell_min_support = fields.Float(
        string="Cross-sell Minimum Support",
        default=0.001,
        digits=(6, 4),
        help="A rule needs at least this share of the confirmed orders holding "
        "both products (0.001 = one order in a thousand).",
    )
    crosssell_min_confidence = fields.Float(
        string="Cross-sell Minimum Confidence",
        default=0.1,
        digits=(6, 4),
        help="Of the orders with the first product, at least this share also "
        "holds the second.",
    )
    crosssell_min_lift = fields.Float(
        string="Cross-sell Minimum Lift",
        default=1.0,
        digits=(8, 2),
        help="Rules below this lift are not kept (1: no better than chance).",
    )
    crosssell_min_orders = fields.Integer(
        string="Cross-sell Minimum Orders",
        default=3,
        help="A rule needs at least this many confirmed orders with both "
        "products: two products bought together once prove nothing.",
    )
    crosssell_top_n = fields.Integer(
        string="Cross-sell Rules per Product",
        default=5,
        help="At most this many rules per product, strongest lift first.",
    )

    @api.constrains(
        "crosssell_min_support",
        "crosssell_min_confidence",
        "crosssell_min_lift",
        "crosssell_min_orders",
        "crosssell_top_n",
    )
    def _check_crosssell_minimums(self):
        for company in self:
            if not (
                0 <= company.crosssell_min_support <= 1
                and 0 <= company.crosssell_min_confidence <= 1
                and company.crosssell_min_lift >= 0
                and company.crosssell_top_n >= 1
                and company.crosssell_min_orders >= 1
            ):
                raise ValidationError(
                    self.env._(
                        "Cross-sell minimums: support and confidence between 0 and "
                        "1, a lift of 0 or more, at least one order and one rule "
                        "per product."
                    )
                )
