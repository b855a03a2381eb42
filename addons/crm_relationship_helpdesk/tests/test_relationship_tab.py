# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import HelpdeskRelationshipCase


@tagged("post_install", "-at_install", "crm_relationship_helpdesk")
class TestRelationshipTab(HelpdeskRelationshipCase):
    def test_open_a_ticket_from_a_complaint(self):
        complaint = self._new_touchpoint(
            contact_id=self.customer_contact.id,
            description="<p>The driver left the sofa in the rain.</p>",
            user_id=self.support_salesperson.id,
        )
        action = complaint.with_user(
            self.support_salesperson
        ).action_open_helpdesk_ticket()
        ticket = self.env["helpdesk.ticket"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        self.assertRecordValues(
            ticket,
            [
                {
                    "name": "Angry call about the delivery",
                    "partner_id": self.customer_contact.id,
                    "is_complaint": True,
                    "channel_id": self.channel_phone.id,
                    "company_id": complaint.company_id.id,
                }
            ],
        )
        self.assertIn("in the rain", ticket.description)
        # both linked, and the complaint is the ticket's only touchpoint
        self.assertEqual(complaint.helpdesk_ticket_id, ticket)
        self.assertEqual(self._touchpoints(ticket), complaint)
        self.assertEqual(
            (complaint.res_model, complaint.res_id), (ticket._name, ticket.id)
        )
        self.assertEqual(complaint.summary, "Angry call about the delivery")
        self.assertEqual(self.customer.complaint_count, 1)
        # a second click opens the same ticket
        again = complaint.with_user(
            self.support_salesperson
        ).action_open_helpdesk_ticket()
        self.assertEqual(again["res_id"], ticket.id)
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count(
                [("partner_id", "=", self.customer_contact.id)]
            ),
            1,
        )
        # resolving the ticket resolves the complaint
        ticket.stage_id = self.stage_done
        self.assertTrue(complaint.resolved)
        self.assertEqual(complaint.kind, "complaint")
        self.assertEqual(complaint.channel, "phone")

    def test_a_complaint_from_a_channel_the_helpdesk_does_not_have(self):
        complaint = self._new_touchpoint(channel="visit")
        ticket = self.env["helpdesk.ticket"].browse(
            complaint.action_open_helpdesk_ticket()["res_id"]
        )
        self.assertFalse(ticket.channel_id)
        self.assertEqual(complaint.channel, "visit")

    def test_only_complaints_become_tickets(self):
        inquiry = self._new_touchpoint(kind="inquiry")
        with self.assertRaises(UserError):
            inquiry.action_open_helpdesk_ticket()

    def test_a_salesperson_without_helpdesk_rights_cannot_open_a_ticket(self):
        complaint = self._new_touchpoint(user_id=self.salesperson.id)
        with self.assertRaises(AccessError):
            complaint.with_user(self.salesperson).action_open_helpdesk_ticket()
        self.assertFalse(complaint.helpdesk_ticket_id)

    def test_the_ticket_link_is_not_set_by_hand(self):
        complaint = self._new_touchpoint(user_id=self.support_salesperson.id)
        ticket = self._new_ticket(partner_id=self.consumer.id)
        with self.assertRaises(AccessError):
            complaint.with_user(self.support_salesperson).write(
                {"helpdesk_ticket_id": ticket.id}
            )
        with self.assertRaises(AccessError):
            self.env["crm.touchpoint"].with_user(self.support_salesperson).create(
                {
                    "partner_id": self.consumer.id,
                    "summary": "Hi",
                    "helpdesk_ticket_id": ticket.id,
                }
            )

    def test_open_tickets_and_complaints_with_their_age(self):
        old = self._new_ticket(
            name="Old complaint", category_id=self.category_complaint.id
        )
        recent = self._new_ticket(name="Recent question")
        closed = self._new_ticket(name="Closed one")
        closed.stage_id = self.stage_done
        other = self._new_ticket(name="Someone else's", partner_id=self.consumer.id)
        self._backdate(old, days=9)
        self._backdate(recent, days=2)
        manual = self._new_touchpoint(date=old.create_date)
        with freeze_time(recent.create_date + timedelta(days=2, hours=1)):
            partner = self.customer_contact
            self.assertEqual(partner.crm_open_ticket_ids, old | recent)
            self.assertEqual(partner.crm_open_ticket_count, 2)
            self.assertEqual(partner.crm_open_ticket_ids.mapped("crm_age_days"), [9, 2])
            self.assertNotIn(other, partner.crm_open_ticket_ids)
            complaints = partner.crm_open_complaint_ids
            self.assertEqual(len(complaints), 2)
            self.assertEqual(complaints.mapped("age_days"), [9, 9])
            self.assertEqual(complaints - manual, self._touchpoints(old))
        old.stage_id = self.stage_done
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.crm_open_complaint_ids, manual)
        self.assertEqual(self.customer.crm_open_ticket_ids, recent)

    def test_ticket_button_of_the_tab_opens_the_ticket(self):
        ticket = self._new_ticket()
        action = ticket.with_user(self.support_salesperson).action_crm_open_ticket()
        self.assertEqual(
            (action["res_model"], action["res_id"]), (ticket._name, ticket.id)
        )
