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

    def _action_send_mail_mass_mail(self, res_ids, auto_commit=False):
        """A campaign's batch (queued, never sent here, committed by the step
        runner) is rendered and queued in one pass: the template rendered
        for all its records at once, its e-mails created together, instead
        of Odoo's slices of 50 that each read the blacklist, the aliases and
        the companies again. Everything else is Odoo's."""
        if (
            not self.env.context.get("crm_campaign_steps")
            or self.force_send
            or auto_commit
        ):
            return super()._action_send_mail_mass_mail(res_ids, auto_commit=auto_commit)
        self.ensure_one()
        if not res_ids:
            return self.env["mail.mail"].sudo()
        mails_sudo = (
            self.env["mail.mail"]
            .sudo()
            .create(list(self._prepare_mail_values(res_ids).values()))
        )
        Model = self.env[self.model] if self.model else None
        if Model is not None and hasattr(Model, "message_post"):
            Model.browse(res_ids)._message_mail_after_hook(mails_sudo)
        return mails_sudo
