# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketTag(models.Model):
    _inherit = "helpdesk.ticket.tag"

    is_complaint = fields.Boolean(
        string="Complaint",
        help="Tickets with this tag are complaints: they count as complaints in "
        "the customer's profile and in the complaint KPIs.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "is_complaint" in vals:
            self.env["helpdesk.ticket"]._crm_sync_touchpoints_where(
                [("tag_ids", "in", self.ids)]
            )
        return result
