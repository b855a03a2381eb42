# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import RolloutCase


@tagged("post_install", "-at_install", "crm_rollout")
class TestProcesses(RolloutCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan()
        cls.process = cls.plan.process_ids[:1]

    def test_what_can_implement_a_process(self):
        models = dict(self.process._selection_implementation())
        self.assertIn("ir.cron", models)
        self.assertIn("base.automation", models)
        # campaigns are offered only once their model exists
        self.assertEqual(
            "automation.configuration" in models,
            "automation.configuration" in self.env,
        )

    def test_live_status_of_a_scheduled_action(self):
        cron = self.env.ref("crm_rfm.ir_cron_crm_rfm_score")
        self.process.implementation = f"ir.cron,{cron.id}"
        self.assertEqual(self.process.status, "running")
        self.assertIn("Next run", self.process.status_detail)
        cron.active = False
        self.process.invalidate_recordset()
        self.assertEqual(self.process.status, "stopped")

    def test_live_status_of_an_automated_action_and_a_deleted_one(self):
        automation = self.env["base.automation"].create(
            {
                "name": "Remind open complaints",
                "model_id": self.env.ref("crm_relationship.model_crm_touchpoint").id,
                "trigger": "on_create_or_write",
            }
        )
        self.process.implementation = f"base.automation,{automation.id}"
        self.assertEqual(self.process.status, "running")
        action = self.process.action_open_implementation()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("base.automation", automation.id)
        )
        automation.unlink()
        self.process.invalidate_recordset()
        self.assertEqual(self.process.status, "missing")

    def test_a_process_not_automated_yet(self):
        todo = self.plan.process_ids.filtered(lambda p: not p.implementation)
        self.assertTrue(todo)
        self.assertEqual(set(todo.mapped("status")), {"todo"})
