# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

import openpyxl

from odoo.fields import Command
from odoo.tests import tagged

from .common import RolloutCase


@tagged("post_install", "-at_install", "crm_rollout")
class TestSteeringReport(RolloutCase):
    def test_the_workbook_reads_right_and_stays_text(self):
        plan = self._plan()
        plan.name = '=HYPERLINK("http://evil.example","Click")'
        self.pilot_1.name = "+34 Pilot"
        pilot = plan.wave_ids.filtered("pilot")
        pilot.user_ids = [Command.set(self.pilot_1.ids)]
        pilot.with_user(self.leader).action_activate()
        plan.action_measure()
        plan.action_check_readiness()
        content, filename = plan.with_user(self.key_user)._steering_report()
        self.assertTrue(filename.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(
            book.sheetnames,
            ["Summary", "Objectives", "Evaluation", "Readiness", "Waves", "RFM grid"],
        )
        title = book["Summary"]["A1"]
        self.assertEqual(title.value, plan.name)
        self.assertEqual(title.data_type, "s")
        objectives = [row[0].value for row in book["Objectives"].iter_rows(min_row=2)]
        self.assertEqual(objectives, plan.objective_ids.mapped("name"))
        people = [row[0].value for row in book["Waves"].iter_rows() if row[0].value]
        self.assertIn("+34 Pilot", people)
        readiness = [row[0].value for row in book["Readiness"].iter_rows(min_row=2)]
        self.assertEqual(len(readiness), 6)
        evaluation = book["Evaluation"]
        self.assertEqual(evaluation["A2"].value, "Baseline")
        self.assertEqual(evaluation.max_row, 2 + 1 + 1)  # header, 2 lines, 1 month

    def test_download_needs_read_access(self):
        plan = self._plan(company=self.other_company, leader=self.leader_b)
        action = plan.with_user(self.leader_b).action_steering_report()
        self.assertEqual(action["url"], f"/crm_rollout/report/{plan.id}")
