# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def _crm_touchpoint_partner(self):
        return self.partner_id

    def _crm_outcome(self):
        """ "won", "lost" or "open", as the CRM app defines them."""
        self.ensure_one()
        if not self.active and self.probability == 0:
            return "lost"
        if self.active and self.stage_id.is_won:
            return "won"
        return "open"

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._crm_log_creation()
        return leads

    def write(self, vals):
        watched = {"active", "stage_id", "probability", "partner_id"} & set(vals)
        before = {lead.id: lead._crm_outcome() for lead in self} if watched else {}
        result = super().write(vals)
        if watched:
            if "partner_id" in vals:
                self._crm_log_creation()
            self._crm_log_outcomes(before)
        if vals.get("lost_reason_id"):
            self._crm_note_lost_reason()
        return result

    # ------------------------------------------------------------------ logging
    def _crm_log_creation(self):
        """Creation of a lead with a known customer (or the moment the customer
        becomes known), logged once per lead."""
        self.env["crm.touchpoint"]._log_events(self._crm_touchpoint_values_create())

    def _crm_log_outcomes(self, before):
        changed = self.filtered(lambda lead: lead._crm_outcome() != before.get(lead.id))
        self.env["crm.touchpoint"]._log_events(changed._crm_touchpoint_values_outcome())

    def _crm_note_lost_reason(self):
        """A reason given after the loss goes into its touchpoint's summary."""
        lost = self.filtered(lambda lead: lead._crm_outcome() == "lost")
        described = {
            vals["event_ref"]: vals["summary"]
            for vals in lost._crm_touchpoint_values_outcome()
        }
        touchpoints = (
            self.env["crm.touchpoint"]
            .sudo()
            .search([("event_ref", "in", list(described))])
        )
        for touchpoint in touchpoints:
            touchpoint.summary = described[touchpoint.event_ref]

    # ------------------------------------------------------------------ events
    def _crm_touchpoint_values_create(self):
        """The touchpoint of each lead's creation (leads with a customer), for
        the live logging and the install-time backfill alike."""
        Touchpoint = self.env["crm.touchpoint"]
        leads = self.filtered("partner_id")
        channels = Touchpoint._channels_of(leads)
        vals_list = []
        for lead in leads:
            if lead.type == "opportunity":
                summary = self.env._("Opportunity: %(name)s", name=lead.name)
            else:
                summary = self.env._("Lead: %(name)s", name=lead.name)
            vals_list.append(
                Touchpoint._event_values(
                    lead,
                    "create",
                    channel=channels[lead.id],
                    direction="inbound",
                    kind="inquiry",
                    date=lead.create_date,
                    summary=summary,
                    description=lead.description,
                )
            )
        return vals_list

    def _crm_touchpoint_values_outcome(self):
        """The touchpoint of each won or lost opportunity (open ones have
        none), for the live logging and the install-time backfill alike."""
        Touchpoint = self.env["crm.touchpoint"]
        leads = self.filtered(
            lambda lead: lead.partner_id and lead._crm_outcome() != "open"
        )
        channels = Touchpoint._channels_of(leads)
        vals_list = []
        for lead in leads:
            outcome = lead._crm_outcome()
            if outcome == "won":
                summary = self.env._("Opportunity won: %(name)s", name=lead.name)
            elif lead.lost_reason_id:
                summary = self.env._(
                    "Opportunity lost: %(name)s (%(reason)s)",
                    name=lead.name,
                    reason=lead.lost_reason_id.name,
                )
            else:
                summary = self.env._("Opportunity lost: %(name)s", name=lead.name)
            vals_list.append(
                Touchpoint._event_values(
                    lead,
                    outcome,
                    channel=channels[lead.id],
                    direction="inbound",
                    kind="purchase" if outcome == "won" else "other",
                    date=lead.date_closed or lead.write_date,
                    summary=summary,
                )
            )
        return vals_list
