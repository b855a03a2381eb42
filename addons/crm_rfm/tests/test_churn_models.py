# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

import openpyxl

from odoo.tests import tagged

from .common import CrmRfmCase


@tagged("post_install", "-at_install", "crm_rfm")
class TestChurnModels(CrmRfmCase):
    """The churn model chosen on a hold-out period, on a real run: one-time
    buyers' churn risk grows with the time since their purchase, and the run
    stores every candidate, the tracking and the projection."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson_b = cls.salesperson.copy({"login": "rfm_sales_b"})
        cls._random_customers(40, seed=7, users=cls.salesperson | cls.salesperson_b)
        cls.long_ago = cls._customer("Bought Once Long Ago")
        cls._order(cls.long_ago, 700, 120)
        cls.recently = cls._customer("Bought Once Recently")
        cls._order(cls.recently, 10, 120)

    def test_a_one_time_buyer_long_ago_is_at_higher_risk(self):
        run = self._run()
        self.assertEqual(run.state, "done")
        self.assertIn(run.churn_model, ("paretonbd", "mbgnbd"), run.warnings)
        self.assertEqual(run.churn_method, "holdout", run.warnings)
        self.assertEqual(run.churn_status, "ok")
        long_ago = self.long_ago.with_company(self.company)
        recently = self.recently.with_company(self.company)
        self.assertTrue(long_ago.rfm_churn_known and recently.rfm_churn_known)
        self.assertGreater(long_ago.churn_probability, recently.churn_probability + 0.2)
        self.assertEqual(long_ago.rfm_segment, "lost")

    def test_the_run_stores_candidates_tracking_and_projection(self):
        run = self._run()
        candidates = run.candidate_ids
        self.assertEqual(
            set(candidates.mapped("model")), {"paretonbd", "mbgnbd", "bgnbd"}
        )
        chosen = candidates.filtered("chosen")
        self.assertEqual(chosen.model, run.churn_model)
        fitted = candidates.filtered(lambda c: c.status == "ok")
        self.assertTrue(fitted)
        # the model chosen has the smallest hold-out error, unless a better
        # one failed on the whole data (and the run says so); BG/NBD is only
        # chosen when clearly better
        better = fitted.filtered(
            lambda c: c.model != "bgnbd" and c.holdout_rmse < chosen.holdout_rmse
        )
        if better:
            self.assertIn("churn_fallback", [m["code"] for m in run.messages])
            self.assertIn("used instead", run.warnings)
        weeks = run.holdout_days // 7
        self.assertEqual(len(run.tracking_ids), 2 * weeks)
        actual = run.tracking_ids.filtered(lambda t: t.series == "actual")
        self.assertEqual(
            sum(actual.mapped("purchases")), chosen.holdout_actual, "same purchases"
        )
        per_segment = run.projection_ids.filtered(lambda p: p.kind == "segment")
        per_user = run.projection_ids.filtered(lambda p: p.kind == "salesperson")
        self.assertEqual(len(set(per_segment.mapped("month"))), 12)
        self.assertEqual(per_user.user_id, self.salesperson | self.salesperson_b)
        self.assertAlmostEqual(
            sum(per_segment.mapped("revenue")),
            sum(per_user.mapped("revenue")),
            delta=1.0,  # rows rounded to cents
        )
        self.assertGreater(sum(per_segment.mapped("purchases")), 0)
        # the graph views open on this run's rows
        action = run.action_open_projection_salesperson()
        self.assertEqual(
            self.env["crm.rfm.projection"].search(action["domain"]), per_user
        )
        tracking = run.action_open_tracking()
        self.assertEqual(
            self.env["crm.rfm.tracking"].search(tracking["domain"]), run.tracking_ids
        )

    def test_the_value_tab_explains_a_segment_that_contradicts_the_risk(self):
        self._run()
        explained = (
            self.env["res.partner"]
            .with_company(self.company)
            .search([("name", "like", "Customer %")])
            .filtered("rfm_disagreement")
        )
        self.assertTrue(explained, "the random customers disagree somewhere")
        for partner in explained:
            with self.subTest(partner=partner.name):
                note = partner.rfm_disagreement
                self.assertTrue(note.startswith("Segment "), note)
                if partner.rfm_segment in ("lost", "hibernating"):
                    self.assertLess(partner.churn_probability, 0.3)
                    self.assertIn("but churn risk only", note)
                else:
                    self.assertGreaterEqual(partner.churn_probability, 0.5)
                    self.assertRegex(note, r"but churn risk \d+%")
                    self.assertIn(f"{partner.rfm_recency_days} days", note)
        agreeing = self.recently.with_company(self.company)
        self.assertFalse(agreeing.rfm_disagreement)

    def test_the_excel_export_has_the_models_tracking_and_projection(self):
        run = self._run()
        export = self.env["crm.rfm.export"].create(
            {"company_id": self.company.id, "run_id": run.id}
        )
        content, _name = export._xlsx()
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(
            book.sheetnames,
            [
                "Customers",
                "Churn Models",
                "Tracking",
                "Projection per Segment",
                "Projection per Salesperson",
            ],
        )
        models = list(book["Churn Models"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(models), 3)
        self.assertEqual(sum(1 for row in models if row[1]), 1, "one chosen")
        tracking = list(book["Tracking"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(tracking), run.holdout_days // 7)
        per_user = list(
            book["Projection per Salesperson"].iter_rows(min_row=2, values_only=True)
        )
        stored = run.projection_ids.filtered(lambda p: p.kind == "salesperson")
        # two salespeople and the customers without one, 12 months each
        self.assertEqual(len(per_user), len(stored))
        self.assertEqual(len(stored), 3 * 12)
        self.assertIn("No salesperson", {row[0] for row in per_user})
        self.assertAlmostEqual(
            sum(row[3] for row in per_user), sum(stored.mapped("revenue")), places=2
        )
