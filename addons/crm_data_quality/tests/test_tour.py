# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "crm_data_quality")
class TestTour(HttpCase):
    def test_tour_contact_with_bad_data(self):
        """A salesperson enters a contact with a bad e-mail: refused, naming
        the field; fixed, it is saved, the phone in international format, and
        flagged as a likely duplicate with a link to the merge wizard."""
        new_test_user(
            self.env,
            login="dq_tour_seller",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            name="Tour Seller",
        )
        spain = self.env.ref("base.es")
        self.env.company.country_id = spain
        original = self.env["res.partner"].create(
            {
                "name": "Hierros Cantábricos SL",
                "is_company": True,
                "email": "compras@hierros.example.com",
                "city": "Santander",
                "country_id": spain.id,
            }
        )
        self.start_tour(
            "/odoo/contacts/new", "crm_data_quality_contact", login="dq_tour_seller"
        )
        entered = self.env["res.partner"].search(
            [("name", "=", "Hierros Cantabricos S.L.")]
        )
        self.assertEqual(entered.email, "compras@hierros.example.com")
        self.assertEqual(entered.phone, "+34942345678")
        self.assertEqual(entered.duplicate_partner_ids, original)
