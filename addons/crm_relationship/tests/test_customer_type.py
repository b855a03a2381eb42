# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import Form, tagged

from .common import CrmRelationshipCase


@tagged("post_install", "-at_install", "crm_relationship")
class TestCustomerType(CrmRelationshipCase):
    def test_inferred_from_company_or_person(self):
        company = self._new_partner(name="Zeta Corp", is_company=True)
        person = self._new_partner(name="Zoe Person")
        self.assertEqual(company.customer_type, "b2b")
        self.assertEqual(person.customer_type, "consumer")

    def test_inference_in_the_form(self):
        with Form(self.env["res.partner"]) as form:
            form.name = "Form Person"
            self.assertEqual(form.customer_type, "consumer")
            form.company_type = "company"
            self.assertEqual(form.customer_type, "b2b")
            form.customer_type = "distributor"
        self.assertEqual(form.record.customer_type, "distributor")

    def test_explicit_value_wins(self):
        partner = self._new_partner(name="Franchise One", customer_type="distributor")
        self.assertEqual(partner.customer_type, "distributor")
        partner.is_company = True
        self.assertEqual(partner.customer_type, "distributor", "a chosen type is kept")
        person = self._new_partner(name="Was A Person")
        person.is_company = True
        self.assertEqual(person.customer_type, "b2b", "an inferred type follows")

    def test_contacts_follow_their_commercial_entity(self):
        distributor = self._new_partner(
            name="Norte Hogar", is_company=True, customer_type="distributor"
        )
        contact = self._new_partner(name="Nerea", parent_id=distributor.id)
        self.assertEqual(contact.customer_type, "distributor")
        distributor.customer_type = "internal"
        self.assertEqual(contact.customer_type, "internal")
        contact.parent_id = self.customer
        self.assertEqual(contact.customer_type, "b2b")

    def test_change_is_tracked(self):
        partner = self._new_partner(name="Tracked Co", is_company=True)
        self.cr.flush()  # changes made in the creating transaction are not tracked
        partner.customer_type = "distributor"
        self.env.flush_all()
        self.cr.flush()  # tracking values are written at commit
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "=", partner.id),
                ("field_id.name", "=", "customer_type"),
            ]
        )
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.old_value_char, "Business (B2B)")
        self.assertEqual(tracking.new_value_char, "Distributor / franchisee")
        self.assertEqual(tracking.mail_message_id.author_id, self.env.user.partner_id)

    def test_every_partner_has_a_type_after_install(self):
        self.env.cr.execute(
            "SELECT count(*) FROM res_partner WHERE customer_type IS NULL"
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_filter_and_group_by_type(self):
        Partner = self.env["res.partner"]
        groups = dict(
            Partner._read_group(
                [("id", "in", (self.customer | self.consumer).ids)],
                ["customer_type"],
                ["__count"],
            )
        )
        self.assertEqual(groups, {"b2b": 1, "consumer": 1})
        consumers = Partner.search([("customer_type", "=", "consumer")])
        self.assertIn(self.consumer, consumers)
        self.assertNotIn(self.customer, consumers)
