# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _prepare_mail_values(self, res_ids):
        """A campaign queues the e-mails of a whole batch with one composer:
        each e-mail is linked to its participant's step."""
        result = super()._prepare_mail_values(res_ids)
        steps = self.env.context.get("crm_campaign_steps")
        if steps:
            for res_id in res_ids:
                if res_id in steps:
                    result[res_id]["automation_record_step_id"] = steps[res_id]
        return result
