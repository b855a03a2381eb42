# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError

# automation_oca's states of a campaign that enrols records.
RUNNING = ("periodic", "ondemand")


class CrmNextAction(models.Model):
    _inherit = "crm.next.action"

    # ------------------------------------------------------------------ reason
    def _reason_data(self):
        data = super()._reason_data()
        partners = self.filtered(
            lambda row: row.rule_id.reason_figures == "crosssell"
        ).partner_id
        data["crosssell"] = self.env["res.partner"]._crosssell_offers(
            partners, self.company_id
        )
        return data

    def _figures_crosssell(self, data):
        if self.partner_id.id not in data["crosssell"]:
            return []
        antecedent, consequent, lift = data["crosssell"][self.partner_id.id]
        return [
            self.env._(
                "bought %(bought)s, not yet %(offer)s (lift %(lift)s)",
                bought=antecedent,
                offer=consequent,
                lift=round(lift, 1),
            )
        ]

    # ------------------------------------------------------------------ action
    def _do_campaign(self, record):
        """Enrol the customer in the rule's campaign, once, unless CRM
        Campaigns leaves them alone (blacklisted, opted out, bounced,
        objecting to profiling): then nothing is enrolled and the salesperson
        is told why."""
        campaign = self.rule_id.campaign_id.sudo()
        partner = self.partner_id
        if campaign.model != "res.partner" or campaign.state not in RUNNING:
            raise UserError(
                self.env._(
                    "The campaign “%(campaign)s” is not running on contacts: "
                    "start it, or change the rule “%(rule)s”.",
                    campaign=campaign.name,
                    rule=self.rule_id.name,
                )
            )
        Record = self.env["automation.record"].sudo()
        if Record.search_count(
            [
                ("configuration_id", "=", campaign.id),
                ("model", "=", "res.partner"),
                ("res_id", "=", partner.id),
            ]
        ):
            return self._notify(
                self.env._(
                    "%(customer)s is already in “%(campaign)s”.",
                    customer=partner.name,
                    campaign=campaign.name,
                ),
                "info",
            )
        reason = campaign._campaign_exclusions([partner.id]).get(partner.id)
        if reason:
            labels = dict(
                Record._fields["exclusion_reason"]._description_selection(self.env)
            )
            raise UserError(
                self.env._(
                    "%(customer)s cannot be enrolled in “%(campaign)s”: %(reason)s.",
                    customer=partner.name,
                    campaign=campaign.name,
                    reason=labels.get(reason, reason),
                )
            )
        # As automation_oca enrols the records of a run, with what CRM
        # Campaigns records of each participant.
        enrolment = campaign._create_record(
            partner.sudo(),
            partner_id=partner.id,
            company_id=(campaign.company_id or self.company_id).id,
        )
        enrolment.automation_step_ids._trigger_activities()
        return self._notify(
            self.env._(
                "%(customer)s enrolled in “%(campaign)s”.",
                customer=partner.name,
                campaign=campaign.name,
            )
        )
