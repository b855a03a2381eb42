# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import Form, tagged

from .common import CrmRelationshipCase


@tagged("post_install", "-at_install", "crm_relationship")
class TestProfile(CrmRelationshipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.now = now
        spec = [
            # days ago, channel, direction, kind, satisfaction, resolved
            (40, "email", "inbound", "inquiry", "4", False),
            (30, "phone", "inbound", "complaint", "1", False),
            (20, "phone", "inbound", "complaint", "2", True),
            (10, "email", "inbound", "suggestion", False, False),
            (5, "visit", "outbound", "follow_up", "5", False),
            (4, "visit", "outbound", "follow_up", "0", False),
            (3, "email", "inbound", "purchase", False, False),
        ]
        cls.touchpoints = cls.env["crm.touchpoint"].create(
            [
                {
                    "partner_id": cls.customer.id,
                    "date": now - timedelta(days=days),
                    "channel": channel,
                    "direction": direction,
                    "kind": kind,
                    "summary": f"{kind} {days}",
                    "satisfaction": satisfaction,
                    "resolved": resolved,
                }
                for days, channel, direction, kind, satisfaction, resolved in spec
            ]
        )

    def test_profile_figures(self):
        for partner in (self.customer, self.customer_contact):
            self.assertRecordValues(
                partner,
                [
                    {
                        "touchpoint_count": 7,
                        "complaint_count": 2,
                        "open_complaint_count": 1,
                        "suggestion_count": 1,
                        "days_since_last_contact": 3,
                        "preferred_channel": "email",  # most used inbound
                    }
                ],
            )
            # rated only: (4 + 1 + 2 + 5) / 4
            self.assertAlmostEqual(partner.average_satisfaction, 3.0)
        self.assertEqual(
            self.customer.last_touchpoint_date, self.now - timedelta(days=3)
        )

    def test_empty_profile(self):
        self.assertRecordValues(
            self.consumer,
            [
                {
                    "touchpoint_count": 0,
                    "last_touchpoint_date": False,
                    "average_satisfaction": 0.0,
                    "preferred_channel": False,
                }
            ],
        )

    def test_profile_of_many_partners_in_constant_queries(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Batch {i}", "is_company": True} for i in range(30)]
        )
        self.env["crm.touchpoint"].create(
            [
                {"partner_id": p.id, "summary": "hello", "channel": "chat"}
                for p in partners
            ]
        )
        partners.invalidate_recordset()
        with self.assertQueryCount(6):
            partners.mapped("touchpoint_count")
        self.assertEqual(set(partners.mapped("preferred_channel")), {"chat"})

    def test_timeline_newest_first_and_filtered(self):
        timeline = self.customer.timeline_touchpoint_ids
        self.assertEqual(
            timeline.ids, self.touchpoints.sorted("date", reverse=True).ids
        )
        draft = self.customer.new(origin=self.customer)
        draft.timeline_channel = "email"
        self.assertEqual(
            set(draft.timeline_touchpoint_ids.mapped("channel")), {"email"}
        )
        self.assertEqual(len(draft.timeline_touchpoint_ids), 3)
        draft.timeline_kind = "purchase"
        self.assertEqual(len(draft.timeline_touchpoint_ids), 1)
        # through the form, as a user filters it
        with Form(self.customer) as form:
            form.timeline_kind = "complaint"
            self.assertEqual(len(form.timeline_touchpoint_ids), 2)
        self.assertEqual(len(self.customer_contact.timeline_touchpoint_ids), 7)

    def test_filter_no_contact_in_90_days(self):
        Partner = self.env["res.partner"]
        recent = self._new_partner(name="Recent", is_company=True)
        old = self._new_partner(name="Old", is_company=True)
        old_contact = self._new_partner(name="Old Contact", parent_id=old.id)
        never_customer = self._new_partner(name="Never", is_company=True)
        never_customer.customer_rank = 1
        stranger = self._new_partner(name="Vendor Only", is_company=True)
        self._new_touchpoint(partner_id=recent.id, date=self.now - timedelta(days=10))
        self._new_touchpoint(partner_id=old.id, date=self.now - timedelta(days=200))
        cutoff = fields.Date.to_string(fields.Date.today() - timedelta(days=90))
        scope = recent | old | old_contact | never_customer | stranger
        found = Partner.search(
            [("id", "in", scope.ids), ("last_touchpoint_date", "<", cutoff)]
        )
        self.assertEqual(found, old | old_contact | never_customer)
        contacted = Partner.search(
            [("id", "in", scope.ids), ("last_touchpoint_date", ">=", cutoff)]
        )
        self.assertEqual(contacted, recent)

    def test_filter_open_complaints(self):
        other = self._new_partner(name="Calm Customer", is_company=True)
        self._new_touchpoint(partner_id=other.id, kind="complaint", resolved=True)
        found = self.env["res.partner"].search(
            [
                ("id", "in", (self.customer | other).ids),
                (
                    "touchpoint_ids",
                    "any",
                    [("kind", "=", "complaint"), ("resolved", "=", False)],
                ),
            ]
        )
        self.assertEqual(found, self.customer)

    def test_log_touchpoint_action_opens_the_quick_form(self):
        action = self.customer_contact.action_log_touchpoint()
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)
        self.assertEqual(
            action["context"]["default_contact_id"], self.customer_contact.id
        )
        with Form(
            self.env["crm.touchpoint"].with_context(**action["context"]),
            view="crm_relationship.crm_touchpoint_view_form_quick",
        ) as form:
            form.summary = "Walked into the shop"
            form.channel = "visit"
            form.kind = "purchase"
            form.satisfaction = "5"
        self.assertEqual(self.customer.timeline_touchpoint_ids[0], form.record)
        self.assertEqual(form.record.contact_id, self.customer_contact)
