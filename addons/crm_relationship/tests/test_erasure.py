# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import CrmRelationshipCase


@tagged("post_install", "-at_install", "crm_relationship")
class TestErasure(CrmRelationshipCase):
    """Erasure and retention are the CRM relationship administrators' job,
    within the companies they work in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a customer both companies sell to, and a contact of it
        cls.shared = cls._new_partner(
            name="Shared Customer", is_company=True, email="shared@example.com"
        )
        cls.shared_contact = cls._new_partner(
            name="Sam Shared", parent_id=cls.shared.id, phone="+34 600 000 001"
        )
        cls.in_a = cls._new_touchpoint(
            partner_id=cls.shared.id,
            company_id=cls.company_a.id,
            summary="Company A: private deal",
            description="<p>A's notes</p>",
        )
        cls.in_b = cls._new_touchpoint(
            partner_id=cls.shared.id,
            contact_id=cls.shared_contact.id,
            company_id=cls.company_b.id,
            summary="Company B: call",
            description="<p>B's notes</p>",
        )
        cls.admin_b = cls._new_crm_administrator("crm_admin_b", cls.company_b)

    def test_erasure_touches_only_the_companies_of_the_administrator(self):
        self.shared.with_user(self.admin_b).action_crm_erase_personal_data()
        self.assertEqual(self.in_b.summary, "(erased)")
        self.assertFalse(self.in_b.description)
        self.assertEqual(self.in_a.summary, "Company A: private deal")
        self.assertIn("A's notes", self.in_a.description)
        self.assertFalse(self.shared.email or self.shared_contact.phone)
        # the chatter says what was erased here, nothing of company A
        note = self.shared.message_ids[0]
        self.assertIn("Personal data erased", note.body)
        self.assertIn("Company B", note.body)
        self.assertNotIn(self.company_a.name, note.body)

    def test_erasure_within_the_companies_selected_in_the_switcher(self):
        # the manager works in A and B; only B is selected
        self.shared.with_user(self.manager).with_context(
            allowed_company_ids=self.company_b.ids
        ).action_crm_erase_personal_data()
        self.assertEqual(self.in_b.summary, "(erased)")
        self.assertEqual(self.in_a.summary, "Company A: private deal")

    def test_erasure_needs_no_email_address_of_the_administrator(self):
        self.admin_b.partner_id.email = False
        self.shared.with_user(self.admin_b).action_crm_erase_personal_data()
        self.assertEqual(self.in_b.summary, "(erased)")
        self.assertEqual(
            self.shared.message_ids[0].author_id, self.admin_b.partner_id, "who"
        )

    def test_crm_administrator_without_sales_rights_may_erase(self):
        admin = self._new_crm_administrator(
            "crm_admin_ab", self.company_a | self.company_b
        )
        self.assertFalse(admin.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(admin.has_group("base.group_partner_manager"))
        self.shared.with_user(admin).with_context(
            allowed_company_ids=(self.company_a | self.company_b).ids
        ).action_crm_erase_personal_data()
        self.assertEqual((self.in_a | self.in_b).mapped("summary"), ["(erased)"] * 2)

    def test_erasure_of_a_customer_the_administrator_cannot_see(self):
        only_a = self._new_partner(
            name="Only A", company_id=self.company_a.id, email="a@example.com"
        )
        with self.assertRaises(AccessError):
            only_a.with_user(self.admin_b).action_crm_erase_personal_data()
        self.assertEqual(only_a.email, "a@example.com")
        with self.assertRaises(AccessError):
            self.shared.with_user(self.salesperson).action_crm_erase_personal_data()

    def test_crm_administrator_sets_the_retention_of_their_company(self):
        admin = self._new_crm_administrator("crm_admin_ret", self.company_b)
        self.assertFalse(admin.has_group("base.group_system"))
        with Form(self.env["crm.touchpoint.retention"].with_user(admin)) as form:
            self.assertEqual(form.touchpoint_retention_days, 0)
            form.touchpoint_retention_days = 730
        self.assertEqual(form.record.company_id, self.company_b)
        form.record.action_save()
        self.assertEqual(self.company_b.touchpoint_retention_days, 730)
        self.assertEqual(self.company_a.touchpoint_retention_days, 0)

    def test_retention_of_another_company_or_negative_is_refused(self):
        Retention = self.env["crm.touchpoint.retention"].with_user(self.admin_b)
        with self.assertRaises(AccessError):
            Retention.create(
                {"company_id": self.company_a.id, "touchpoint_retention_days": 1}
            ).action_save()
        with self.assertRaises(ValidationError):
            Retention.create(
                {"company_id": self.company_b.id, "touchpoint_retention_days": -5}
            ).action_save()
        with self.assertRaises(AccessError):
            self.env["crm.touchpoint.retention"].with_user(self.salesperson).create(
                {"touchpoint_retention_days": 1}
            )
        self.assertEqual(self.company_a.touchpoint_retention_days, 0)

    def test_erasure_removes_the_chatter_copies_and_keeps_orders_and_invoices(self):
        tom = self._new_partner(
            name="Tom Tracked", email="tom@old.example.com", phone="+34 611 111 111"
        )
        self.cr.flush()  # changes made in the creating transaction are not tracked
        tom.write({"email": "tom@new.example.com", "phone": "+34 622 222 222"})
        self.env.flush_all()
        self.cr.flush()  # tracking values are written at commit
        self.assertIn(
            "tom@old.example.com",
            tom.message_ids.tracking_value_ids.mapped("old_value_char"),
        )
        # an e-mail Tom sent us: a touchpoint, a message, an attachment
        email = tom.message_post(
            body="<p>My card number is 4111 1111 1111 1111</p>",
            subject="Card for the order",
            message_type="email",
            author_id=tom.id,
            email_from="tom@new.example.com",
            attachments=[("card.txt", b"4111 1111 1111 1111")],
        )
        (touchpoint,) = self._logged(tom)  # the e-mail
        self.assertIn("4111", touchpoint.description)
        lead = self.env["crm.lead"].create({"name": "Tom's desk", "partner_id": tom.id})
        self.assertEqual(lead.email_from, "tom@new.example.com")
        order = self._new_order(tom)
        order.action_confirm()
        invoice = order._create_invoices()
        total = invoice.amount_total

        tom.with_user(self.manager).action_crm_erase_personal_data()
        self.env.flush_all()
        self.cr.flush()

        texts = []
        for value in tom.message_ids.tracking_value_ids:
            texts += [value.old_value_char or "", value.new_value_char or ""]
        texts += [email.body, email.subject or "", email.email_from or ""]
        texts += [lead.email_from or "", lead.phone or "", touchpoint.summary]
        self.assertFalse(
            [t for t in texts if "tom@" in t or "111" in t or "222" in t], texts
        )
        self.assertIn("(erased)", email.body)
        self.assertFalse(email.attachment_ids)
        self.assertFalse(tom.email or tom.phone)
        # orders and invoices stay as they were
        self.assertTrue(order.exists() and invoice.exists())
        self.assertEqual((order.partner_id, invoice.partner_id), (tom, tom))
        self.assertEqual(invoice.amount_total, total)
        # logged: who, when, what kinds of data
        note = tom.message_ids[0]
        self.assertEqual(note.author_id, self.manager.partner_id)
        self.assertTrue(note.date)
        for kind in (
            "Personal data erased by crm_manager",
            "the texts of 3 touchpoints",  # the e-mail, the lead, the order
            "old e-mail addresses and phone numbers in the chatter",
            "1 e-mails received from them",
            "the contact data copied on 1 ",
            "Orders, invoices",
        ):
            self.assertIn(kind, note.body)
