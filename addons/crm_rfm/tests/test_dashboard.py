# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

import openpyxl

from odoo.tests import tagged

from .common import CrmRfmCase


@tagged("post_install", "-at_install", "crm_rfm")
class TestDashboard(CrmRfmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.distributor = cls._customer("Norte Hogar", customer_type="distributor")
        cls.champion = cls._customer(
            '=HYPERLINK("http://x","y")', user_id=cls.salesperson.id
        )
        cls._history(cls.champion, [1, 10, 20, 30, 40, 50, 60, 70], 800)
        cls.vip_leaving = cls._customer(
            "VIP Leaving", user_id=cls.salesperson.id, distributor_id=cls.distributor.id
        )
        cls._history(
            cls.vip_leaving, [150, 160, 170, 180, 190, 200, 210, 220, 230], 3000
        )
        cls.small = cls._customer("Small Recent", distributor_id=cls.distributor.id)
        cls._history(cls.small, [5, 25], 30)
        for i in range(8):
            cls._history(
                cls._customer(f"Average {i}"), [30 + 20 * i, 90 + 30 * i], 100 + 10 * i
            )
        cls.scoring = (
            cls.env["crm.rfm.run"].with_company(cls.company)._execute(cls.company)
        )

    def test_dashboard_shows_segments_grid_churn_and_forecast(self):
        run = self.scoring.with_user(self.salesperson)
        self.assertIn("Champions", run.segments_html)
        self.assertIn("Cannot lose", run.segments_html)
        self.assertEqual(run.grid_html.count("R = "), 5)
        self.assertIn("90–100%", run.churn_html)
        self.assertIn("Loyal", run.forecast_html)
        action = (
            self.env["crm.rfm.run"].with_company(self.company).action_open_dashboard()
        )
        self.assertEqual(action["res_id"], self.scoring.id)

    def test_cannot_lose_and_retention_calls_once_per_customer(self):
        cannot_lose = self.scoring.cannot_lose_ids
        self.assertIn(self.vip_leaving, cannot_lose.partner_id)
        self.assertNotIn(self.small, cannot_lose.partner_id)
        run = self.scoring.with_user(self.salesperson)
        run.action_schedule_retention_calls()
        run.action_schedule_retention_calls()  # a second click (or a rerun) adds none
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.vip_leaving.id)]
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.salesperson)
        self.assertEqual(
            activities.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )

    def test_distributor_channel_health(self):
        distributor = self.distributor.with_company(self.company).with_user(
            self.salesperson
        )
        self.assertEqual(distributor.end_customer_count, 2)
        ends = (self.vip_leaving | self.small).with_company(self.company)
        at_risk = ends.filtered(lambda p: p.churn_probability >= 0.5)
        self.assertIn(self.vip_leaving, at_risk)
        self.assertEqual(distributor.channel_at_risk_count, len(at_risk))
        self.assertAlmostEqual(
            distributor.channel_revenue_at_risk,
            sum(at_risk.mapped("rfm_monetary")),
            places=2,
        )
        self.assertAlmostEqual(
            distributor.channel_revenue,
            sum(ends.mapped("rfm_monetary")),
            places=2,
        )
        self.assertIn("Cannot lose", distributor.channel_segment_mix)

    def test_sales_forecast_per_segment_and_salesperson(self):
        Partner = (
            self.env["res.partner"]
            .with_company(self.company)
            .with_user(self.salesperson)
        )
        groups = Partner._read_group(
            [("rfm_segment", "!=", False)],
            ["rfm_segment", "user_id"],
            ["expected_purchases:sum", "expected_revenue:sum", "__count"],
        )
        total = sum(revenue for _s, _u, _p, revenue, _c in groups)
        self.assertAlmostEqual(
            total, sum(self.scoring.snapshot_ids.mapped("expected_revenue")), places=1
        )
        mine = [row for row in groups if row[1] == self.salesperson]
        self.assertEqual(sum(row[4] for row in mine), 2)

    def _book(self, content):
        return openpyxl.load_workbook(io.BytesIO(content))

    def test_export_of_a_run_and_of_a_selection_stays_text(self):
        export = (
            self.env["crm.rfm.export"]
            .with_user(self.salesperson)
            .create({"run_id": self.scoring.id})
        )
        content, filename = export._xlsx()
        self.assertTrue(filename.endswith(".xlsx"))
        sheet = self._book(content).active
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(header[:2], ["Customer", "Customer Type"])
        names = {row[0].value: row[0].data_type for row in sheet.iter_rows(min_row=2)}
        self.assertEqual(len(names), self.scoring.partner_count)
        self.assertEqual(names[self.champion.name], "s")
        action = self.champion.with_user(self.salesperson).action_rfm_export_xlsx()
        self.assertTrue(action["url"].startswith("/crm_rfm/export/"))
        selection = (
            self.env["crm.rfm.export"]
            .with_user(self.salesperson)
            .browse(int(action["url"].rsplit("/", 1)[1]))
        )
        sheet = self._book(selection._xlsx()[0]).active
        self.assertEqual(sheet["A2"].value, self.champion.name)
        self.assertEqual(sheet["A2"].data_type, "s")
        self.assertEqual(sheet["I2"].value, "Champions")

    def test_hostile_names_never_become_markup(self):
        hostile = self._customer(
            "<img src=x onerror=alert(1)>", customer_type="distributor"
        )
        self._customer("End", distributor_id=hostile.id)
        mix = hostile.with_company(self.company).channel_segment_mix
        self.assertNotIn("<img", mix)
        self.assertNotIn("onerror", self.scoring.segments_html + self.scoring.grid_html)
