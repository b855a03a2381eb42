# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CrmRelationshipCase


@tagged("post_install", "-at_install", "crm_relationship")
class TestTouchpoint(CrmRelationshipCase):
    def test_contact_given_as_customer_moves_to_its_company(self):
        touchpoint = self._new_touchpoint(partner_id=self.customer_contact.id)
        self.assertEqual(touchpoint.partner_id, self.customer)
        self.assertEqual(touchpoint.contact_id, self.customer_contact)
        self.assertEqual(touchpoint.customer_type, "b2b")

    def test_contact_must_belong_to_the_customer(self):
        with self.assertRaises(ValidationError):
            self._new_touchpoint(
                partner_id=self.consumer.id, contact_id=self.customer_contact.id
            )

    def test_date_in_the_future_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "in the future"):
            self._new_touchpoint(date=fields.Datetime.now() + timedelta(days=3))
        # a few hours ahead (another time zone's clock) is accepted
        self._new_touchpoint(date=fields.Datetime.now() + timedelta(hours=3))

    def test_required_fields_and_unknown_values(self):
        Touchpoint = self.env["crm.touchpoint"]
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            Touchpoint.create({"partner_id": self.customer.id, "channel": "phone"})
        with self.assertRaises(ValueError):
            self._new_touchpoint(channel="pigeon")

    def test_satisfaction_score(self):
        rated = self._new_touchpoint(satisfaction="4")
        unrated = self._new_touchpoint(satisfaction=False)
        not_rated = self._new_touchpoint(satisfaction="0")
        self.assertEqual(rated.satisfaction_score, 4)
        self.assertFalse(unrated.satisfaction_score)
        self.assertFalse(not_rated.satisfaction_score)

    def test_description_is_sanitised(self):
        touchpoint = self._new_touchpoint(
            description='<p>Hello</p><img src=x onerror="alert(1)">'
            "<script>alert(2)</script>"
        )
        self.assertIn("Hello", touchpoint.description)
        self.assertNotIn("onerror", touchpoint.description)
        self.assertNotIn("<script", touchpoint.description)

    def test_hostile_names_are_escaped_in_the_chatter(self):
        # the erasure note quotes the user's name: it must stay text
        self.manager.name = "<img src=x onerror=alert(1)>"
        self.customer.with_user(self.manager).action_crm_erase_personal_data()
        body = self.customer.message_ids[0].body
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", body)
        self.assertNotIn("<img", body)

    def test_open_source_document(self):
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        order.action_confirm()
        touchpoint = self.env["crm.touchpoint"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(touchpoint.source_name, order.name)
        action = touchpoint.action_open_source()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("sale.order", order.id)
        )
        manual = self._new_touchpoint()
        with self.assertRaises(UserError):
            manual.action_open_source()

    def test_resolve_and_reopen_a_complaint(self):
        complaint = self._new_touchpoint(kind="complaint", summary="Broken chair")
        complaint.action_mark_resolved()
        self.assertTrue(complaint.resolved)
        complaint.action_reopen()
        self.assertFalse(complaint.resolved)

    def test_company_consistency(self):
        with self.assertRaises(UserError):
            self._new_touchpoint(
                partner_id=self.customer_b.id, company_id=self.company_a.id
            )
        touchpoint = self._new_touchpoint(
            partner_id=self.customer_b.id, company_id=self.company_b.id
        )
        self.assertEqual(touchpoint.company_id, self.company_b)

    def test_default_sales_team_single_and_batch(self):
        team = self.env["crm.team"].create(
            {"name": "Retail", "member_ids": [(4, self.salesperson.id)]}
        )
        Touchpoint = self.env["crm.touchpoint"].with_user(self.salesperson)
        single = Touchpoint.create({"partner_id": self.customer.id, "summary": "one"})
        batch = Touchpoint.create(
            [{"partner_id": self.customer.id, "summary": f"b{i}"} for i in range(3)]
        )
        self.assertEqual(single.team_id, team)
        self.assertEqual(batch.team_id, team)
        forced = (
            self.env["crm.touchpoint"]
            .with_context(default_team_id=False)
            .create(
                [{"partner_id": self.customer.id, "summary": f"c{i}"} for i in range(2)]
            )
        )
        self.assertFalse(forced.team_id)

    def test_summary_is_one_line_of_at_most_200_characters(self):
        Touchpoint = self.env["crm.touchpoint"].with_user(self.salesperson)
        with self.assertRaisesRegex(ValidationError, "10000 characters long"):
            Touchpoint.create({"partner_id": self.customer.id, "summary": "x" * 10000})
        for blank in ("", "   ", "\n\t "):
            with self.assertRaisesRegex(ValidationError, "needs a summary"):
                Touchpoint.create({"partner_id": self.customer.id, "summary": blank})
        at_most = Touchpoint.create(
            {"partner_id": self.customer.id, "summary": "y" * 200}
        )
        for summary, reason in (("y" * 201, "201 characters long"), (" ", "needs a")):
            with (
                self.assertRaisesRegex(ValidationError, reason),
                self.cr.savepoint(),
            ):
                at_most.write({"summary": summary})
            at_most.invalidate_recordset()
            self.assertEqual(at_most.summary, "y" * 200)

    def test_long_texts_odoo_logs_are_shortened_on_one_line(self):
        subject = "Re: " + "very long subject " * 30
        lead = self.env["crm.lead"].create(
            {"name": "Line one\nline two " + "z" * 300, "partner_id": self.customer.id}
        )
        touchpoint = self.env["crm.touchpoint"].search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]
        )
        self.assertEqual(len(touchpoint.summary), 200)
        self.assertTrue(touchpoint.summary.endswith("…"))
        self.assertNotIn("\n", touchpoint.summary)
        self.assertIn(": Line one line two zzz", touchpoint.summary)
        self.consumer.message_post(subject=subject, body="hello", message_type="email")
        mail = self.env["crm.touchpoint"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.consumer.id)]
        )
        self.assertEqual(len(mail.summary), 200)
        blank = self.consumer.message_post(
            subject="   ", body="no subject", message_type="email"
        )
        self.assertTrue(blank)
        self.assertIn(
            "E-mail about",
            self.env["crm.touchpoint"]
            .search(
                [("event_ref", "=", f"res.partner,{self.consumer.id},email-{blank.id}")]
            )
            .summary,
        )
