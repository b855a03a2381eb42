# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import HelpdeskRelationshipCase


@tagged("post_install", "-at_install", "crm_relationship_helpdesk")
class TestRating(HelpdeskRelationshipCase):
    def _rate(self, ticket, value):
        """What the customer's click on the rating e-mail does."""
        token = ticket._rating_get_access_token()
        return ticket.rating_apply(value, token=token, feedback="Thanks")

    def test_rating_of_a_closed_ticket_is_the_satisfaction(self):
        ticket = self._new_ticket(category_id=self.category_complaint.id)
        touchpoint = self._touchpoints(ticket)
        ticket.stage_id = self.stage_done
        self.assertFalse(touchpoint.satisfaction)
        self._rate(ticket, 5)
        self.assertEqual(touchpoint.satisfaction, "5")
        self.assertEqual(touchpoint.satisfaction_score, 5)
        # the customer changes their mind: the latest rating counts
        self._rate(ticket, 1)
        self.assertEqual(touchpoint.satisfaction, "1")

    def test_ratings_make_the_profile_average(self):
        first = self._new_ticket()
        second = self._new_ticket(name="Wrong colour")
        (first | second).stage_id = self.stage_done
        self._rate(first, 5)
        self._rate(second, 3)
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.average_satisfaction, 4.0)
        self.customer_contact.invalidate_recordset()
        self.assertEqual(self.customer_contact.average_satisfaction, 4.0)

    def test_a_rating_request_not_answered_changes_nothing(self):
        ticket = self._new_ticket()
        ticket.stage_id = self.stage_done
        ticket._rating_get_access_token()  # the request, not consumed
        self.assertFalse(self._touchpoints(ticket).satisfaction)

    def test_a_rating_written_directly(self):
        # as helpdesk_mgmt_rating's own tests and the rating views do
        ticket = self._new_ticket()
        ticket.stage_id = self.stage_done
        ticket._rating_get_access_token()
        rating = ticket.rating_ids
        rating.write({"rating": 3, "consumed": True})
        self.assertEqual(self._touchpoints(ticket).satisfaction, "3")

    def test_a_helpdesk_user_closes_and_the_customer_rates(self):
        ticket = self._new_ticket(user_id=self.helpdesk_user.id)
        as_agent = ticket.with_user(self.helpdesk_user)
        as_agent.stage_id = self.stage_done
        self._rate(ticket.sudo(), 5)
        touchpoint = self._touchpoints(ticket)
        self.assertTrue(touchpoint.resolved)
        self.assertEqual(touchpoint.satisfaction, "5")
        self.assertEqual(touchpoint.user_id, self.helpdesk_user)
