# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class HelpdeskTicketSetting(models.AbstractModel):
    """A helpdesk setting (category, tag, channel, stage) whose meaning for
    the customer's timeline the administrator may change: its tickets'
    touchpoints follow (a category marked as complaint, a stage that closes,
    a channel mapped to another touchpoint channel)."""

    _name = "crm.helpdesk.ticket.setting"
    _description = "Helpdesk Setting Followed by Touchpoints"

    # the fields whose change changes the touchpoints, and the ticket field
    # that points to the setting
    _crm_touchpoint_fields = ()
    _crm_ticket_field = None

    def write(self, vals):
        result = super().write(vals)
        if set(self._crm_touchpoint_fields) & set(vals):
            self.env["helpdesk.ticket"]._crm_sync_touchpoints_where(
                [(self._crm_ticket_field, "in", self.ids)]
            )
        return result
