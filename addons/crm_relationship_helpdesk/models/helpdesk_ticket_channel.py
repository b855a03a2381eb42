# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HelpdeskTicketChannel(models.Model):
    _name = "helpdesk.ticket.channel"
    _inherit = ["helpdesk.ticket.channel", "crm.helpdesk.ticket.setting"]
    _crm_touchpoint_fields = ("touchpoint_channel",)
    _crm_ticket_field = "channel_id"

    touchpoint_channel = fields.Selection(
        selection="_selection_touchpoint_channel",
        required=True,
        default="other",
        help="The channel of the touchpoint that a ticket of this channel logs "
        "in the customer's timeline.",
    )

    @api.model
    def _selection_touchpoint_channel(self):
        field = self.env["crm.touchpoint"]._fields["channel"]
        return field._description_selection(self.env)
