# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.fields import Command
from odoo.tests import tagged

from .common import RolloutCase


@tagged("post_install", "-at_install", "crm_rollout")
class TestTraining(RolloutCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan()
        cls.plan.wave_ids.filtered("pilot").user_ids = [Command.set(cls.pilot_1.ids)]
        cls.Tour = cls.env["web_tour.tour"]
        cls.touchpoint_tour = cls.env.ref("crm_rollout.tour_training_touchpoint")

    def test_the_plan_offers_the_daily_tasks_but_campaigns_only_with_crm_campaigns(
        self,
    ):
        names = set(self.plan.training_tour_ids.mapped("name"))
        daily = {"crm_rollout_training_touchpoint", "crm_rollout_training_at_risk"}
        if self.campaigns_installed:
            daily.add("crm_rollout_training_campaign")
        self.assertEqual(names, daily)
        campaign = self.env.ref("crm_rollout.tour_training_campaign")
        self.assertEqual(campaign.crm_rollout_module, "crm_campaigns")
        # a tour whose module is not installed is not offered
        campaign.crm_rollout_module = "crm_not_installed"
        self.plan.invalidate_recordset(["training_tour_ids"])
        self.assertNotIn(campaign, self.plan.training_tour_ids)

    def test_a_key_user_starts_a_tour_and_its_completion_is_recorded(self):
        tour = self.touchpoint_tour.with_user(self.key_user)
        self.key_user.tour_enabled = False
        action = tour.action_crm_rollout_start()
        self.assertEqual(action["tag"], "crm_rollout_start_tour")
        self.assertEqual(action["params"]["tour"], "crm_rollout_training_touchpoint")
        # the web client turns onboarding on to run it, then reports it done
        self.key_user.tour_enabled = True
        next_tour = self.Tour.with_user(self.key_user).consume(tour.name)
        self.assertFalse(next_tour, "no onboarding tour is chained after training")
        self.assertIn(self.key_user, self.touchpoint_tour.user_consumed_ids)
        self.assertFalse(self.key_user.tour_enabled, "onboarding switched back off")

    def test_completion_per_person_on_the_plan(self):
        statuses = self.plan.training_status_ids
        people = statuses.user_id
        self.assertIn(self.pilot_1, people)
        self.assertIn(self.leader, people)
        self.assertFalse(statuses.filtered("done"))
        self.touchpoint_tour.with_user(self.pilot_1).consume(self.touchpoint_tour.name)
        self.env.invalidate_all()
        done = self.plan.training_status_ids.filtered("done")
        self.assertEqual(done.user_id, self.pilot_1)
        self.assertEqual(done.tour_id, self.touchpoint_tour)
        self.assertAlmostEqual(
            self.plan.training_done_share,
            100.0 / len(self.plan.training_status_ids),
        )

    def test_a_capability_training_is_for_the_waves_that_give_it(self):
        """The campaign training is required of the pilot users only once their
        wave gives the Campaigns capability; the team does every training."""
        campaign_tour = self.env.ref("crm_rollout.tour_training_campaign")
        capability = self.env.ref("crm_rollout.capability_campaigns")
        self.assertEqual(campaign_tour.crm_rollout_capability_id, capability)
        # as if crm_campaigns were installed, whatever this database has
        campaign_tour.crm_rollout_module = False
        pilot_wave = self.plan.wave_ids.filtered("pilot")
        self.assertNotIn(capability, pilot_wave.capability_ids)

        def tours_of(user):
            self.env.invalidate_all()
            return self.plan.training_status_ids.filtered(
                lambda s: s.user_id == user
            ).tour_id

        self.assertNotIn(campaign_tour, tours_of(self.pilot_1))
        self.assertIn(self.touchpoint_tour, tours_of(self.pilot_1))
        self.assertIn(campaign_tour, tours_of(self.leader))
        pilot_wave.capability_ids = [Command.link(capability.id)]
        self.assertIn(campaign_tour, tours_of(self.pilot_1))
        # the readiness test asks the pilot user for it too
        self.plan._check_readiness()
        training = self.plan.readiness_item_ids.filtered(lambda i: i.code == "training")
        self.assertIn(campaign_tour.id, dict(training.failing)[self.pilot_1.name])

    def test_training_tours_are_not_pushed_as_onboarding(self):
        self.key_user.tour_enabled = True
        current = self.Tour.with_user(self.key_user).get_current_tour()
        self.assertFalse(
            current and current["name"].startswith("crm_rollout_"),
            "a training tour is started from the plan, not on any page",
        )
