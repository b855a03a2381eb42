# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crosssell_min_support = fields.Float(
        related="company_id.crosssell_min_support", readonly=False
    )
    crosssell_min_confidence = fields.Float(
        related="company_id.crosssell_min_confidence", readonly=False
    )
    crosssell_min_lift = fields.Float(
        related="company_id.crosssell_min_lift", readonly=False
    )
    crosssell_min_orders = fields.Integer(
        related="company_id.crosssell_min_orders", readonly=False
    )
    crosssell_top_n = fields.Integer(
        related="company_id.crosssell_top_n", readonly=False
    )
