# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class CrmTouchpoint(models.Model):
    _inherit = "crm.touchpoint"

    @api.model_create_multi
    def create(self, vals_list):
        touchpoints = super().create(vals_list)
        # A contact just happened: the customer's cadence and next best
        # action follow at once (one set-based recompute per company).
        if not self.env.context.get("crm_next_action_no_refresh"):
            NextAction = self.env["crm.next.action"]
            for company in touchpoints.company_id:
                NextAction._refresh_partners(
                    touchpoints.filtered(
                        lambda t, c=company: t.company_id == c
                    ).partner_id,
                    company,
                )
        return touchpoints
