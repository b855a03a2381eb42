# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HelpdeskTicketCategory(models.Model):
    _name = "helpdesk.ticket.category"
    _inherit = ["helpdesk.ticket.category", "crm.helpdesk.ticket.setting"]
    _crm_touchpoint_fields = ("is_complaint",)
    _crm_ticket_field = "category_id"

    is_complaint = fields.Boolean(
        string="Complaint",
        help="Tickets of this category are complaints: they count as complaints "
        "in the customer's profile and in the complaint KPIs. A new subcategory "
        "of a complaint category starts marked too.",
    )

    @api.onchange("parent_id")
    def _onchange_parent_id_complaint(self):
        if self.parent_id.is_complaint:
            self.is_complaint = True
