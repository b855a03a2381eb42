# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    next_action_default_interval_days = fields.Integer(
        string="Default Contact Interval (Days)",
        default=90,
        help="Cadence of a customer whose own history and segment say nothing.",
    )
    next_action_daily_proposals = fields.Integer(
        string="Daily Contact Proposals per Salesperson",
        default=10,
        help="Overdue customers proposed to each salesperson every day (a call "
        "activity), those with the most value at stake first. 0: none.",
    )

    @api.constrains("next_action_default_interval_days", "next_action_daily_proposals")
    def _check_next_action_settings(self):
        for company in self:
            if not 1 <= company.next_action_default_interval_days <= 365:
                raise ValidationError(
                    self.env._(
                        "The default contact interval is between 1 and 365 days."
                    )
                )
            if not 0 <= company.next_action_daily_proposals <= 200:
                raise ValidationError(
                    self.env._(
                        "Between 0 and 200 contact proposals per salesperson and day."
                    )
                )
