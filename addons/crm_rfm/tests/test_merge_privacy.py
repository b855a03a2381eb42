# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from datetime import timedelta

import openpyxl

from odoo.tests import tagged

from .common import CrmRfmCase


@tagged("post_install", "-at_install", "crm_rfm")
class TestMergeAndObjection(CrmRfmCase):
    """Score history after a partner merge and after an objection to
    profiling: every past run stays usable and tells the truth."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.duplicate = cls._customer("Mercado Central (old record)")
        cls._history(cls.duplicate, [20, 80, 140], 300)
        cls.survivor = cls._customer("Mercado Central")
        cls._history(cls.survivor, [5, 50, 95, 130, 170], 700)
        cls.objecting = cls._customer("Ferretería Objeta")
        cls._history(cls.objecting, [8, 40, 90, 120], 450)
        cls.others = cls.env["res.partner"]
        for i in range(6):
            partner = cls._customer(f"Steady {i}")
            cls._history(partner, [10 + 7 * i, 120 + 15 * i], 100 + 20 * i)
            cls.others |= partner
        cls.first = cls._run(as_of=cls.today - timedelta(days=30))
        cls.second = cls._run()

    def _export_names(self, run):
        export = self.env["crm.rfm.export"].create(
            {"company_id": run.company_id.id, "run_id": run.id}
        )
        book = openpyxl.load_workbook(io.BytesIO(export._xlsx()[0]))
        return [row[0].value for row in book.active.iter_rows(min_row=2)]

    def _workbook(self):
        wizard = (
            self.env["crm.rfm.migration.wizard"]
            .with_company(self.company)
            .create({"run_from_id": self.first.id, "run_to_id": self.second.id})
        )
        return openpyxl.load_workbook(io.BytesIO(wizard._xlsx()[0]))

    def _movements(self, run):
        return self.env["crm.rfm.movement"].search_read(
            [("run_id", "=", run.id)], ["partner_id"]
        )

    def _merge(self):
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((self.duplicate | self.survivor).ids, self.survivor)
        self.assertFalse(self.duplicate.exists())

    def test_merge_keeps_one_snapshot_per_customer_in_every_run(self):
        totals = {
            run: (run.partner_count, sum(run.snapshot_ids.mapped("monetary")))
            for run in (self.first, self.second)
        }
        spend = {
            run: sum(
                run.snapshot_ids.filtered(
                    lambda s: s.partner_id in (self.duplicate | self.survivor)
                ).mapped("monetary")
            )
            for run in (self.first, self.second)
        }
        self._merge()
        self.env.invalidate_all()
        for run in (self.first, self.second):
            with self.subTest(run=run.name):
                snapshots = run.snapshot_ids
                self.assertEqual(len(snapshots), len(snapshots.partner_id))
                self.assertEqual(run.partner_count, totals[run][0] - 1)
                self.assertEqual(run.partner_count, len(snapshots))
                # nothing of the history is lost: the run's spend is the same
                self.assertAlmostEqual(
                    sum(snapshots.mapped("monetary")), totals[run][1], places=2
                )
                kept = snapshots.filtered(lambda s: s.partner_id == self.survivor)
                self.assertEqual(len(kept), 1)
                self.assertAlmostEqual(kept.monetary, spend[run], places=2)
                names = self._export_names(run)
                self.assertEqual(len(names), run.partner_count)
                self.assertEqual(names.count("Mercado Central"), 1)
        movements = self._movements(self.second)
        ids = [row["id"] for row in movements]
        self.assertEqual(len(ids), len(set(ids)), "movement ids are unique")
        self.assertEqual(len(ids), self.second.partner_count)
        survivor_rows = [m for m in movements if m["partner_id"][0] == self.survivor.id]
        self.assertEqual(len(survivor_rows), 1)
        book = self._workbook()
        total = sum(
            cell.value or 0
            for row in book["Counts"].iter_rows(min_row=4, min_col=2)
            for cell in row
        )
        self.assertEqual(total, self.second.partner_count)
        rerun = self._run()
        self.assertEqual(rerun.partner_count, self.second.partner_count)

    def test_objection_clears_scores_and_names_at_once(self):
        partner = self.objecting.with_company(self.company)
        self.assertTrue(partner.rfm_segment)
        before = self.second.partner_count
        self.objecting.profiling_objection = True
        partner.invalidate_recordset()
        # no new run needed: the scores are gone now, in every company
        self.assertFalse(partner.rfm_segment)
        self.assertFalse(partner.rfm_monetary)
        self.assertFalse(partner.clv)
        self.assertIn("objects to profiling", partner.rfm_explanation)
        found = (
            self.env["res.partner"]
            .with_company(self.company)
            .search([("rfm_segment", "!=", False), ("id", "=", self.objecting.id)])
        )
        self.assertFalse(found)
        for run in (self.first, self.second):
            with self.subTest(run=run.name):
                self.assertNotIn(self.objecting, run.snapshot_ids.partner_id)
                self.assertNotIn(self.objecting.name, self._export_names(run))
                self.assertEqual(run.partner_count, len(run.snapshot_ids))
        self.assertEqual(self.second.partner_count, before - 1)
        movements = self.env["crm.rfm.movement"].search(
            [("partner_id", "=", self.objecting.id)]
        )
        self.assertFalse(movements)
        book = self._workbook()
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.value, self.objecting.name)
