# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from datetime import timedelta

import openpyxl

from odoo.modules.neutralize import get_neutralization_queries
from odoo.tests import tagged

from ..models import scores
from ..models.scores import SCORE_COLUMNS
from .common import CrmRfmCase

try:
    from crm_insight import analysis as insight_analysis
    from crm_insight import data as insight_data
    from crm_insight import demo as insight_demo
    from crm_insight import report as insight_report
    from crm_insight import rfm as insight_rfm
except ImportError:  # pragma: no cover
    insight_analysis = insight_data = insight_demo = insight_report = None
    insight_rfm = None


@tagged("post_install", "-at_install", "crm_rfm")
class TestHistory(CrmRfmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mover = cls._customer("Former Champion")
        cls._history(cls.mover, [40, 45, 50, 55, 60, 65, 70, 75], 700)
        cls.others = cls.env["res.partner"]
        for i in range(8):
            partner = cls._customer(f"Steady {i}")
            cls._history(partner, [5 + i, 100 + 10 * i], 90 + 5 * i)
            cls.others |= partner

    def test_segment_migration_between_two_runs(self):
        before = self._run(as_of=self.today - timedelta(days=60))
        after = self._run()
        self.assertEqual(after.previous_run_id, before)
        self.assertEqual(
            before.snapshot_ids.filtered(lambda s: s.partner_id == self.mover).segment,
            "champions",
        )
        moved = self.env["crm.rfm.movement"].search(
            [("run_id", "=", after.id), ("partner_id", "=", self.mover.id)]
        )
        self.assertEqual(moved.segment_before, "champions")
        self.assertNotEqual(moved.segment_after, "champions")
        self.assertTrue(moved.moved)
        groups = self.env["crm.rfm.movement"]._read_group(
            [("run_id", "=", after.id)],
            ["segment_before", "segment_after"],
            ["__count"],
        )
        self.assertEqual(sum(count for _b, _a, count in groups), after.partner_count)
        wizard = (
            self.env["crm.rfm.migration.wizard"]
            .with_company(self.company)
            .create({"run_from_id": before.id, "run_to_id": after.id})
        )
        content, _name = wizard._xlsx()
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames, ["Counts", "Rates", "Customers who moved"])
        counts = book["Counts"]
        total = sum(
            cell.value or 0
            for row in counts.iter_rows(min_row=4, min_col=2)
            for cell in row
        )
        self.assertEqual(
            total, len(before.snapshot_ids.partner_id | after.snapshot_ids.partner_id)
        )
        movers = [
            row[0].value for row in book["Customers who moved"].iter_rows(min_row=2)
        ]
        self.assertIn("Former Champion", movers)

    def test_history_is_kept_for_the_configured_period(self):
        old = self._run()
        old.started_at = self.now - timedelta(days=200)
        self.company.rfm_history_days = 90
        recent = self._run()
        self.assertFalse(old.exists())
        self.assertFalse(
            self.env["crm.rfm.snapshot"].search_count([("run_id", "=", old.id)])
        )
        self.assertTrue(recent.snapshot_ids)

    def test_partner_merge_moves_the_score_history(self):
        run = self._run()
        duplicate, survivor = self.others[0], self.others[1]
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((duplicate | survivor).ids, survivor)
        self.assertFalse(duplicate.exists())
        self.assertEqual(
            len(run.snapshot_ids.filtered(lambda s: s.partner_id == survivor)), 1
        )
        rerun = self._run()
        self.assertEqual(rerun.partner_count, run.partner_count)
        self.assertEqual(survivor.with_company(self.company).rfm_frequency, 4)

    def test_one_list_of_segments(self):
        """crm_insight.rfm.SEGMENTS is the list: the partners', snapshots' and
        movements' selections are it, in its order."""
        expected = list(insight_rfm.SEGMENTS.items())
        for model, name in (
            ("res.partner", "rfm_segment"),
            ("crm.rfm.snapshot", "segment"),
            ("crm.rfm.movement", "segment_after"),
        ):
            with self.subTest(field=f"{model}.{name}"):
                self.assertEqual(self.env[model]._fields[name].selection, expected)
        before = self.env["crm.rfm.movement"]._fields["segment_before"].selection
        self.assertEqual(before[:-1], expected)

    def test_one_list_of_score_columns(self):
        """SCORE_COLUMNS is the list: every figure crm_insight computes has its
        partner field, its snapshot field of the same type, and the export
        writes what crm_insight's exporter knows of them."""
        Partner, Snapshot = self.env["res.partner"], self.env["crm.rfm.snapshot"]
        sample = insight_data.prepare(
            insight_demo.transactions(customers=300),
            customer="customer",
            date="date",
            amount="amount",
        )
        scored = insight_analysis.score_customers(
            insight_data.summarize(sample, unit="week"), unit="week"
        ).customers
        for column in SCORE_COLUMNS:
            with self.subTest(column=column.key):
                self.assertIn(column.key, scored.columns)
                partner_field = Partner._fields[column.partner_field]
                snapshot_field = Snapshot._fields[column.snapshot_field]
                self.assertTrue(partner_field.company_dependent)
                self.assertEqual(partner_field.type, snapshot_field.type)
        keys = {column.key for column in SCORE_COLUMNS}
        exported = {key for _title, key, _f, _w in insight_report.CUSTOMER_COLUMNS}
        # crm_insight's exporter: the customer, its type, P(alive) (not kept
        # in Odoo), the note's text (from the stored note code) and score
        # columns only
        self.assertLessEqual(
            exported - {None, "type", "p_alive", "churn_note_text"}, keys
        )
        self.assertIn("churn_note", keys)
        self.assertNotIn("SCORE_FIELDS", dir(scores))

    def test_neutralize_deactivates_the_scoring_cron(self):
        for query in get_neutralization_queries(["crm_rfm"]):
            self.env.cr.execute(query)
        self.env.invalidate_all()
        self.assertFalse(self.env.ref("crm_rfm.ir_cron_crm_rfm_score").active)

    def test_demo_data_populates_every_segment(self):
        if not self.env.ref(
            "crm_relationship.partner_b2b_01", raise_if_not_found=False
        ):
            self.skipTest("needs the demo data")
        main = self.env.ref("base.main_company")
        run = self.env["crm.rfm.run"].search(
            [("company_id", "=", main.id), ("state", "=", "done")], limit=1
        )
        segments = set(run.snapshot_ids.mapped("segment"))
        self.assertEqual(segments, set(insight_rfm.SEGMENTS))
        self.assertTrue(run.previous_run_id, "a scoring a month ago, for migration")
