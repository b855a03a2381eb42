# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketTag(models.Model):
    _name = "helpdesk.ticket.tag"
    _inherit = ["helpdesk.ticket.tag", "crm.helpdesk.ticket.setting"]
    _crm_touchpoint_fields = ("is_complaint",)
    _crm_ticket_field = "tag_ids"

    is_complaint = fields.Boolean(
        string="Complaint",
        help="Tickets with this tag are complaints: they count as complaints in "
        "the customer's profile and in the complaint KPIs.",
    )
