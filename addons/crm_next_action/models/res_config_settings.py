# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    next_action_default_interval_days = fields.Integer(
        related="company_id.next_action_default_interval_days", readonly=False
    )
    next_action_daily_proposals = fields.Integer(
        related="company_id.next_action_daily_proposals", readonly=False
    )
