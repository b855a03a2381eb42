# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    touchpoint_retention_days = fields.Integer(
        related="company_id.touchpoint_retention_days", readonly=False
    )
