# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _crm_touchpoint_partner(self):
        """The customer a touchpoint about this record belongs to (a company or
        a contact), or an empty recordset. Models with a customer override it;
        an inbound e-mail or a done call on such a record becomes a touchpoint."""
        return self.env["res.partner"]

    def _message_post_after_hook(self, message, msg_values):
        result = super()._message_post_after_hook(message, msg_values)
        # "email" is the message type of incoming mail only (outgoing mail is
        # "email_outgoing" or "comment"), so this logs what customers send us.
        if msg_values.get("message_type") == "email" and len(self) == 1:
            self._crm_log_inbound_email(message)
        return result

    def _crm_log_inbound_email(self, message):
        partner = self._crm_touchpoint_partner()
        if not partner:
            return
        author = message.author_id
        if author and author.commercial_partner_id == partner.commercial_partner_id:
            partner = author
        Touchpoint = self.env["crm.touchpoint"]
        vals = Touchpoint._event_values(
            self,
            f"email-{message.id}",
            channel="email",
            direction="inbound",
            kind="inquiry",
            date=message.date,
            summary=(message.subject or "").strip()
            or self.env._("E-mail about %(document)s", document=self.display_name),
            description=message.body,
        )
        if partner != partner.commercial_partner_id:
            vals["contact_id"] = partner.id
        Touchpoint._log_events([vals])
