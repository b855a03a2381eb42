# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup, escape

from odoo import models, tools


class MailMail(models.Model):
    _inherit = "mail.mail"

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
