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
        for url, name in (
            ("/odoo/contacts", "crm_rollout_training_touchpoint"),
            ("/odoo/crm", "crm_rollout_training_at_risk"),
        ):
            with self.subTest(tour=name):
                self.start_tour(url, name, login="admin")
