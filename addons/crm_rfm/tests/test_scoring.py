# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

import pandas as pd

from odoo.tests import tagged

from .common import CrmRfmCase

try:
    from crm_insight.analysis import score_customers
    from crm_insight.churn import holdout_from_transactions
    from crm_insight.data import prepare, summarize
except ImportError:  # pragma: no cover
    score_customers = prepare = summarize = holdout_from_transactions = None


class Killed(Exception):
    """The process dies (kill -9, out of memory) in the middle of a run."""


@tagged("post_install", "-at_install", "crm_rfm")
class TestScoring(CrmRfmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        spec = [
            # name, days ago of each order, amount
            ("Always Buying", [2, 20, 45, 70, 100, 130, 160, 200, 250, 300], 400),
            ("Regular", [15, 60, 120, 180, 240, 300], 250),
            ("Recent Newcomer", [3], 80),
            ("Two Recent", [6, 40], 120),
            ("Faded Big Spender", [380, 400, 430, 460, 500, 530, 560], 900),
            ("Slipping", [150, 260, 330], 200),
            ("Long Gone", [650], 30),
            ("Dormant Pair", [420, 600], 60),
            ("Mid Customer", [90, 200], 150),
            ("Twin A", [30, 90], 100),
            ("Twin B", [30, 90], 100),
        ]
        cls.customers = cls.env["res.partner"]
        for name, days, amount in spec:
            partner = cls._customer(name)
            cls._history(partner, days, amount)
            cls.customers |= partner
        # a contact ordering for its company, the same day as the company
        cls.contact = cls.env["res.partner"].create(
            {"name": "Buyer of Regular", "parent_id": cls.customers[1].id}
        )
        cls._order(cls.contact, 15, 50)

    def _insight_scores(self, run):
        orders = self.env["sale.order"].search(
            [("company_id", "=", self.company.id), ("state", "=", "sale")]
        )
        frame = pd.DataFrame(
            {
                "customer": [o.partner_id.commercial_partner_id.id for o in orders],
                "date": [o.date_order.date() for o in orders],
                "amount": [o.amount_untaxed for o in orders],
            }
        )
        transactions = prepare(
            frame, customer="customer", date="date", amount="amount", as_of=run.as_of
        )
        summary = summarize(transactions, unit="week")
        complaints = pd.Series(0.0, index=summary.index)
        return score_customers(
            summary,
            unit="week",
            horizon_days=365.0,
            annual_discount_rate=0.10,
            complaints=complaints,
            holdout=holdout_from_transactions(transactions, unit="week"),
        )

    def _assert_close(self, value, expected, known, places=4, delta=None):
        """Equal, or both unknown: crm_insight's NaN is an empty score."""
        if pd.isna(expected):
            self.assertFalse(known, "crm_insight could not say: empty in Odoo")
            return
        self.assertTrue(known)
        if delta is None:
            self.assertAlmostEqual(value, expected, places=places)
        else:
            self.assertAlmostEqual(value, expected, delta=delta)

    def test_odoo_scores_equal_crm_insight(self):
        run = self._run()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.partner_count, len(self.customers))
        insight = self._insight_scores(run)
        self.assertEqual(run.churn_model or None, insight.churn_model)
        expected = insight.customers
        self.assertEqual(set(expected.index), set(self.customers.ids))
        for partner in self.customers.with_company(self.company):
            row = expected.loc[partner.id]
            with self.subTest(partner=partner.name):
                self.assertEqual(partner.rfm_segment, row["segment"])
                self.assertEqual(
                    (partner.rfm_r_score, partner.rfm_f_score, partner.rfm_m_score),
                    (row["r_score"], row["f_score"], row["m_score"]),
                )
                self.assertEqual(partner.rfm_frequency, row["purchases"])
                self.assertEqual(partner.rfm_recency_days, row["recency_days"])
                self.assertAlmostEqual(partner.rfm_monetary, row["monetary"], places=2)
                self.assertAlmostEqual(
                    partner.loyalty_score, row["loyalty_score"], places=1
                )
                known = partner.rfm_churn_known
                self._assert_close(
                    partner.churn_probability, row["churn_probability"], known
                )
                # same model, fitted on the same data in another row order
                self._assert_close(
                    partner.clv,
                    row["clv"],
                    partner.rfm_clv_known,
                    delta=1e-4 * abs(row["clv"]) + 0.01,
                )
        regular = self.customers[1].with_company(self.company)
        self.assertEqual(
            regular.rfm_frequency, 6, "the contact's same-day order merged"
        )
        self.assertAlmostEqual(regular.rfm_monetary, 6 * 250 + 50, places=2)
        snapshots = run.snapshot_ids
        self.assertEqual(len(snapshots), len(self.customers))
        self.assertEqual(
            dict(
                zip(snapshots.partner_id.ids, snapshots.mapped("segment"), strict=True)
            ),
            {p.id: p.with_company(self.company).rfm_segment for p in self.customers},
        )

    def test_equal_customers_get_equal_scores(self):
        self._run()
        twins = self._scores(
            self.customers.filtered(lambda p: p.name.startswith("Twin"))
        )
        first, second = twins.values()
        self.assertEqual(first, second)

    def test_plain_language_explanation(self):
        self._run()
        best = self.customers[0].with_company(self.company)
        self.assertEqual(best.rfm_segment, "champions")
        self.assertRegex(
            best.rfm_explanation,
            r"^Champions: 10 purchases, the last 2 days ago, top 20% of spend; "
            r"\d+% churn risk$",
        )
        stranger = self._customer("Never Bought")
        self.assertIn(
            "Not scored yet", stranger.with_company(self.company).rfm_explanation
        )

    def test_flat_data_warns_and_never_raises(self):
        flat = self.env["res.company"].create({"name": "Flat Co"})
        for i in range(6):
            self._order(self._customer(f"Once {i}"), 10 + i, 50, company=flat)
        run = self._run(flat)
        self.assertEqual(run.state, "done")
        self.assertIn("Frequency could not be ranked", run.warnings)
        # no churn model: churn and CLV stay empty, the run says why
        self.assertFalse(run.churn_model)
        self.assertEqual(run.churn_status, "insufficient_data")
        self.assertEqual(
            run.churn_reason,
            "no customer made a repeat purchase: dropout cannot be estimated",
        )
        self.assertIn("No churn model could be fitted", run.warnings)
        self.assertFalse(run.tracking_ids or run.projection_ids)
        self.assertFalse(any(run.snapshot_ids.mapped("churn_probability")))
        scored = (
            self.env["res.partner"]
            .with_company(flat)
            .search([("rfm_segment", "!=", False), ("name", "like", "Once %")])
        )
        self.assertEqual(len(scored), 6)
        self.assertEqual(set(scored.mapped("rfm_f_score")), {1})
        self.assertFalse(any(scored.mapped("rfm_churn_known")))
        self.assertFalse(any(scored.mapped("clv")))
        self.assertTrue(all(scored.mapped("loyalty_score")))
        self.assertNotIn("churn risk", scored[0].rfm_explanation)

    def test_no_orders_at_all(self):
        empty = self.env["res.company"].create({"name": "Empty Co"})
        run = self._run(empty)
        self.assertEqual((run.state, run.partner_count), ("done", 0))
        self.assertIn("nobody was scored", run.warnings)

    def test_run_killed_after_batch_k_and_rerun_gives_the_same_scores(self):
        reference = self._run(batch_size=4)
        expected = self._scores(self.customers)
        self.assertEqual(reference.batch_count, 3)
        # scores of a "yesterday" run are still there: make them wrong first
        self.env["res.partner"].flush_model()
        self.env.cr.execute(
            "UPDATE res_partner "
            "SET rfm_r_score = rfm_r_score || jsonb_build_object(%s, 9) "
            "WHERE id = ANY(%s)",
            [str(self.company.id), self.customers.ids],
        )
        Run = type(self.env["crm.rfm.run"])
        original = Run._write_batch
        calls = []

        def dies_after_two(run, customers, stamp):
            if len(calls) == 2:
                raise Killed()
            calls.append(len(customers))
            return original(run, customers, stamp)

        # no assertRaises: its savepoint would undo the batches already written
        died = False
        with patch.object(Run, "_write_batch", dies_after_two):
            try:
                self._run(batch_size=4)
            except Killed:
                died = True
        self.assertTrue(died, "the run should have died after batch 2")
        killed = self.env["crm.rfm.run"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        self.assertEqual((killed.state, killed.batches_done), ("running", 2))
        half = self._scores(self.customers)
        self.assertNotEqual(half, expected, "batch 3 was never written")
        rerun = self._run(batch_size=4)
        self.assertEqual(self._scores(self.customers), expected)
        killed.invalidate_recordset()
        self.assertEqual(killed.state, "failed")
        self.assertEqual(rerun.state, "done")

    def test_constant_query_count_per_batch(self):
        run = self._run()
        customers = (
            self.env["crm.rfm.run"]
            .with_company(self.company)
            ._fetch_summary(self.company, run.as_of)
        )
        scored = score_customers(customers, unit="week").customers
        stamp = "2026-01-01 00:00:00"
        Run = self.env["crm.rfm.run"].with_company(self.company)
        small, large = (
            Run.create({"company_id": self.company.id, "state": "running"})
            for _i in range(2)
        )
        self.env.flush_all()
        with self.assertQueryCount(4):
            small._write_batch(scored.iloc[:2], stamp)
        with self.assertQueryCount(4):
            large._write_batch(scored, stamp)
        large.invalidate_recordset()
        self.assertEqual(len(large.snapshot_ids), len(scored))

    def test_objection_and_internal_customers_are_left_out(self):
        self._run()
        objecting, internal = self.customers[0], self.customers[2]
        objecting.profiling_objection = True
        internal.customer_type = "internal"
        run = self._run()
        self.assertEqual(run.partner_count, len(self.customers) - 2)
        for partner in (objecting, internal):
            scores = self._scores(partner)[partner.id]
            self.assertFalse(scores[0], f"{partner.name} keeps no segment")
            self.assertFalse(
                run.snapshot_ids.filtered(lambda s, p=partner: s.partner_id == p)
            )
        self.company.rfm_exclude_internal = False
        run = self._run()
        self.assertIn(internal, run.snapshot_ids.partner_id)

    def test_scoring_per_customer_type(self):
        consumers = self.customers[:4]
        consumers.write({"customer_type": "consumer"})
        self.company.rfm_scoring_scope = "per_type"
        run = self._run()
        self.assertIn("consumer", run.cut_points)
        self.assertIn("b2b", run.cut_points)

    def test_fixed_cut_points(self):
        self.company.write(
            {"rfm_cut_mode": "fixed", "rfm_frequency_cuts": "2, 3, 5, 10"}
        )
        self._run()
        scores = self._scores(self.customers)
        always = scores[self.customers[0].id]
        newcomer = scores[self.customers[2].id]
        self.assertEqual((always[2], newcomer[2]), (5, 1))
