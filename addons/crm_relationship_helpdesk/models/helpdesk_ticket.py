# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL, sql

# Ticket fields the customer's touchpoint follows (see _crm_sync_touchpoints).
TOUCHPOINT_FIELDS = {
    "partner_id",
    "company_id",
    "user_id",
    "channel_id",
    "category_id",
    "tag_ids",
    "is_complaint",
    "stage_id",
    "name",
}


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = [
        "helpdesk.ticket",
        "crm.helpdesk.ticket.touchpoint",
        "crm.helpdesk.ticket.demo",
    ]

    is_complaint = fields.Boolean(
        string="Complaint",
        compute="_compute_is_complaint",
        store=True,
        readonly=False,
        tracking=True,
        help="The customer is complaining. Set from the category and the tags "
        "that the administrator marks as complaints, or by hand. A complaint "
        "counts in the customer's profile and in the complaint KPIs.",
    )
    crm_age_days = fields.Integer(
        string="Age (days)",
        compute="_compute_crm_age_days",
        help="Days since the ticket was opened.",
    )

    def _auto_init(self):
        # No category or tag is marked as a complaint when the addon is
        # installed: create the column filled with false in one statement
        # instead of computing it ticket by ticket.
        cr = self.env.cr
        if not sql.column_exists(cr, self._table, "is_complaint"):
            sql.create_column(cr, self._table, "is_complaint", "boolean")
            cr.execute(SQL("UPDATE helpdesk_ticket SET is_complaint = false"))
        return super()._auto_init()

    @api.depends("category_id.is_complaint", "tag_ids.is_complaint")
    def _compute_is_complaint(self):
        for ticket in self:
            ticket.is_complaint = ticket.category_id.is_complaint or any(
                ticket.tag_ids.mapped("is_complaint")
            )

    def _compute_crm_age_days(self):
        now = fields.Datetime.now()
        for ticket in self:
            opened = ticket.create_date
            ticket.crm_age_days = (now - opened).days if opened else 0

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._crm_log_touchpoints()
        return tickets

    def write(self, vals):
        result = super().write(vals)
        if TOUCHPOINT_FIELDS & set(vals):
            self._crm_sync_touchpoints(renamed="name" in vals)
        return result

    # ------------------------------------------------------------------ mail gateway
    @api.model
    def message_new(self, msg, custom_values=None):
        """A ticket created from an e-mail came through the e-mail channel
        (helpdesk_mgmt sets it only when its fetchmail cron runs)."""
        values = dict(custom_values or {})
        if not values.get("channel_id"):
            channel = self.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_channel_email", raise_if_not_found=False
            )
            if channel:
                values["channel_id"] = channel.id
        return super().message_new(msg, custom_values=values)

    def _crm_touchpoint_partner(self):
        return self.partner_id

    def _crm_log_inbound_email(self, message):
        """The e-mails of a ticket are the ticket's conversation: the ticket's
        own touchpoint stands for all of them, so neither the e-mail that opens
        a ticket nor the customer's replies log a touchpoint of their own (a
        ticket opened by e-mail ends with one touchpoint, not two)."""
        return

    # ------------------------------------------------------------------ actions
    def action_crm_open_ticket(self):
        """Open the ticket in full (from the customer's Relationship tab)."""
        self.ensure_one()
        self.check_access("read")
        return self._crm_form_action()

    def _crm_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
