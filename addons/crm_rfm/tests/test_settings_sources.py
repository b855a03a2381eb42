# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CrmRfmCase


@tagged("post_install", "-at_install", "crm_rfm")
class TestSettingsAndSources(CrmRfmCase):
    def _invoice(self, partner, days_ago, amount, move_type="out_invoice"):
        move = (
            self.env["account.move"]
            .with_company(self.company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": self.today - timedelta(days=days_ago),
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [(5, 0, 0)],
                            },
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    def test_posted_invoices_and_credit_notes(self):
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=self.company, install_demo=False
        )
        buyer = self._customer("Invoiced Buyer")
        other = self._customer("Other Buyer")
        self._invoice(buyer, 100, 500)
        self._invoice(buyer, 30, 300)
        self._invoice(buyer, 20, 100, move_type="out_refund")
        self._invoice(other, 10, 50)
        draft = self._invoice(other, 5, 999)
        draft.button_draft()
        self.company.rfm_source = "invoices"
        run = self._run()
        buyer = buyer.with_company(self.company)
        self.assertEqual(run.partner_count, 2)
        self.assertEqual(buyer.rfm_frequency, 2, "a credit note is not a purchase")
        self.assertAlmostEqual(buyer.rfm_monetary, 700.0, places=2)
        self.assertEqual(buyer.rfm_recency_days, 30)
        self.assertAlmostEqual(other.with_company(self.company).rfm_monetary, 50.0)

    def test_analysis_window(self):
        partner = self._customer("Old and New")
        self._history(partner, [10, 800], 100)
        self.company.rfm_window_days = 365
        self._run()
        self.assertEqual(partner.with_company(self.company).rfm_frequency, 1)

    def test_margin_needs_sale_margin(self):
        has_margin = "margin" in self.env["sale.order"]._fields
        if has_margin:
            self.company.rfm_monetary_basis = "margin"
            with self.assertRaises(ValidationError):
                self.company.rfm_source = "invoices"
        else:
            with self.assertRaisesRegex(ValidationError, "Sale Margin"):
                self.company.rfm_monetary_basis = "margin"

    def test_bad_settings_are_refused_with_a_clear_message(self):
        for values, message in (
            ({"rfm_recency_cuts": "90, 30, 180, 365"}, "four ascending numbers"),
            ({"rfm_monetary_cuts": "lots"}, "four ascending numbers"),
            ({"rfm_window_days": 7}, "at least 30 days"),
            ({"rfm_discount_rate": 10}, "fraction between 0 and 1"),
        ):
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self.company.write(values)

    def test_settings_form(self):
        settings = Form(self.env["res.config.settings"].with_company(self.company))
        settings.rfm_cut_mode = "fixed"
        settings.rfm_recency_cuts = "15, 45, 90, 180"
        settings.rfm_scoring_scope = "per_type"
        settings.save().execute()
        self.assertEqual(self.company.rfm_recency_cuts, "15, 45, 90, 180")
        self.assertEqual(self.company._rfm_cuts()["recency"], [15.0, 45.0, 90.0, 180.0])
