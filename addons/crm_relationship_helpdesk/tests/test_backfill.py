# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from ..hooks import post_init_hook
from .common import HelpdeskRelationshipCase

# What the live logging and the backfill must agree on.
COMPARED = [
    "partner_id",
    "contact_id",
    "date",
    "channel",
    "direction",
    "kind",
    "summary",
    "description",
    "satisfaction",
    "satisfaction_score",
    "resolved",
    "user_id",
    "team_id",
    "company_id",
    "res_model",
    "res_id",
    "event_ref",
    "helpdesk_ticket_id",
]


@tagged("post_install", "-at_install", "crm_relationship_helpdesk")
class TestBackfill(HelpdeskRelationshipCase):
    def _tickets_from_before(self, count):
        """Tickets as a database has them before the addon is installed:
        every state the backfill must describe, and no touchpoint."""
        tickets = self.env["helpdesk.ticket"]
        for index in range(count):
            tickets |= self._new_ticket(
                name=f"Old ticket {index}",
                partner_id=(self.customer_contact, self.consumer)[index % 2].id,
                channel_id=(self.channel_phone, self.channel_web)[index % 2].id,
                category_id=(self.category_complaint, self.category_question)[
                    index % 2
                ].id,
                user_id=self.helpdesk_user.id,
            )
        closed = tickets[::3]
        closed.stage_id = self.stage_done
        for ticket in closed:
            ticket.rating_apply(4, token=ticket._rating_get_access_token())
        archived = tickets[1:2]
        archived.active = False
        return tickets

    def _read(self, touchpoints):
        rows = touchpoints.read(COMPARED)
        for row in rows:
            del row["id"]
        return sorted(rows, key=lambda row: row["helpdesk_ticket_id"])

    def _drop_touchpoints(self, tickets):
        touchpoints = self._touchpoints_of(tickets)
        live = self._read(touchpoints)
        touchpoints.unlink()
        return live

    def _touchpoints_of(self, tickets):
        return (
            self.env["crm.touchpoint"]
            .sudo()
            .search([("helpdesk_ticket_id", "in", tickets.ids)], order="id")
        )

    def test_install_on_a_database_with_tickets(self):
        tickets = self._tickets_from_before(7)
        without_customer = self._new_ticket(partner_id=False)
        live = self._drop_touchpoints(tickets)
        self.assertFalse(self._touchpoints_of(tickets))

        post_init_hook(self.env)

        backfilled = self._touchpoints_of(tickets)
        self.assertEqual(len(backfilled), 7)
        self.assertFalse(self._touchpoints(without_customer))
        # the same touchpoints as live logging, field for field
        self.assertEqual(self._read(backfilled), live)
        self.assertEqual(
            sorted(backfilled.filtered("satisfaction").mapped("satisfaction")),
            ["4", "4", "4"],
        )
        # running it again adds nothing
        post_init_hook(self.env)
        self.assertEqual(self._touchpoints_of(tickets), backfilled)

    def test_the_backfill_costs_the_same_queries_for_more_tickets(self):
        Ticket = self.env["helpdesk.ticket"]
        counts = []
        for size in (3, 12):
            tickets = self._tickets_from_before(size)
            self._drop_touchpoints(tickets)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.assertEqual(Ticket._crm_backfill_touchpoints(), size)
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(len(self._touchpoints_of(tickets)), size)
        self.assertEqual(counts[0], counts[1], f"queries for 3 and 12: {counts}")

    def test_the_backfill_works_in_batches(self):
        tickets = self._tickets_from_before(5)
        self._drop_touchpoints(tickets)
        self.assertEqual(
            self.env["helpdesk.ticket"]._crm_backfill_touchpoints(batch_size=2), 5
        )
        self.assertEqual(len(self._touchpoints_of(tickets)), 5)
