# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# The purpose whose consent a kind of campaign step needs.
STEP_PURPOSES = {"mail": "marketing_email", "activity": "marketing_call"}


class AutomationRecordStep(models.Model):
    _inherit = "automation.record.step"

    def _campaign_filter(self, config_step, outcome, reasons):
        """A step skips, with the reason "no marketing consent", the contacts
        whose consent its purpose lacks: an e-mail who refused marketing
        e-mails, a call who refused marketing calls. Their other steps run:
        refusing calls is not refusing e-mails."""
        runnable = super()._campaign_filter(config_step, outcome, reasons)
        purpose = STEP_PURPOSES.get(config_step.step_type)
        if not runnable or not purpose:
            return runnable
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        refused = set(
            Partner._search(
                [("id", "in", runnable.record_id.partner_id.ids)]
                + Partner._crm_no_consent_domain(purpose)
            )
        )
        skipped = runnable.filtered(lambda s: s.record_id.partner_id.id in refused)
        for step in skipped:
            outcome["rejected"].append(step.id)
            reasons[step.id] = "no_consent"
        return runnable - skipped
