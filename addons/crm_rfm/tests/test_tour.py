# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "crm_rfm")
class TestDashboardTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.ref("base.main_company")
        product = cls.env["product.product"].create({"name": "Tour Widget"})
        now = fields.Datetime.now()

        def order(partner, days, amount):
            sale = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "price_unit": amount,
                                "tax_id": [(5, 0, 0)],
                            },
                        )
                    ],
                }
            )
            sale.action_confirm()
            sale.date_order = now - timedelta(days=days)

        cls.big = cls.env["res.partner"].create(
            {"name": "Tour Big Spender", "is_company": True}
        )
        for days in range(160, 400, 20):
            order(cls.big, days, 50000)
        cls.scoring = cls.env["crm.rfm.run"].with_company(company)._execute(company)

    def test_tour_dashboard(self):
        self.start_tour("/odoo", "crm_rfm_dashboard", login="admin")
        calls = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.big.id)]
        )
        self.assertEqual(len(calls), 1)

    def test_export_route_downloads_a_spreadsheet(self):
        self.authenticate("admin", "admin")
        action = self.scoring.with_user(
            self.env.ref("base.user_admin")
        ).action_export_xlsx()
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        names = [row[0].value for row in book.active.iter_rows(min_row=2)]
        self.assertIn("Tour Big Spender", names)
        self.authenticate("demo", "demo")
        response = self.url_open(action["url"])
        self.assertNotEqual(
            response.status_code, 200, "another user's export is refused"
        )
