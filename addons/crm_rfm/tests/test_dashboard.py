# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

import openpyxl

from odoo.exceptions import UserError
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
        cls._history(cls.vip_leaving, list(range(330, 560, 10)), 3000)
        cls.small = cls._customer("Small Recent", distributor_id=cls.distributor.id)
        cls._history(cls.small, [5, 25], 30)
        for i in range(8):
            cls._history(
                cls._customer(f"Average {i}"), [30 + 20 * i, 90 + 30 * i], 100 + 10 * i
            )
        # customers enough for the churn models to be fitted
        cls._random_customers(40, seed=7)
        cls.scoring = cls._run()

    def _snapshots(self, action):
        """The run's snapshots of the customers a drill-down lists."""
        self.assertEqual(action["res_model"], "res.partner")
        partners = self.env["res.partner"].search(action["domain"])
        snapshots = self.env["crm.rfm.snapshot"].search(
            [("run_id", "=", self.scoring.id), ("partner_id", "in", partners.ids)]
        )
        self.assertEqual(len(snapshots), len(partners))
        return snapshots

    def test_dashboard_figures_are_data(self):
        data = self.scoring.with_user(self.salesperson).dashboard_data
        self.assertEqual(data["state"], "done")
        self.assertEqual(data["customers"], self.scoring.partner_count)
        self.assertEqual(
            [segment["key"] for segment in data["segments"]][:2],
            ["champions", "loyal"],
        )
        labels = {segment["key"]: segment["label"] for segment in data["segments"]}
        self.assertEqual(labels["cannot_lose"], "Cannot lose")
        self.assertAlmostEqual(
            sum(segment["share"] for segment in data["segments"]), 100.0, delta=0.2
        )
        self.assertEqual([row["r_score"] for row in data["grid"]], [5, 4, 3, 2, 1])
        self.assertEqual(
            sum(cell["count"] for row in data["grid"] for cell in row["cells"]),
            self.scoring.partner_count,
        )
        self.assertEqual(data["churn"][-1]["label"], "90–100%")
        self.assertEqual(
            sum(band["count"] for band in data["churn"]), self.scoring.partner_count
        )
        self.assertIsInstance(data["segments"][0]["revenue_display"], str)
        action = self._run().with_company(self.company).action_open_dashboard()
        self.assertEqual(action["res_model"], "crm.rfm.run")

    def test_every_figure_opens_exactly_its_customers(self):
        run = self.scoring.with_user(self.salesperson)
        data = run.dashboard_data
        for segment in data["segments"]:
            with self.subTest(segment=segment["key"]):
                found = self._snapshots(run.action_open_segment(segment["key"]))
                self.assertEqual(len(found), segment["count"])
                self.assertEqual(set(found.mapped("segment")) - {segment["key"]}, set())
                self.assertEqual(found.run_id, run if found else run.browse())
        for row in data["grid"]:
            for cell in row["cells"]:
                found = self._snapshots(
                    run.action_open_grid_cell(row["r_score"], cell["f_score"])
                )
                self.assertEqual(len(found), cell["count"], (row["r_score"], cell))
        for band in data["churn"]:
            with self.subTest(band=band["label"]):
                found = self._snapshots(run.action_open_churn_band(band["band"]))
                self.assertEqual(len(found), band["count"])
                for snapshot in found:
                    self.assertGreaterEqual(
                        snapshot.churn_probability, band["band"] / 10
                    )
        leaving = self._snapshots(run.action_open_segment("cannot_lose"))
        self.assertIn(self.vip_leaving, leaving.partner_id)
        opened = leaving[:1].action_open_partner()
        self.assertEqual(opened["res_model"], "res.partner")
        for bad in (
            lambda: run.action_open_segment("vip"),
            lambda: run.action_open_grid_cell(6, 1),
            lambda: run.action_open_churn_band(10),
        ):
            with self.assertRaises(UserError):
                bad()

    def test_a_drill_down_offers_crm_campaigns_mailing(self):
        """The drill-downs list contacts: with crm_campaigns installed, its
        "Send a mailing to these customers" is in their Actions menu and
        aims a mailing at exactly those customers (crm_rfm does not depend
        on crm_campaigns)."""
        mailing = self.env.ref(
            "crm_campaigns.action_crm_campaign_mailing", raise_if_not_found=False
        )
        if not mailing:
            self.skipTest("crm_campaigns is not installed")
        action = self.scoring.action_open_segment("cannot_lose")
        bindings = self.env["ir.actions.actions"]._get_bindings(action["res_model"])
        self.assertIn(mailing.id, [a["id"] for a in bindings["action"]])
        self.vip_leaving.email = "vip@example.com"
        opened = self.env["res.partner"].action_crm_campaign_mailing_for_domain(
            action["domain"]
        )
        recipients = self.env["res.partner"].search(
            self.env["mailing.mailing"]
            .browse(opened["res_id"])
            ._get_recipients_domain()
        )
        self.assertIn(self.vip_leaving, recipients)
        self.assertLessEqual(
            set(recipients.ids),
            set(self.env["res.partner"].search(action["domain"]).ids),
        )

    def test_dashboard_figures_take_a_constant_number_of_queries(self):
        # the second call: labels, currency and language are in the caches
        self.scoring._dashboard_figures()
        with self.assertQueryCount(3):
            small = self.scoring._dashboard_figures()
        for i in range(12):
            self._history(self._customer(f"More {i}"), [3 + i, 30 + 5 * i], 500)
        rerun = self._run()
        rerun._dashboard_figures()
        with self.assertQueryCount(3):
            large = rerun._dashboard_figures()
        self.assertEqual(large["customers"], small["customers"] + 12)

    def test_high_value_at_risk_and_retention_calls_once_per_customer(self):
        at_risk = self.scoring.high_value_at_risk_ids
        self.assertIn(self.vip_leaving, at_risk.partner_id)
        self.assertNotIn(self.small, at_risk.partner_id)
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
        mix = {row["key"]: row["count"] for row in distributor.channel_segment_mix}
        self.assertEqual(sum(mix.values()), 2)
        self.assertEqual(mix["cannot_lose"], 1)
        action = distributor.action_view_end_customers("cannot_lose")
        found = (
            self.env["res.partner"].with_company(self.company).search(action["domain"])
        )
        self.assertEqual(found, self.vip_leaving)

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
        forecast = {
            segment["key"]: segment["expected_revenue"]
            for segment in self.scoring.dashboard_data["segments"]
        }
        self.assertAlmostEqual(sum(forecast.values()), total, places=1)

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
        self.assertIn("Days Since Last Purchase", header)
        self.assertIn("Lifetime Value", header)
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

    def test_hostile_names_stay_data(self):
        hostile = self._customer(
            "<img src=x onerror=alert(1)>", customer_type="distributor"
        )
        self._customer("End", distributor_id=hostile.id)
        mix = hostile.with_company(self.company).channel_segment_mix
        self.assertNotIn("<img", str(mix))
        self.assertNotIn("onerror", str(self.scoring.dashboard_data))
