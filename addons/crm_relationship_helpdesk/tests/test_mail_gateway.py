# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MailCommon

from .common import HelpdeskRelationshipMixin

EMAIL = """Return-Path: {return_path}
To: {to}
cc: {cc}
From: {email_from}
Subject: {subject}
Message-ID: {msg_id}
Date: Tue, 24 Nov 2026 10:12:00 +0000
MIME-Version: 1.0
{extra}Content-Type: text/html; charset="utf-8"

<p>The sofa arrived with a torn cushion.</p><script>alert("x")</script>
"""


@tagged("post_install", "-at_install", "crm_relationship_helpdesk")
class TestMailGateway(HelpdeskRelationshipMixin, MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_helpdesk_relationship()

    def _customer_touchpoints(self):
        return (
            self.env["crm.touchpoint"]
            .sudo()
            .search([("partner_id", "=", self.customer.id)])
        )

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def _process(self, subject, email_from, **kwargs):
        return self.format_and_process(
            EMAIL,
            email_from,
            "support@test.mycompany.com",
            subject=subject,
            model="helpdesk.ticket",
            target_model="helpdesk.ticket",
            **kwargs,
        )

    def test_a_ticket_opened_by_email_logs_one_touchpoint(self):
        ticket = self._process(
            "Torn cushion", "Marta Sol <marta@mueblessol.example.com>"
        )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id, self.customer_contact)
        self.assertEqual(ticket.channel_id, self.channel_email)
        # the e-mail is on the ticket's chatter, and still: one touchpoint,
        # the ticket's
        self.assertIn(
            "torn cushion", " ".join(ticket.message_ids.mapped("body")).lower()
        )
        touchpoints = self._customer_touchpoints()
        self.assertEqual(len(touchpoints), 1)
        self.assertRecordValues(
            touchpoints,
            [
                {
                    "helpdesk_ticket_id": ticket.id,
                    "res_model": "helpdesk.ticket",
                    "contact_id": self.customer_contact.id,
                    "channel": "email",
                    "kind": "support",
                }
            ],
        )
        # the HTML of the e-mail is sanitised in the touchpoint
        self.assertIn("torn cushion", touchpoints.description)
        self.assertNotIn("<script", touchpoints.description)

    def test_a_reply_of_the_customer_adds_no_touchpoint(self):
        ticket = self._process(
            "Torn cushion", "Marta Sol <marta@mueblessol.example.com>"
        )
        message_id = ticket.message_ids.filtered(
            lambda message: message.message_type == "email"
        )[:1].message_id
        self.assertTrue(message_id)
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            self.format_and_process(
                EMAIL,
                "Marta Sol <marta@mueblessol.example.com>",
                "support@test.mycompany.com",
                subject="Re: Torn cushion",
                extra=f"In-Reply-To: {message_id}\n",
                target_model="helpdesk.ticket",
            )
        self.assertEqual(
            len(ticket.message_ids.filtered(lambda m: m.message_type == "email")), 2
        )
        self.assertEqual(len(self._customer_touchpoints()), 1)

    def test_email_of_an_unknown_sender(self):
        ticket = self._process("Question", "someone@unknown.example.com")
        self.assertFalse(ticket.partner_id)
        self.assertFalse(self._touchpoints(ticket))

    def test_a_complaint_by_email(self):
        # the alias of a complaints team files them in a complaint category
        ticket = self._process(
            "Late again",
            "Marta Sol <marta@mueblessol.example.com>",
        )
        ticket.category_id = self.category_complaint
        self.assertEqual(self._touchpoints(ticket).kind, "complaint")
        self.assertEqual(self.customer.open_complaint_count, 1)
