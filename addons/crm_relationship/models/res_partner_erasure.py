# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Right to erasure of a customer's personal data (res.partner inherits this):
their e-mail and phones, the texts of their touchpoints, and the copies the
mail thread keeps (old values in the chatter, the e-mails they sent)."""

import logging
import re

from markupsafe import Markup

from odoo import models
from odoo.exceptions import AccessError

_logger = logging.getLogger(__name__)

# The contact data blanked on the customer and every contact of theirs.
CONTACT_FIELDS = ("email", "phone", "mobile")
# Tracked fields whose old values in a chatter are contact data: the partner's
# own, and the copies documents keep (a lead's e-mail, a ticket's e-mail...).
TRACKED_CONTACT_FIELDS = CONTACT_FIELDS + (
    "email_from",
    "email_cc",
    "partner_email",
    "partner_phone",
)
# The event of a touchpoint logged from an incoming e-mail ends with the id of
# the message: "<model>,<id>,email-<message id>".
EMAIL_EVENT = re.compile(r",email-(\d+)$")


def _forget_tracking(records, fnames):
    """Drop the values of ``fnames`` that an earlier change of ``records`` in
    this transaction noted to track at commit: they would come back in the
    chatter as the old values of a change."""
    pending = records.env.cr.precommit.data.get(f"mail.tracking.{records._name}", {})
    for record_id in records.ids:
        for fname in fnames:
            (pending.get(record_id) or {}).pop(fname, None)


class PartnerErasure(models.AbstractModel):
    _name = "crm.partner.erasure"
    _description = "Erasure of a Customer's Personal Data"

    def action_crm_erase_personal_data(self):
        """Right to erasure, within the companies the administrator works in
        (those selected in the company switcher): the texts of the customers'
        touchpoints of those companies, the e-mail and phone numbers of the
        customers and their contacts (and the copies of them that their leads
        and documents keep), the old values of those in the chatter, and the
        e-mails they sent us (text, subject, sender, attachments). The facts
        (dates, channels, kinds), orders and invoices stay so that statistics
        and accounts remain true; who erased what, and when, is logged in the
        chatter. Other companies' touchpoints are theirs to erase.

        Open to CRM relationship administrators, whether or not they have
        Sales or Contacts rights: the group grants erasure.
        """
        if not self.env.user.has_group(
            "crm_relationship.group_crm_relationship_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only CRM relationship administrators can erase personal data."
                )
            )
        self.check_access("read")
        # Searched as the administrator: their companies' records only.
        commercial = self.commercial_partner_id
        people = self | self.with_context(active_test=False).search(
            [("id", "child_of", commercial.ids)]
        )
        touchpoints = self.env["crm.touchpoint"].search(
            [
                "|",
                ("partner_id", "in", commercial.ids),
                ("contact_id", "in", people.ids),
            ]
        )
        erased = people._crm_erase_personal_data(touchpoints)
        self._crm_log_erasure(people, erased)
        return True

    def _crm_erase_personal_data(self, touchpoints):
        """Erase the personal data of these people (after the access checks
        of the action); returns the kinds of data erased, each a translated
        sentence saying how many."""
        marker = self.env._("(erased)")
        # Found before the addresses are blanked: they identify the e-mails.
        messages = self._crm_received_emails(touchpoints)
        trackings = self._crm_contact_trackings(touchpoints)
        erased = []
        touchpoints.write({"summary": marker, "description": False, "ref": False})
        erased.append(
            self.env._("the texts of %(count)s touchpoints", count=len(touchpoints))
        )
        # Not tracked: the chatter would keep the old values as a new change.
        quiet = self.sudo().with_context(mail_notrack=True, tracking_disable=True)
        quiet.write(dict.fromkeys(CONTACT_FIELDS, False))
        _forget_tracking(self, CONTACT_FIELDS)
        erased.append(
            self.env._(
                "the e-mail addresses and phone numbers of %(count)s contacts",
                count=len(self),
            )
        )
        for model, partner_field, fnames in self._crm_erasure_documents():
            if model not in self.env:
                continue
            Document = self.env[model].sudo()
            domain = [(partner_field, "in", self.ids)]
            if "company_id" in Document._fields:
                # the companies the administrator works in, as for touchpoints
                domain.append(("company_id", "in", [*self.env.companies.ids, False]))
            documents = Document.search(domain)
            documents.with_context(mail_notrack=True, tracking_disable=True).write(
                dict.fromkeys(fnames, False)
            )
            _forget_tracking(documents, fnames)
            if documents:
                erased.append(
                    self.env._(
                        "the contact data copied on %(count)s %(documents)s",
                        count=len(documents),
                        documents=self.env["ir.model"]._get(model).name,
                    )
                )
        for fname in ("old_value_char", "new_value_char"):
            trackings.filtered(fname).write({fname: marker})
        erased.append(
            self.env._(
                "%(count)s old e-mail addresses and phone numbers in the chatter",
                count=len(trackings),
            )
        )
        messages.attachment_ids.unlink()
        messages.write(
            {
                "body": Markup("<p>%s</p>") % marker,
                "subject": False,
                "email_from": False,
                "reply_to": False,
            }
        )
        erased.append(
            self.env._(
                "%(count)s e-mails received from them (text, subject, sender and "
                "attachments)",
                count=len(messages),
            )
        )
        return erased

    def _crm_erasure_documents(self):
        """(model, customer field, fields) of the documents that keep a copy
        of a customer's contact data, blanked with it. Orders and invoices
        keep none (they point at the customer) and are never touched."""
        return [("crm.lead", "partner_id", ["email_from", "email_cc", "phone"])]

    def _crm_received_emails(self, touchpoints):
        """The e-mails these people sent us, as superuser: those touchpoints
        were logged from, and the incoming e-mails on the touchpoints'
        documents (a lead, an order, a ticket) that they wrote."""
        Message = self.env["mail.message"].sudo()
        ids = {
            int(match.group(1))
            for match in map(
                EMAIL_EVENT.search, filter(None, touchpoints.mapped("event_ref"))
            )
            if match
        }
        messages = Message.browse(ids).exists()
        senders = [("author_id", "in", self.ids)]
        for email in {p.email_normalized for p in self.sudo() if p.email_normalized}:
            senders = ["|", ("email_from", "ilike", email), *senders]
        for model, res_ids in self._crm_documents_of(touchpoints).items():
            messages |= Message.search(
                [
                    ("model", "=", model),
                    ("res_id", "in", res_ids),
                    ("message_type", "=", "email"),
                    *senders,
                ]
            )
        return messages

    def _crm_contact_trackings(self, touchpoints):
        """The tracked old and new contact data in the chatter of these people
        and of the touchpoints' documents, as superuser."""
        Tracking = self.env["mail.tracking.value"].sudo()
        trackings = Tracking.search(
            [
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "in", self.ids),
                ("field_id.name", "in", TRACKED_CONTACT_FIELDS),
            ]
        )
        for model, res_ids in self._crm_documents_of(touchpoints).items():
            trackings |= Tracking.search(
                [
                    ("mail_message_id.model", "=", model),
                    ("mail_message_id.res_id", "in", res_ids),
                    ("field_id.name", "in", TRACKED_CONTACT_FIELDS),
                ]
            )
        return trackings

    def _crm_documents_of(self, touchpoints):
        """{model: [ids]} of the documents the touchpoints were logged from."""
        documents = {}
        for touchpoint in touchpoints.sudo():
            if touchpoint.res_model and touchpoint.res_id:
                documents.setdefault(touchpoint.res_model, []).append(touchpoint.res_id)
        return documents

    def _crm_log_erasure(self, people, erased):
        """Who erased what, and when (the note's date), in the chatter of each
        person; no e-mail goes out, and none is needed from the author."""
        user = self.env.user
        body = Markup("<p>%s</p><ul>%s</ul><p>%s</p>") % (
            self.env._(
                "Personal data erased by %(user)s in %(companies)s:",
                user=user.name,
                companies=", ".join(self.env.companies.mapped("name")),
            ),
            Markup().join(Markup("<li>%s</li>") % item for item in erased),
            self.env._(
                "Orders, invoices and the facts of the touchpoints (dates, "
                "channels, kinds) are kept."
            ),
        )
        people._message_log_batch({partner.id: body for partner in people})
        _logger.info(
            "Personal data of partners %s erased by user %s: %s",
            people.ids,
            user.id,
            "; ".join(erased),
        )
