# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "crm_rollout")
class TestDemo(TransactionCase):
    def test_demo_plan_is_half_way_and_created_once(self):
        plan = self.env.ref("crm_rollout.demo_plan", raise_if_not_found=False)
        if plan is None:  # installed without demo data: create it the same way
            plan = self.env["crm.rollout.plan"]._demo_populate()
        self.assertEqual(plan.methodology, "gradual")
        self.assertEqual(plan.phase, "test")
        self.assertEqual(
            plan.wave_ids.filtered("pilot").state, "active", "the pilot wave is live"
        )
        self.assertTrue(plan.go_live_date)
        passed = plan.readiness_item_ids.mapped("passed")
        self.assertTrue(any(passed) and not all(passed), "readiness partly green")
        self.assertTrue(plan.measure_ids)
        campaign = self.env.ref("crm_campaigns.campaign_winback", False)
        if campaign:  # with crm_campaigns, a process is one of its campaigns
            self.assertIn(campaign, plan.process_ids.mapped("implementation"))
        counts = {
            model: self.env[model].search_count([])
            for model in (
                "crm.rollout.plan",
                "crm.rollout.grant",
                "crm.touchpoint",
                "crm.rollout.measure",
            )
        }
        self.assertEqual(self.env["crm.rollout.plan"]._demo_populate(), plan)
        self.assertEqual(
            counts,
            {model: self.env[model].search_count([]) for model in counts},
        )
