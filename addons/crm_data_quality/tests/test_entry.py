# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import DataQualityCase


@tagged("post_install", "-at_install", "crm_data_quality")
class TestEntry(DataQualityCase):
    def test_phones_are_stored_in_international_format(self):
        contact = self._contact(
            "Lucía Martín", phone="912 34 56 78", mobile="612-345-678"
        )
        self.assertEqual(
            (contact.phone, contact.mobile), ("+34912345678", "+34612345678")
        )
        french = self._contact(
            "Marie Dupont", phone="01 42 68 53 00", country_id=self.france.id
        )
        self.assertEqual(french.phone, "+33142685300")
        # an international prefix wins over the country
        self.assertEqual(
            self._contact("Guest", phone="0033 1 42 68 53 00").phone, "+33142685300"
        )
        contact.write({"phone": "(+34) 915 555 111"})
        self.assertEqual(contact.phone, "+34915555111")

    def test_invalid_data_is_refused_naming_the_field(self):
        cases = [
            ({"email": "ana@@example.com"}, "Email"),
            ({"email": "ana@example"}, "Email"),
            ({"email": "ana@example.com, not an address"}, "Email"),
            ({"phone": "12"}, "Phone"),
            ({"mobile": "call me after 5"}, "Mobile"),
        ]
        for vals, field in cases:
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as caught:
                self._contact("Ana Bad", **vals)
            self.assertIn(field, str(caught.exception))
            self.assertIn("Ana Bad", str(caught.exception))
        contact = self._contact("Ana Good", email="ana@example.com")
        with self.assertRaises(ValidationError):
            contact.write({"email": "ana.example.com"})
        self.assertEqual(contact.email, "ana@example.com")

    def test_a_warning_never_blocks_saving(self):
        # a plausible number that is no known Spanish number is kept as typed,
        # with a warning on the form
        contact = self._contact("Unverified", phone="+34 555 000 111")
        self.assertEqual(contact.phone, "+34 555 000 111")
        self.assertIn("+34 555 000 111", contact.phone_warning)
        # several addresses, each valid, are accepted
        contact.email = "a@example.com; b@example.org"
        self.assertEqual(contact.email, "a@example.com; b@example.org")

    def test_the_form_normalises_while_typing(self):
        with Form(self.Partner) as form:
            form.name = "Typed Contact"
            form.country_id = self.spain
            form.phone = "612 34 56 78"
            self.assertEqual(form.phone, "+34612345678")
        self.assertEqual(form.record.phone, "+34612345678")

    def test_the_form_says_before_saving_which_number_will_be_refused(self):
        form = Form(self.Partner)
        form.name = "Typo Contact"
        form.country_id = self.spain
        form.phone = "12"
        self.assertEqual(
            form.phone_warning,
            "Not a phone number, it will be refused when you save: 12",
        )
        with self.assertRaisesRegex(ValidationError, "“12” is not a phone number"):
            form.save()

    def test_numbers_follow_each_contacts_country(self):
        spanish = self._contact("Spanish", phone="612345678")
        french = self._contact("French", phone="612345678", country_id=self.france.id)
        (spanish | french).write({"mobile": "612345679"})
        self.assertEqual(spanish.mobile, "+34612345679")
        self.assertEqual(french.mobile, "+33612345679")

    def test_completeness_score_and_needs_data(self):
        consumer = self._contact("Consumer", customer_type="consumer")
        self.assertEqual(consumer.completeness_score, 33)
        self.assertEqual(consumer.completeness_missing, "e-mail or phone, salesperson")
        consumer.write({"email": "c@example.com", "user_id": self.salesperson.id})
        self.assertEqual(consumer.completeness_score, 100)
        self.assertFalse(consumer.completeness_missing)
        business = self._contact(
            "Business",
            is_company=True,
            email="b@example.com",
            user_id=self.salesperson.id,
        )
        self.assertEqual(business.customer_type, "b2b")
        self.assertEqual(business.completeness_score, 75)
        self.assertEqual(business.completeness_missing, "address (street, city)")
        business.write({"street": "Calle Mayor 1", "city": "Madrid"})
        self.assertEqual(business.completeness_score, 100)
        # a contact of the company has its salesperson through the company
        person = self._contact("Employee", parent_id=business.id, email="e@example.com")
        self.assertEqual(person.completeness_score, 100)
        needs_data = self.Partner.search(
            [
                ("completeness_score", "<", 100),
                ("id", "in", (consumer | business | person).ids),
            ]
        )
        self.assertFalse(needs_data)
        business.user_id = False
        self.assertIn(business, self.Partner.search([("completeness_score", "<", 100)]))

    def test_install_time_sql_gives_the_same_scores(self):
        partners = (
            self._contact("Consumer A", customer_type="consumer")
            | self._contact(
                "Consumer B", email="b@example.com", user_id=self.salesperson.id
            )
            | self._contact("Business A", is_company=True, city="Madrid")
            | self._contact(
                "Distributor",
                is_company=True,
                customer_type="distributor",
                street="Calle 1",
                city="Valencia",
                phone="963222333",
                user_id=self.salesperson.id,
            )
            | self._contact("Internal", customer_type="internal", mobile="612345678")
        )
        expected = partners.mapped("completeness_score")
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET completeness_score = NULL")
        self.env.execute_query(self.env["res.partner"]._completeness_sql())
        partners.invalidate_recordset()
        self.assertEqual(partners.mapped("completeness_score"), expected)
        self.assertEqual(expected, [33, 100, 25, 100, 67])
