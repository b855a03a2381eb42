# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    touchpoint_retention_days = fields.Integer(
        string="Touchpoint Retention (days)",
        default=0,
        help="Touchpoints older than this are deleted by a daily job, in batches. "
        "0 keeps them forever.",
    )

    _sql_constraints = [
        (
            "touchpoint_retention_days_positive",
            "CHECK(touchpoint_retention_days >= 0)",
            "The touchpoint retention period cannot be negative.",
        )
    ]
