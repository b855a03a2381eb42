# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import CrmRelationshipCase

INBOUND_EMAIL = """Return-Path: <{sender}>
From: Customer <{sender}>
To: sales@company.example.com
Subject: {subject}
Message-ID: <{message_id}@mail.example.com>
Date: Tue, 24 Nov 2026 10:12:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Hello, could you send me the new price list? Thanks.
"""


@tagged("post_install", "-at_install", "crm_relationship")
class TestAutoLogging(CrmRelationshipCase):
    def test_order_confirmation_is_logged_once(self):
        order = self._new_order(self.customer_contact)
        order.action_confirm()
        touchpoint = self._logged(order)
        self.assertEqual(len(touchpoint), 1)
        self.assertRecordValues(
            touchpoint,
            [
                {
                    "partner_id": self.customer.id,
                    "contact_id": self.customer_contact.id,
                    "kind": "purchase",
                    "direction": "inbound",
                    "user_id": self.salesperson.id,
                    "company_id": order.company_id.id,
                    "event_ref": f"sale.order,{order.id},confirm",
                }
            ],
        )
        self.assertIn(order.name, touchpoint.summary)
        # cancel, back to quotation, confirm again: still one touchpoint
        order._action_cancel()
        order.action_draft()
        order.action_confirm()
        self.assertEqual(len(self._logged(order)), 1)

    def test_quotation_is_not_a_touchpoint(self):
        order = self._new_order(self.customer)
        self.assertFalse(self._logged(order))

    def test_lead_creation_won_and_lost(self):
        Lead = self.env["crm.lead"]
        lead = Lead.create(
            {
                "name": "20 chairs",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "medium_id": self.env.ref("utm.utm_medium_email").id,
            }
        )
        created = self._logged(lead)
        self.assertEqual(created.mapped("kind"), ["inquiry"])
        self.assertEqual(created.channel, "email")
        lead.action_set_won()
        lead.action_set_won()
        won = self._logged(lead) - created
        self.assertEqual(len(won), 1)
        self.assertEqual(won.kind, "purchase")
        self.assertIn("won", won.summary)

        lost_lead = Lead.create(
            {
                "name": "Desk lamps",
                "type": "opportunity",
                "partner_id": self.consumer.id,
            }
        )
        reason = self.env["crm.lost.reason"].create({"name": "Too expensive"})
        lost_lead.action_set_lost(lost_reason_id=reason.id)
        lost = self._logged(lost_lead).filtered(lambda t: "lost" in t.event_ref)
        self.assertEqual(len(lost), 1)
        self.assertIn("Too expensive", lost.summary)

    def test_lead_without_customer_is_logged_when_the_customer_is_set(self):
        lead = self.env["crm.lead"].create({"name": "Website form"})
        self.assertFalse(self._logged(lead))
        lead.partner_id = self.consumer
        lead.partner_id = self.customer  # a second change logs nothing more
        touchpoints = self._logged(lead)
        self.assertEqual(len(touchpoints), 1)
        self.assertEqual(touchpoints.partner_id, self.consumer)

    def _process(self, model, record, sender, message_id, subject="Price list"):
        email = INBOUND_EMAIL.format(
            sender=sender, message_id=message_id, subject=subject
        )
        return self.env["mail.thread"].message_process(
            model, email, thread_id=record.id
        )

    def test_inbound_email_on_partner_lead_and_order(self):
        lead = self.env["crm.lead"].create(
            {"name": "Quote", "partner_id": self.customer.id}
        )
        order = self._new_order(self.consumer)
        for record, sender in (
            (self.customer, "ada@acme.example.com"),
            (lead, "ada@acme.example.com"),
            (order, "lola@example.com"),
        ):
            self._process(
                record._name, record, sender, f"in-{record._name}-{record.id}"
            )
            email = self._logged(record).filtered(lambda t: t.channel == "email")
            self.assertEqual(len(email), 1, record._name)
            self.assertEqual(email.direction, "inbound")
            self.assertEqual(email.summary, "Price list")
            self.assertIn("price list", email.description)
        on_partner = self._logged(self.customer)
        self.assertEqual(
            on_partner.contact_id, self.customer_contact, "author is the contact"
        )

    def test_same_email_twice_is_logged_once(self):
        self._process("res.partner", self.consumer, "lola@example.com", "dup-1")
        self._process("res.partner", self.consumer, "lola@example.com", "dup-1")
        self.assertEqual(len(self._logged(self.consumer)), 1)

    def test_outgoing_messages_are_not_touchpoints(self):
        self.consumer.message_post(body="Internal note", message_type="comment")
        self.consumer.message_post(
            body="We sent the catalogue",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(self._logged(self.consumer))

    def test_done_call_and_meeting_are_logged_other_activities_not(self):
        lead = self.env["crm.lead"].create(
            {"name": "Follow", "partner_id": self.consumer.id}
        )
        call = lead.activity_schedule(
            "mail.mail_activity_data_call",
            summary="Call back",
            user_id=self.salesperson.id,
        )
        meeting_type = self.env["mail.activity.type"].search(
            [("category", "=", "meeting")], limit=1
        )
        meeting = lead.activity_schedule(
            activity_type_id=meeting_type.id, summary="Visit"
        )
        todo = lead.activity_schedule(
            "mail.mail_activity_data_todo", summary="Prepare quote"
        )
        before = self._logged(lead)
        call.action_feedback(feedback="Interested, send a quote")
        meeting.action_done()
        todo.action_done()
        logged = self._logged(lead) - before
        self.assertEqual(sorted(logged.mapped("channel")), ["meeting", "phone"])
        phone = logged.filtered(lambda t: t.channel == "phone")
        self.assertEqual(phone.summary, "Call back")
        self.assertEqual(phone.direction, "outbound")
        self.assertEqual(phone.user_id, self.salesperson)
        self.assertIn("send a quote", phone.description)

    def test_logging_happens_for_users_without_touchpoint_rights(self):
        """A plain internal user (no sales rights) marking a call done on a
        partner still leaves a touchpoint (logging is a side effect)."""
        employee = self.env["res.users"].create(
            {
                "name": "Employee",
                "login": "crm_employee",
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
            }
        )
        call = self.consumer.activity_schedule(
            "mail.mail_activity_data_call", summary="Ring", user_id=employee.id
        )
        call.with_user(employee).action_done()
        self.assertEqual(len(self._logged(self.consumer)), 1)

    def test_history_backfill_is_idempotent(self):
        order = self._new_order(self.customer_contact)
        order.action_confirm()
        quotation = self._new_order(self.consumer)
        won = self.env["crm.lead"].create(
            {
                "name": "Backfilled deal",
                "type": "opportunity",
                "partner_id": self.customer.id,
            }
        )
        won.action_set_won()
        lost = self.env["crm.lead"].create(
            {
                "name": "Backfilled loss",
                "type": "opportunity",
                "partner_id": self.consumer.id,
            }
        )
        lost.action_set_lost()
        documents = [(order, 1), (quotation, 0), (won, 2), (lost, 2)]
        # as if the module had been installed after these events
        Touchpoint = self.env["crm.touchpoint"]
        Touchpoint.search([("res_model", "in", ("sale.order", "crm.lead"))]).unlink()
        Touchpoint._backfill_from_history()
        Touchpoint._backfill_from_history()
        for record, expected in documents:
            self.assertEqual(len(self._logged(record)), expected, record.display_name)
        logged = self._logged(order)
        self.assertEqual(
            (logged.partner_id, logged.contact_id),
            (self.customer, self.customer_contact),
        )
        self.assertEqual(
            logged.summary,
            f"Order {order.name} confirmed "
            f"({order.currency_id.format(order.amount_total)} "
            f"{order.currency_id.name})",
        )
        self.assertEqual(logged.event_ref, f"sale.order,{order.id},confirm")
        self.assertEqual(
            sorted(self._logged(won).mapped("kind")), ["inquiry", "purchase"]
        )
        # and the live logging recognises the backfilled events
        order._crm_log_confirmation()
        self.assertEqual(len(self._logged(order)), 1)
