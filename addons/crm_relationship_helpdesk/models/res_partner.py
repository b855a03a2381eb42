# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models

USERS = "crm_relationship.group_crm_relationship_user"


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_open_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Open Tickets",
        compute="_compute_crm_helpdesk",
        groups=USERS,
        help="The customer's tickets that are not closed, oldest first.",
    )
    crm_open_ticket_count = fields.Integer(
        string="Open Ticket Count", compute="_compute_crm_helpdesk", groups=USERS
    )
    crm_open_complaint_ids = fields.Many2many(
        "crm.touchpoint",
        string="Unresolved Complaints",
        compute="_compute_crm_helpdesk",
        groups=USERS,
        help="The customer's complaints that are not resolved, oldest first.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_crm_helpdesk(self):
        """Open tickets and unresolved complaints of the customers, two queries
        for the batch, as the current user may see them."""
        commercial_ids = self.commercial_partner_id._origin.ids
        Ticket, Touchpoint = self.env["helpdesk.ticket"], self.env["crm.touchpoint"]
        tickets, complaints = defaultdict(list), defaultdict(list)
        if commercial_ids:
            for ticket in Ticket.search(
                [
                    ("commercial_partner_id", "in", commercial_ids),
                    ("stage_id.closed", "=", False),
                ],
                order="create_date, id",
            ):
                tickets[ticket.commercial_partner_id.id].append(ticket.id)
            for touchpoint in Touchpoint.search(
                [
                    ("partner_id", "in", commercial_ids),
                    ("kind", "=", "complaint"),
                    ("resolved", "=", False),
                ],
                order="date, id",
            ):
                complaints[touchpoint.partner_id.id].append(touchpoint.id)
        for partner in self:
            commercial_id = partner.commercial_partner_id._origin.id
            partner.crm_open_ticket_ids = Ticket.browse(tickets[commercial_id])
            partner.crm_open_ticket_count = len(tickets[commercial_id])
            partner.crm_open_complaint_ids = Touchpoint.browse(
                complaints[commercial_id]
            )

    def _crm_erasure_documents(self):
        # a ticket keeps the e-mail address it came from
        return super()._crm_erasure_documents() + [
            ("helpdesk.ticket", "partner_id", ["partner_email"])
        ]
