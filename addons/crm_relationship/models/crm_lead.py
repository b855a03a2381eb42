# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

# Lead medium (utm) -> touchpoint channel.
MEDIUM_CHANNELS = {
    "utm.utm_medium_email": "email",
    "utm.utm_medium_phone": "phone",
    "utm.utm_medium_website": "web",
    "utm.utm_medium_direct": "visit",
    "utm.utm_medium_twitter": "social",
    "utm.utm_medium_facebook": "social",
    "utm.utm_medium_linkedin": "social",
}


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

    def _crm_channel(self):
        medium = self.medium_id
        if medium:
            xmlid = medium.get_external_id().get(medium.id)
            if xmlid in MEDIUM_CHANNELS:
                return MEDIUM_CHANNELS[xmlid]
        return "web" if self.website else "other"

    def _crm_log_creation(self):
        """Creation of a lead with a known customer (or the moment the customer
        becomes known), logged once per lead."""
        Touchpoint = self.env["crm.touchpoint"]
        vals_list = []
        for lead in self.filtered("partner_id"):
            label = (
                self.env._("Opportunity")
                if lead.type == "opportunity"
                else self.env._("Lead")
            )
            vals_list.append(
                Touchpoint._event_values(
                    lead,
                    "create",
                    channel=lead._crm_channel(),
                    direction="inbound",
                    kind="inquiry",
                    date=lead.create_date,
                    summary=self.env._(
                        "%(type)s: %(name)s", type=label, name=lead.name
                    ),
                    description=lead.description,
                )
            )
        Touchpoint._log_events(vals_list)

    def _crm_log_outcomes(self, before):
        Touchpoint = self.env["crm.touchpoint"]
        vals_list = []
        for lead in self.filtered("partner_id"):
            outcome = lead._crm_outcome()
            if outcome == before.get(lead.id) or outcome == "open":
                continue
            if outcome == "won":
                summary = self.env._("Opportunity won: %(name)s", name=lead.name)
            else:
                summary = self.env._("Opportunity lost: %(name)s", name=lead.name)
            vals_list.append(
                Touchpoint._event_values(
                    lead,
                    outcome,
                    channel=lead._crm_channel(),
                    direction="inbound",
                    kind="purchase" if outcome == "won" else "other",
                    date=lead.date_closed or lead.write_date,
                    summary=summary,
                )
            )
        Touchpoint._log_events(vals_list)

    def _crm_note_lost_reason(self):
        refs = {f"crm.lead,{lead.id},lost": lead for lead in self}
        touchpoints = (
            self.env["crm.touchpoint"].sudo().search([("event_ref", "in", list(refs))])
        )
        for touchpoint in touchpoints:
            lead = refs[touchpoint.event_ref]
            touchpoint.summary = self.env._(
                "Opportunity lost: %(name)s (%(reason)s)",
                name=lead.name,
                reason=lead.lost_reason_id.name,
            )
