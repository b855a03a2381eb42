# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class CrmTouchpoint(models.Model):
    _inherit = "crm.touchpoint"

    helpdesk_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Ticket",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The helpdesk ticket of this touchpoint: the ticket it was logged "
        "for, or the ticket opened from this complaint.",
    )
    helpdesk_stage_id = fields.Many2one(
        related="helpdesk_ticket_id.stage_id", string="Ticket Stage"
    )
    age_days = fields.Integer(
        string="Age (days)",
        compute="_compute_age_days",
        help="Days since the touchpoint happened.",
    )

    _sql_constraints = [
        (
            "helpdesk_ticket_unique",
            "UNIQUE(helpdesk_ticket_id)",
            "A ticket has one touchpoint in the customer's timeline.",
        ),
    ]

    def _compute_age_days(self):
        now = fields.Datetime.now()
        for touchpoint in self:
            touchpoint.age_days = (now - touchpoint.date).days if touchpoint.date else 0

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if any("helpdesk_ticket_id" in vals for vals in vals_list):
            self._check_ticket_link_allowed()
        return super().create(vals_list)

    def write(self, vals):
        if "helpdesk_ticket_id" in vals:
            self._check_ticket_link_allowed()
        return super().write(vals)

    def _check_ticket_link_allowed(self):
        # The link is made by the helpdesk itself (logging, "Open a Ticket"):
        # a touchpoint tied by hand to any ticket would take that ticket's
        # customer, kind and rating.
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "The ticket of a touchpoint is set by the helpdesk; use "
                    "“Open a Ticket” on a complaint."
                )
            )

    # ------------------------------------------------------------------ actions
    def action_open_helpdesk_ticket(self):
        """Open the ticket of this touchpoint; for a complaint without one,
        create the ticket first (in one click) and link both."""
        self.ensure_one()
        self.check_access("read")
        ticket = self.helpdesk_ticket_id
        if ticket:
            ticket.check_access("read")
            return ticket._crm_form_action()
        if self.kind != "complaint":
            raise UserError(
                self.env._(
                    "Only a complaint can be turned into a ticket from here; open "
                    "a ticket from the Helpdesk app for anything else."
                )
            )
        Ticket = self.env["helpdesk.ticket"].with_company(self.company_id)
        ticket = Ticket.with_context(crm_complaint_touchpoint_id=self.id).create(
            self._helpdesk_ticket_values()
        )
        return ticket._crm_form_action()

    def _helpdesk_ticket_values(self):
        self.ensure_one()
        person = self.contact_id or self.partner_id
        channel = self.env["helpdesk.ticket.channel"].search(
            [
                ("touchpoint_channel", "=", self.channel),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            limit=1,
        )
        return {
            "name": self.summary,
            "description": self.description or Markup("<p>%s</p>") % self.summary,
            "partner_id": person.id,
            "partner_name": person.name,
            "partner_email": person.email,
            "company_id": self.company_id.id,
            "channel_id": channel.id,
            "is_complaint": True,
        }
