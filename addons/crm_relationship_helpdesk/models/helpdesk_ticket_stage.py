# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    def write(self, vals):
        result = super().write(vals)
        if "closed" in vals:
            # the tickets of the stage are now resolved (or open again)
            self.env["helpdesk.ticket"]._crm_sync_touchpoints_where(
                [("stage_id", "in", self.ids)]
            )
        return result
