# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "crm_rollout")
class TestTour(HttpCase):
    def test_tour_plan_from_template_pilot_and_evaluation(self):
        admin = self.env.ref("base.user_admin")
        pilot = new_test_user(
            self.env,
            login="tour_pilot",
            name="Tour Pilot",
            groups="base.group_user",
            company_id=admin.company_id.id,
            context={"no_reset_password": True},
        )
        self.start_tour("/odoo", "crm_rollout_plan", login="admin")
        plan = self.env["crm.rollout.plan"].search(
            [("is_template", "=", False), ("create_uid", "=", admin.id)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(plan.leader_id, admin)
        wave = plan.wave_ids.filtered("pilot")
        self.assertEqual(wave.state, "active")
        self.assertEqual(wave.user_ids, pilot)
        self.assertIn(
            self.env.ref("crm_rollout.group_capability_touchpoints"), pilot.groups_id
        )
        self.assertTrue(plan.go_live_date)
        self.assertTrue(plan.measure_ids)

    def test_tour_training_tours_run_as_written(self):
        """The training tours that users start from a plan, run automatically
        on the demo data, so that their steps stay true."""
        tours = [
            ("/odoo/contacts", "crm_rollout_training_touchpoint"),
            ("/odoo/crm", "crm_rollout_training_at_risk"),
        ]
        Campaign = self.env.get("automation.configuration")
        if Campaign is not None and "target_segment_ids" in Campaign._fields:
            # crm_campaigns installed (it is in the repository's full run)
            tours.append(
                (
                    "/odoo/action-crm_campaigns.automation_configuration_action_campaigns",
                    "crm_rollout_training_campaign",
                )
            )
        for url, name in tours:
            with self.subTest(tour=name):
                self.start_tour(url, name, login="admin")
        if len(tours) == 3:
            campaign = Campaign.search(
                [("name", "=", "Win back the customers at risk")]
            )
            self.assertEqual(len(campaign), 1)
            self.assertEqual(campaign.target_churn_min, 50)
            self.assertNotEqual(campaign.state, "draft")
