# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import HelpdeskRelationshipCase


@tagged("post_install", "-at_install", "crm_relationship_helpdesk")
class TestTicketTouchpoint(HelpdeskRelationshipCase):
    def test_a_ticket_of_a_customer_logs_one_touchpoint(self):
        ticket = self._new_ticket(channel_id=self.channel_phone.id)
        touchpoint = self._touchpoints(ticket)
        self.assertEqual(len(touchpoint), 1)
        self.assertRecordValues(
            touchpoint,
            [
                {
                    "partner_id": self.customer.id,
                    "contact_id": self.customer_contact.id,
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                    "event_ref": f"helpdesk.ticket,{ticket.id},create",
                    "channel": "phone",
                    "direction": "inbound",
                    "kind": "support",
                    "resolved": False,
                    "satisfaction": False,
                    "date": ticket.create_date,
                    "company_id": ticket.company_id.id,
                    "team_id": False,
                }
            ],
        )
        self.assertIn(ticket.number, touchpoint.summary)
        self.assertIn("The sofa arrived late", touchpoint.summary)
        # editing the ticket (even the fields the touchpoint follows) never
        # adds a second one
        ticket.write({"priority": "3", "stage_id": self.stage_in_progress.id})
        ticket.write({"partner_id": self.customer_contact.id})
        self.assertEqual(len(self._touchpoints(ticket)), 1)
        self.assertIn(touchpoint, self.customer.timeline_touchpoint_ids)

    def test_a_ticket_without_customer_logs_when_the_customer_is_known(self):
        ticket = self._new_ticket(partner_id=False, partner_email="x@example.com")
        self.assertFalse(self._touchpoints(ticket))
        ticket.partner_id = self.consumer
        touchpoint = self._touchpoints(ticket)
        self.assertEqual(touchpoint.partner_id, self.consumer)
        self.assertFalse(touchpoint.contact_id)

    def test_channels(self):
        for channel, expected in (
            (self.channel_phone, "phone"),
            (self.channel_web, "web"),
            (self.channel_email, "email"),
            (self.env["helpdesk.ticket.channel"], "other"),
        ):
            ticket = self._new_ticket(channel_id=channel.id)
            self.assertEqual(self._touchpoints(ticket).channel, expected)
        chat = self.env["helpdesk.ticket.channel"].create(
            {"name": "WhatsApp", "touchpoint_channel": "chat"}
        )
        ticket = self._new_ticket(channel_id=chat.id)
        self.assertEqual(self._touchpoints(ticket).channel, "chat")
        # the administrator maps the channel to another touchpoint channel
        chat.touchpoint_channel = "sms"
        self.assertEqual(self._touchpoints(ticket).channel, "sms")
        # the ticket moves to another channel
        ticket.channel_id = self.channel_phone
        self.assertEqual(self._touchpoints(ticket).channel, "phone")

    def test_category_or_tag_marked_as_complaint(self):
        by_category = self._new_ticket(category_id=self.category_complaint.id)
        by_tag = self._new_ticket(tag_ids=[(6, 0, self.tag_complaint.ids)])
        support = self._new_ticket(
            category_id=self.category_question.id, tag_ids=[(6, 0, self.tag_other.ids)]
        )
        self.assertTrue(by_category.is_complaint)
        self.assertTrue(by_tag.is_complaint)
        self.assertFalse(support.is_complaint)
        self.assertEqual(self._touchpoints(by_category).kind, "complaint")
        self.assertEqual(self._touchpoints(by_tag).kind, "complaint")
        self.assertEqual(self._touchpoints(support).kind, "support")
        # recategorised: the touchpoint follows
        by_category.category_id = self.category_question
        self.assertEqual(self._touchpoints(by_category).kind, "support")
        support.tag_ids = [(4, self.tag_complaint.id)]
        self.assertEqual(self._touchpoints(support).kind, "complaint")

    def test_administrator_marks_a_category_or_tag_later(self):
        ticket = self._new_ticket(
            category_id=self.category_question.id, tag_ids=[(6, 0, self.tag_other.ids)]
        )
        self.assertEqual(self._touchpoints(ticket).kind, "support")
        self.category_question.is_complaint = True
        self.assertEqual(self._touchpoints(ticket).kind, "complaint")
        self.assertEqual(self.customer.open_complaint_count, 1)
        self.category_question.is_complaint = False
        self.assertEqual(self._touchpoints(ticket).kind, "support")
        self.tag_other.is_complaint = True
        self.assertEqual(self._touchpoints(ticket).kind, "complaint")

    def test_a_complaint_set_by_hand(self):
        ticket = self._new_ticket(category_id=self.category_question.id)
        ticket.is_complaint = True
        self.assertEqual(self._touchpoints(ticket).kind, "complaint")

    def test_closing_resolves_and_reopening_unresolves(self):
        ticket = self._new_ticket(category_id=self.category_complaint.id)
        touchpoint = self._touchpoints(ticket)
        self.assertEqual(self.customer.open_complaint_count, 1)
        ticket.stage_id = self.stage_done
        self.assertTrue(touchpoint.resolved)
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.open_complaint_count, 0)
        self.assertEqual(self.customer.complaint_count, 1)
        ticket.stage_id = self.stage_in_progress
        self.assertFalse(touchpoint.resolved)
        ticket.stage_id = self.stage_cancelled
        self.assertTrue(touchpoint.resolved)
        # a stage that stops being a closing stage reopens its tickets
        self.stage_cancelled.closed = False
        self.assertFalse(touchpoint.resolved)

    def test_the_touchpoint_follows_the_customer_and_the_title(self):
        ticket = self._new_ticket()
        touchpoint = self._touchpoints(ticket)
        ticket.partner_id = self.consumer
        self.assertEqual(touchpoint.partner_id, self.consumer)
        self.assertFalse(touchpoint.contact_id)
        ticket.name = "Sofa: wrong colour"
        self.assertIn("Sofa: wrong colour", touchpoint.summary)
        # no customer any more: the touchpoint stays with the last one
        ticket.partner_id = False
        self.assertEqual(touchpoint.partner_id, self.consumer)

    def test_a_customer_of_another_company_gets_no_touchpoint(self):
        restricted = self.env["res.partner"].create(
            {"name": "Only in B", "company_id": self.company_b.id}
        )
        ticket = self._new_ticket(partner_id=restricted.id)
        self.assertEqual(ticket.company_id, self.company_a)
        self.assertFalse(self._touchpoints(ticket))
        # in its own company it is logged there
        ticket_b = self._new_ticket(
            partner_id=restricted.id, company_id=self.company_b.id
        )
        self.assertEqual(self._touchpoints(ticket_b).company_id, self.company_b)

    def test_erased_texts_stay_erased(self):
        ticket = self._new_ticket(category_id=self.category_complaint.id)
        touchpoint = self._touchpoints(ticket)
        self.customer.action_crm_erase_personal_data()
        erased = touchpoint.summary
        self.assertNotIn("sofa", erased.lower())
        ticket.write(
            {"stage_id": self.stage_done.id, "channel_id": self.channel_web.id}
        )
        self.assertEqual(touchpoint.summary, erased)
        self.assertFalse(touchpoint.description)
        self.assertTrue(touchpoint.resolved)

    def test_html_of_the_ticket_is_sanitised_in_the_touchpoint(self):
        ticket = self._new_ticket(
            name="<img src=x onerror=alert(1)>",
            description='<p>Hi</p><script>alert("x")</script>'
            '<img src="x" onerror="alert(2)">',
        )
        touchpoint = self._touchpoints(ticket)
        # the summary is plain text (escaped wherever it is shown)
        self.assertIn("<img src=x onerror=alert(1)>", touchpoint.summary)
        self.assertNotIn("<script", touchpoint.description)
        self.assertNotIn("onerror", touchpoint.description)
        self.assertIn("Hi", touchpoint.description)
