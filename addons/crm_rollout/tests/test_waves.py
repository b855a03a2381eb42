# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import TOUCHPOINT_USER, RolloutCase


@tagged("post_install", "-at_install", "crm_rollout")
class TestWaves(RolloutCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan()
        cls.pilot = cls.plan.wave_ids.filtered("pilot")
        cls.everybody = cls.plan.wave_ids - cls.pilot
        cls.touchpoints = cls.env.ref("crm_rollout.group_capability_touchpoints")
        cls.value = cls.env.ref("crm_rollout.group_capability_customer_value")
        cls.crm_user = cls.env.ref(TOUCHPOINT_USER)

    def _groups(self, user):
        user.invalidate_recordset(["groups_id"])
        return user.groups_id

    def _activate(self, wave, users):
        wave.user_ids = [Command.set(users.ids)]
        wave.with_user(self.leader).action_activate()

    def test_activation_gives_the_capabilities_and_records_what_was_added(self):
        self._activate(self.pilot, self.pilot_1 | self.salesperson)
        self.assertEqual(self.pilot.state, "active")
        for user in self.pilot_1 | self.salesperson:
            self.assertLessEqual(self.touchpoints | self.value, self._groups(user))
            self.assertIn(self.crm_user, self._groups(user))
        granted = {(g.user_id, g.group_id) for g in self.pilot.grant_ids}
        # the pilot user lacked the CRM user group: recorded; the salesperson
        # already had it (with Sales): not recorded
        self.assertIn((self.pilot_1, self.crm_user), granted)
        self.assertNotIn((self.salesperson, self.crm_user), granted)
        self.assertIn((self.salesperson, self.touchpoints), granted)
        self.assertEqual(self.plan.go_live_date, self.today)
        self.assertEqual(self.pilot.activated_by_id, self.leader)

    def test_rollback_takes_back_exactly_what_activation_added(self):
        before_pilot = self._groups(self.pilot_1)
        before_sales = self._groups(self.salesperson)
        self._activate(self.pilot, self.pilot_1 | self.salesperson)
        self.pilot.with_user(self.leader).action_rollback()
        self.assertEqual(self.pilot.state, "rolled_back")
        self.assertEqual(self._groups(self.pilot_1), before_pilot)
        # the salesperson already had the CRM user group: kept
        self.assertEqual(self._groups(self.salesperson), before_sales)
        self.assertIn(self.crm_user, self._groups(self.salesperson))
        self.assertEqual(set(self.pilot.grant_ids.mapped("state")), {"revoked"})

    def test_user_removed_from_the_wave_before_rollback_loses_what_they_got(self):
        before = self._groups(self.pilot_2)
        self._activate(self.pilot, self.pilot_1 | self.pilot_2)
        self.pilot.user_ids = [Command.unlink(self.pilot_2.id)]
        self.pilot.with_user(self.leader).action_rollback()
        self.assertEqual(self._groups(self.pilot_2), before)
        self.assertNotIn(self.touchpoints, self._groups(self.pilot_1))

    def test_activating_twice_adds_nothing_for_the_same_people(self):
        before = self._groups(self.pilot_1)
        self._activate(self.pilot, self.pilot_1)
        grants = self.pilot.grant_ids
        self.pilot.with_user(self.leader).action_activate()
        self.assertEqual(self.pilot.grant_ids, grants)
        # someone added since gets the capabilities on the next activation
        self.pilot.user_ids = [Command.link(self.pilot_2.id)]
        self.pilot.with_user(self.leader).action_activate()
        self.assertIn(self.touchpoints, self._groups(self.pilot_2))
        self.assertEqual(len(self.pilot.grant_ids - grants), len(grants))
        self.pilot.with_user(self.leader).action_rollback()
        self.assertEqual(self._groups(self.pilot_1), before)
        self.assertNotIn(self.touchpoints, self._groups(self.pilot_2))

    def test_group_still_needed_by_another_active_wave_is_handed_over(self):
        self._activate(self.pilot, self.pilot_1)
        self.everybody.date_start = self.today
        self.everybody.with_user(self.leader).action_activate()
        self.pilot.with_user(self.leader).action_rollback()
        # still in the active "everybody" wave: keeps the capability
        self.assertIn(self.touchpoints, self._groups(self.pilot_1))
        handed = self.everybody.grant_ids.filtered(
            lambda g: g.user_id == self.pilot_1 and g.group_id == self.touchpoints
        )
        self.assertTrue(handed)
        self.everybody.with_user(self.leader).action_rollback()
        self.assertNotIn(self.touchpoints, self._groups(self.pilot_1))
        self.assertNotIn(self.crm_user, self._groups(self.pilot_1))

    def test_a_group_given_meanwhile_by_other_means_stays(self):
        self._activate(self.pilot, self.pilot_1)
        # an administrator makes the pilot user a salesperson meanwhile: the
        # CRM user group now comes with Sales and must stay
        self.pilot_1.groups_id = [
            Command.link(self.env.ref("sales_team.group_sale_salesman").id)
        ]
        self.pilot.with_user(self.leader).action_rollback()
        self.assertIn(self.crm_user, self._groups(self.pilot_1))
        self.assertNotIn(self.touchpoints, self._groups(self.pilot_1))

    def test_sales_team_members_and_everybody(self):
        team = self.env["crm.team"].create(
            {"name": "Pilot team", "company_id": self.company.id}
        )
        self.env["crm.team.member"].create(
            {"crm_team_id": team.id, "user_id": self.pilot_2.id}
        )
        self.pilot.team_ids = [Command.set(team.ids)]
        self.assertIn(self.pilot_2, self.pilot._effective_users())
        users = self.everybody._effective_users()
        self.assertIn(self.pilot_1, users)
        self.assertNotIn(self.leader_b, users)
        self.assertNotIn(self.portal_user, users)

    def test_refusals(self):
        with self.assertRaisesRegex(UserError, "Add users"):
            self.pilot.with_user(self.leader).action_activate()
        self.pilot.user_ids = [Command.set(self.pilot_1.ids)]
        with self.assertRaises(AccessError):
            self.pilot.with_user(self.consultant).action_activate()
        with self.assertRaises(AccessError):
            self.pilot.with_user(self.other_leader).action_activate()
        self.pilot.date_start = self.today + timedelta(days=3)
        with self.assertRaisesRegex(UserError, "planned from"):
            self.pilot.with_user(self.leader).action_activate()
        with self.assertRaisesRegex(UserError, "Only an active wave"):
            self.pilot.with_user(self.leader).action_rollback()

    def test_campaigns_capability_needs_crm_campaigns(self):
        campaigns = self.env.ref("crm_rollout.capability_campaigns")
        self.assertEqual(campaigns.available, self.campaigns_installed)
        self.pilot.user_ids = [Command.set(self.pilot_1.ids)]
        self.pilot.date_start = self.today
        self.pilot.capability_ids = [Command.link(campaigns.id)]
        if self.campaigns_installed:
            # the campaigns' menu (CRM users) and their start (automation
            # managers), given and taken back with the capability
            self.pilot.with_user(self.leader).action_activate()
            for xmlid in (
                "crm_relationship.group_crm_relationship_user",
                "automation_oca.group_automation_manager",
            ):
                self.assertTrue(self.pilot_1.has_group(xmlid), xmlid)
            self.pilot.with_user(self.leader).action_rollback()
            self.assertFalse(
                self.pilot_1.has_group("automation_oca.group_automation_manager")
            )
        # a capability whose module is not installed is refused
        campaigns.required_module = "crm_not_installed"
        self.assertFalse(campaigns.available)
        with self.assertRaisesRegex(UserError, "not installed"):
            self.pilot.with_user(self.leader).action_activate()
        self.assertNotEqual(self.pilot.state, "active")

    def test_state_is_not_writable_by_hand(self):
        with self.assertRaises(AccessError):
            self.pilot.with_user(self.consultant).write({"state": "active"})
        with self.assertRaises(AccessError):
            self.plan.with_user(self.consultant).write({"go_live_date": self.today})

    def test_activation_and_rollback_are_logged_with_names_escaped(self):
        self.pilot_1.name = "<img src=x onerror=alert(1)>"
        self._activate(self.pilot, self.pilot_1)
        self.pilot.with_user(self.leader).action_rollback()
        bodies = self.plan.message_ids.mapped("body")
        logged = [b for b in bodies if "onerror" in b]
        self.assertEqual(len(logged), 2)
        for body in logged:
            self.assertNotIn("<img", body)
            self.assertIn("&lt;img src=x onerror=alert(1)&gt;", body)
        self.assertTrue(any("Pilot" in b and "activated" in b for b in bodies))
        self.assertTrue(any("rolled back" in b for b in bodies))

    def test_active_wave_and_its_plan_cannot_be_deleted(self):
        self._activate(self.pilot, self.pilot_1)
        with self.assertRaises(UserError):
            self.pilot.unlink()
        with self.assertRaises(UserError):
            self.plan.unlink()

    def test_go_live_keeps_the_rfm_grid_of_that_day(self):
        customer = self._customer("Grid Customer")
        self._order(customer, self.today - timedelta(days=3), 100)
        run = self.env["crm.rfm.run"]._execute(self.company)
        self._activate(self.pilot, self.pilot_1)
        cells = self.plan.rfm_cell_ids.filtered(lambda c: c.moment == "golive")
        self.assertEqual(len(cells), 25)
        self.assertEqual(sum(cells.mapped("customers")), run.partner_count)
        self.assertEqual(cells.run_id, run)
