# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class RatingRating(models.Model):
    _inherit = "rating.rating"

    @api.model_create_multi
    def create(self, vals_list):
        ratings = super().create(vals_list)
        ratings._crm_sync_ticket_touchpoints()
        return ratings

    def write(self, vals):
        result = super().write(vals)
        if {"rating", "consumed", "res_id", "res_model_id"} & set(vals):
            self._crm_sync_ticket_touchpoints()
        return result

    def _crm_sync_ticket_touchpoints(self):
        """A customer's rating of a ticket becomes the satisfaction of the
        ticket's touchpoint (whoever applies it: the customer through the
        rating link, or the portal)."""
        ticket_ids = [
            rating.res_id
            for rating in self.sudo()
            if rating.res_model == "helpdesk.ticket" and rating.consumed
        ]
        if ticket_ids:
            self.env["helpdesk.ticket"].sudo().browse(
                ticket_ids
            ).exists()._crm_sync_touchpoints()
