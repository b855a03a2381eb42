# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Campaign steps log their touchpoints through crm_relationship's set-based
path (``_log_events`` -> ``_insert_events``): it must write what the ORM's
``create`` writes, with the same checks."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CampaignCase


@tagged("post_install", "-at_install", "crm_campaigns")
class TestTouchpointBatch(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Touchpoint = cls.env["crm.touchpoint"].sudo()
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Campaign batch team",
                "company_id": cls.company.id,
                "member_ids": [Command.link(cls.salesperson.id)],
            }
        )
        cls.firm = cls._customer(
            "Batch Firm", is_company=True, company_id=cls.company.id
        )
        cls.person = cls._customer(
            "Batch Person", parent_id=cls.firm.id, company_id=cls.company.id
        )
        cls.consumer = cls._customer("Batch Consumer", company_id=cls.company.id)
        cls.foreign = cls._customer("Batch Foreign", company_id=cls.other_company.id)

    def _events(self, tag):
        """Event values covering what the ORM's create adds or checks: a
        contact given as the customer, defaults (team, direction, ...), a
        rating (computed score), a description to sanitise, a document."""
        now = fields.Datetime.now()
        return [
            {
                "partner_id": self.person.id,
                "company_id": self.company.id,
                "user_id": self.salesperson.id,
                "channel": "email",
                "kind": "marketing",
                "direction": "outbound",
                "summary": "Campaign “Spring”: offer",
                "date": now,
                "res_model": "res.partner",
                "res_id": self.person.id,
                "event_ref": f"batch-test-{tag}-1",
            },
            {
                "partner_id": self.consumer.id,
                "company_id": self.company.id,
                "user_id": self.salesperson.id,
                "channel": "phone",
                "kind": "follow_up",
                "summary": "Called back",
                "satisfaction": "4",
                "description": "<p>Fine<script>alert(1)</script></p>",
                "date": now - timedelta(days=2, microseconds=805963),
                "event_ref": f"batch-test-{tag}-2",
            },
            {
                "partner_id": self.firm.id,
                "company_id": self.company.id,
                "user_id": False,
                "team_id": self.team.id,
                "summary": "Visit",
                "event_ref": f"batch-test-{tag}-3",
            },
        ]

    def _stored(self, touchpoints, cached=False):
        """Every stored value of ``touchpoints`` but the id and the event key,
        as read from the database (the cache dropped first), or as in cache."""
        names = [
            name
            for name, field in self.Touchpoint._fields.items()
            if field.store and name not in ("id", "event_ref")
        ]
        if not cached:
            self.env.invalidate_all()
        return touchpoints.read(names, load=False)

    def _strip(self, rows):
        return [{k: v for k, v in row.items() if k != "id"} for row in rows]

    @freeze_time("2026-11-20 10:00:00")
    def test_batch_path_writes_what_the_orm_writes(self):
        for size in (3, 1):  # a batch, and a single event
            batch = self.Touchpoint._log_events(self._events(f"set{size}")[:size])
            orm = self.Touchpoint.create(self._events(f"orm{size}")[:size])
            self.assertEqual(len(batch), size)
            cached = self._stored(batch, cached=True)
            batch_rows, orm_rows = self._stored(batch), self._stored(orm)
            self.assertEqual(self._strip(batch_rows), self._strip(orm_rows))
            # what the batch put in cache is what the database holds
            self.assertEqual(cached, batch_rows)
        first = self.Touchpoint.search([("event_ref", "=", "batch-test-set3-1")])
        self.assertEqual(first.partner_id, self.firm)
        self.assertEqual(first.contact_id, self.person)
        rated = self.Touchpoint.search([("event_ref", "=", "batch-test-set3-2")])
        self.assertEqual(rated.satisfaction_score, 4)
        self.assertNotIn("script", rated.description)
        self.assertEqual(rated.customer_type, self.consumer.customer_type)

    def test_each_event_once(self):
        events = self._events("once")
        first = self.Touchpoint._log_events(events + events[:1])
        self.assertEqual(len(first), 3)
        self.assertFalse(self.Touchpoint._log_events(events))
        self.assertEqual(
            self.Touchpoint.search_count([("event_ref", "like", "batch-test-once-%")]),
            3,
        )

    def test_customer_sees_the_new_touchpoints_at_once(self):
        self.assertFalse(self.consumer.touchpoint_ids)  # in cache, empty
        logged = self.Touchpoint._log_events(self._events("seen")[1:2])
        self.assertEqual(self.consumer.touchpoint_ids, logged)

    def test_same_refusals_as_the_orm(self):
        cases = [
            (ValidationError, {"summary": "x" * 201}),
            (ValidationError, {"date": fields.Datetime.now() + timedelta(days=3)}),
            (ValidationError, {"contact_id": self.person.id}),  # not the consumer's
            (UserError, {"partner_id": self.foreign.id}),  # another company
        ]
        for index, (error, change) in enumerate(cases):
            for path in ("set", "orm"):
                vals = dict(self._events(f"bad{index}{path}")[1], **change)
                with (
                    self.subTest(change=change, path=path),
                    self.assertRaises(error),
                    self.env.cr.savepoint(),
                ):
                    if path == "set":
                        self.Touchpoint._log_events([vals])
                    else:
                        self.Touchpoint.create([vals])
