# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import json
from datetime import timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from crm_insight import demo
from crm_insight.analysis import analyze
from crm_insight.data import prepare

from .common import RolloutCase

ANALYSIS = {
    "as_of": "2025-06-30",
    "customers": 1234,
    "revenue": 98765.4,
    "segments": {"champions": 100},
    "churn_rate": 0.2345,
    "retention_rate": 0.7655,
    "expected_active_share": 0.61,
    "models": {},
    "cut_points": {},
    "warnings": [],
}


@tagged("post_install", "-at_install", "crm_rollout")
class TestObjectives(RolloutCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan()
        cls.churn = cls.plan.objective_ids.filtered(lambda o: o.kpi == "churn_rate")
        cls.retention = cls.plan.objective_ids.filtered(
            lambda o: o.kpi == "retention_rate"
        )

    def _import(self, content, user=None):
        data = content if isinstance(content, bytes) else json.dumps(content).encode()
        wizard = (
            self.env["crm.rollout.baseline.import"]
            .with_user(user or self.consultant)
            .create({"plan_id": self.plan.id, "file": base64.b64encode(data)})
        )
        return wizard.action_import()

    def test_baselines_imported_from_a_crm_insight_analysis(self):
        self._import(ANALYSIS)
        self.assertAlmostEqual(self.churn.baseline, 23.45)
        self.assertAlmostEqual(self.retention.baseline, 76.55)
        self.assertEqual(self.churn.baseline_source, "imported")
        self.assertEqual(str(self.churn.baseline_date), "2025-06-30")
        self.assertIn("1234", self.churn.baseline_note)
        self.assertIn("Baselines imported", self.plan.message_ids[0].body)

    def test_the_real_json_summary_of_crm_insight_is_accepted(self):
        frame = demo.transactions(customers=80, end="2025-06-30", seed=3)
        analysis = analyze(
            prepare(frame, customer="customer", date="date", amount="amount")
        )
        summary = json.loads(json.dumps(analysis.json_summary(), default=str))
        self._import(summary)
        self.assertAlmostEqual(self.churn.baseline, 100 * summary["churn_rate"])

    def test_bad_files_are_refused_and_change_nothing(self):
        before = (self.churn.baseline, self.churn.baseline_source)
        bad = [
            (b"", "empty"),
            (b"\x89PNG\r\n", "not JSON text"),
            (b"{not json", r"not JSON \(line 1, column 2\)"),
            (b"[1, 2, 3]", "not a crm-insight analysis"),
            (json.dumps({"rows": 3}).encode(), "not a crm-insight analysis"),
            (dict(ANALYSIS, churn_rate=1.7), "between 0 and 1"),
            (dict(ANALYSIS, churn_rate="12%"), "between 0 and 1"),
            (dict(ANALYSIS, as_of="yesterday"), "no valid date"),
            (dict(ANALYSIS, as_of="2999-01-01"), "in the future"),
            (b" " * (2 * 1024 * 1024), "MB"),
        ]
        for content, message in bad:
            with self.assertRaisesRegex(UserError, message, msg=message):
                self._import(content)
        self.assertEqual((self.churn.baseline, self.churn.baseline_source), before)
        # a plan without churn or retention objectives has nothing to import into
        (self.churn | self.retention).unlink()
        with self.assertRaisesRegex(UserError, "no churn rate"):
            self._import(ANALYSIS)

    def test_only_editors_import(self):
        with self.assertRaises(AccessError):
            self._import(ANALYSIS, user=self.key_user)

    def test_a_baseline_typed_by_hand(self):
        self.churn.with_user(self.consultant).baseline = 30.0
        self.assertEqual(self.churn.baseline_source, "manual")
        self.assertTrue(self.churn.has_baseline)
        self.plan.objective_ids._measure_baseline()
        self.assertEqual(self.churn.baseline, 30.0, "a typed baseline is kept")

    def test_values_out_of_range_are_refused(self):
        with self.assertRaises(ValidationError):
            self.churn.target = 120.0
        with self.assertRaises(ValidationError):
            self.plan.objective_ids.filtered(
                lambda o: o.kpi == "complaint_resolution_hours"
            ).target = -5
        growth = self.plan.objective_ids.filtered(lambda o: o.kpi == "portfolio_growth")
        growth.target = -10.0  # shrinking less is a goal too
        with self.assertRaises(ValidationError):
            self.churn.deadline = self.plan.start_date - timedelta(days=1)
        with self.assertRaises(AccessError):
            self.churn.with_user(self.consultant).write({"current_value": 1.0})

    def test_one_objective_per_kpi(self):
        form = Form(self.env["crm.rollout.objective"])
        form.plan_id = self.plan
        form.kpi = "churn_rate"
        form.target = 5
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            form.save()

    def test_current_values_status_and_evaluation_months(self):
        customer = self._customer("Buyer")
        for days in (500, 300, 35, 5):
            self._order(customer, self.today - timedelta(days=days), 50)
        with freeze_time(self.today - timedelta(days=70)):
            plan = self._plan()
        plan.sudo().go_live_date = self.today - timedelta(days=40)
        plan.action_measure()
        churn = plan.objective_ids.filtered(lambda o: o.kpi == "churn_rate")
        self.assertTrue(churn.has_value)
        self.assertTrue(churn.measured_at)
        months = sorted(set(plan.measure_ids.mapped("month")))
        self.assertEqual(months[0], (self.today - timedelta(days=40)).replace(day=1))
        self.assertEqual(months[-1], self.today.replace(day=1))
        self.assertEqual(len(plan.measure_ids), 7 * len(months))
        current = plan.measure_ids.filtered(lambda m: m.month == months[-1])
        self.assertFalse(any(current.mapped("final")))
        evaluation = self.env["crm.rollout.evaluation"].search(
            [("objective_id", "=", churn.id)]
        )
        self.assertEqual(
            set(evaluation.mapped("series")), {"actual", "baseline", "target"}
        )
        target_rows = evaluation.filtered(lambda r: r.series == "target")
        self.assertEqual(set(target_rows.mapped("value")), {churn.target})
        action = churn.action_open_chart()
        self.assertEqual(action["domain"], [("objective_id", "=", churn.id)])
        self.assertEqual(action["res_model"], "crm.rollout.evaluation")
        # a target changed later shows at once in the evaluation
        churn.target = 3.0
        self.env.flush_all()
        target_rows.invalidate_recordset()
        self.assertEqual(set(target_rows.mapped("value")), {3.0})
