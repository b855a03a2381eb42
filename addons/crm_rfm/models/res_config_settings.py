# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rfm_window_days = fields.Integer(
        related="company_id.rfm_window_days", readonly=False
    )
    rfm_source = fields.Selection(related="company_id.rfm_source", readonly=False)
    rfm_monetary_basis = fields.Selection(
        related="company_id.rfm_monetary_basis", readonly=False
    )
    rfm_scoring_scope = fields.Selection(
        related="company_id.rfm_scoring_scope", readonly=False
    )
    rfm_exclude_internal = fields.Boolean(
        related="company_id.rfm_exclude_internal", readonly=False
    )
    rfm_clv_horizon_days = fields.Integer(
        related="company_id.rfm_clv_horizon_days", readonly=False
    )
    rfm_discount_rate = fields.Float(
        related="company_id.rfm_discount_rate", readonly=False
    )
    rfm_cut_mode = fields.Selection(related="company_id.rfm_cut_mode", readonly=False)
    rfm_recency_cuts = fields.Char(
        related="company_id.rfm_recency_cuts", readonly=False
    )
    rfm_frequency_cuts = fields.Char(
        related="company_id.rfm_frequency_cuts", readonly=False
    )
    rfm_monetary_cuts = fields.Char(
        related="company_id.rfm_monetary_cuts", readonly=False
    )
    rfm_history_days = fields.Integer(
        related="company_id.rfm_history_days", readonly=False
    )
    rfm_margin_available = fields.Boolean(
        string="Margin Available", compute="_compute_rfm_margin_available"
    )

    def _compute_rfm_margin_available(self):
        self.rfm_margin_available = "margin" in self.env["sale.order"]._fields
