# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup, escape

from odoo import api, fields, models, tools
from odoo.tools import SQL


class MailMail(models.Model):
    _inherit = "mail.mail"

    # Deleting a step looks for its e-mails: indexed, not a scan of the queue.
    automation_record_step_id = fields.Many2one(index="btree_not_null")

    @api.model_create_multi
    def create(self, vals_list):
        """A campaign's e-mails are created in bulk: their link to their step
        is written in one statement, and the steps get their Message-Id with
        their outcome (automation_oca writes it step by step)."""
        if not self.env.context.get("crm_campaign_steps"):
            return super().create(vals_list)
        steps = [vals.pop("automation_record_step_id", False) for vals in vals_list]
        mails = super().create(vals_list)
        linked = [
            (mail.id, step) for mail, step in zip(mails, steps, strict=True) if step
        ]
        if linked:
            self.env.execute_query(
                SQL(
                    "UPDATE mail_mail m SET automation_record_step_id = u.step "
                    "FROM unnest(%s::int[], %s::int[]) AS u(mail, step) "
                    "WHERE m.id = u.mail",
                    [mail_id for mail_id, _step in linked],
                    [step for _mail_id, step in linked],
                )
            )
            mails.invalidate_recordset(["automation_record_step_id"])
        return mails

    def _prepare_outgoing_body(self):
        """Every campaign e-mail ends with an unsubscribe link that works
        without login and is signed for the recipient's address."""
        body = super()._prepare_outgoing_body()
        step = self.automation_record_step_id
        partner = step.record_id.partner_id if step else False
        if body and partner and partner.email_normalized:
            url = partner.sudo()._crm_campaign_unsubscribe_url()
            _ = self.with_context(lang=partner.lang or self.env.lang).env._
            footer = Markup(
                '<p style="font-size: 12px; color: #888888;">%s <a href="%s">%s</a></p>'
            ) % (
                escape(_("Do you prefer not to receive these e-mails?")),
                url,
                escape(_("Unsubscribe")),
            )
            body = tools.mail.append_content_to_html(body, footer, plaintext=False)
        return body
