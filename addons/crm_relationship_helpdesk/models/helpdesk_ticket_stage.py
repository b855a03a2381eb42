# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class HelpdeskTicketStage(models.Model):
    _name = "helpdesk.ticket.stage"
    _inherit = ["helpdesk.ticket.stage", "crm.helpdesk.ticket.setting"]
    _crm_touchpoint_fields = ("closed",)
    _crm_ticket_field = "stage_id"
