# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import CONSULTANT, KEY_USER, LEADER, RolloutCase

MODELS = [
    "crm.rollout.plan",
    "crm.rollout.phase",
    "crm.rollout.checklist.item",
    "crm.rollout.member",
    "crm.rollout.objective",
    "crm.rollout.process",
    "crm.rollout.wave",
    "crm.rollout.grant",
    "crm.rollout.capability",
    "crm.rollout.readiness.item",
    "crm.rollout.measure",
    "crm.rollout.evaluation",
    "crm.rollout.rfm.cell",
    "crm.rollout.training.status",
    "crm.rollout.baseline.import",
]


@tagged("post_install", "-at_install", "crm_rollout")
class TestAccess(RolloutCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan()
        cls.plan_b = cls._plan(company=cls.other_company, leader=cls.leader_b)

    def test_portal_and_public_users_get_nothing(self):
        for user in (self.portal_user, self.public_user):
            for model in MODELS:
                with self.assertRaises(AccessError, msg=f"{user.login} {model}"):
                    self.env[model].with_user(user).search([], limit=1)
                with self.assertRaises(AccessError, msg=f"{user.login} {model}"):
                    self.env[model].with_user(user).check_access("create")

    def test_salesperson_without_a_rollout_role_sees_no_plan(self):
        with self.assertRaises(AccessError):
            self.plan.with_user(self.salesperson).read(["name"])
        with self.assertRaises(AccessError):
            self.env["crm.rollout.plan"].with_user(self.salesperson).create(
                {"name": "Mine", "company_id": self.company.id}
            )

    def test_key_user_reads_and_changes_nothing(self):
        plan = self.plan.with_user(self.key_user)
        self.assertEqual(plan.read(["name"])[0]["name"], self.plan.name)
        self.assertTrue(plan.objective_ids.read(["current_value"]))
        for records, vals in (
            (plan, {"name": "Renamed"}),
            (plan.objective_ids[:1], {"target": 1.0}),
            (plan.wave_ids[:1], {"name": "Renamed"}),
            (plan.phase_ids.checklist_ids[:1], {"done": True}),
            (plan, {"readiness_min_reachable": 1.0}),
        ):
            with self.assertRaises(AccessError):
                records.write(vals)
        with self.assertRaises(AccessError):
            self.env["crm.rollout.plan"].with_user(self.key_user).create(
                {"name": "Mine", "company_id": self.company.id}
            )
        # reading figures and starting training is fine
        plan.action_check_readiness()
        self.assertTrue(self.plan.readiness_item_ids)

    def test_consultant_edits_but_neither_approves_nor_activates(self):
        plan = self.plan.with_user(self.consultant)
        plan.write({"description": "Scope", "readiness_max_duplicates": 3})
        plan.objective_ids[:1].target = 10.0
        plan.wave_ids.filtered("pilot").user_ids = [Command.set(self.pilot_1.ids)]
        with self.assertRaises(AccessError):
            plan.wave_ids.filtered("pilot").action_activate()
        with self.assertRaises(AccessError):
            plan.phase_ids[:1].action_approve_gate()
        # rollout configuration (what capabilities give) is for administrators
        with self.assertRaises(AccessError):
            self.env.ref("crm_rollout.capability_touchpoints").with_user(
                self.consultant
            ).write({"group_id": self.env.ref("base.group_system").id})

    def test_team_roles_give_and_take_back_their_groups(self):
        groups = self.env["res.groups"]
        key, consultant, leader = (
            self.env.ref(KEY_USER),
            self.env.ref(CONSULTANT),
            self.env.ref(LEADER),
        )
        self.assertNotIn(key, self.pilot_1.groups_id)
        member = (
            self.env["crm.rollout.member"]
            .with_user(self.consultant)
            .create(
                {
                    "plan_id": self.plan.id,
                    "user_id": self.pilot_1.id,
                    "role": "key_user",
                }
            )
        )
        self.assertIn(key, self.pilot_1.groups_id)
        self.plan.with_user(self.pilot_1).read(["name"])
        member.role = "crm_admin"
        self.assertIn(consultant, self.pilot_1.groups_id)
        member.unlink()
        self.pilot_1.invalidate_recordset(["groups_id"])
        self.assertFalse(self.pilot_1.groups_id & (key | consultant | leader | groups))
        # someone who already had the group keeps it when they leave the team
        member = self.env["crm.rollout.member"].create(
            {"plan_id": self.plan.id, "user_id": self.key_user.id, "role": "key_user"}
        )
        self.assertFalse(member.grant_ids)
        member.unlink()
        self.assertIn(key, self.key_user.groups_id)

    def test_multi_company(self):
        # a user of company A does not see, search or link company B's plan
        Plan = self.env["crm.rollout.plan"].with_user(self.leader)
        self.assertNotIn(self.plan_b, Plan.search([]))
        with self.assertRaises(AccessError):
            self.plan_b.with_user(self.leader).read(["name"])
        for model in ("crm.rollout.objective", "crm.rollout.wave", "crm.rollout.phase"):
            records = self.env[model].with_user(self.leader).search([])
            self.assertFalse(records.filtered(lambda r: r.plan_id == self.plan_b))
        self.assertFalse(
            self.env["crm.rollout.evaluation"]
            .with_user(self.leader)
            .search([("plan_id", "=", self.plan_b.id)])
        )
        with self.assertRaises(AccessError):
            self.env["crm.rollout.process"].with_user(self.consultant).create(
                {"plan_id": self.plan_b.id, "name": "Into company B"}
            )
        # a wave of company A cannot take a user or team of company B
        with self.assertRaises(UserError):
            self.plan.wave_ids[:1].user_ids = [Command.link(self.leader_b.id)]
        team_b = self.env["crm.team"].create(
            {"name": "Team B", "company_id": self.other_company.id}
        )
        with self.assertRaises(UserError):
            self.plan.wave_ids[:1].team_ids = [Command.link(team_b.id)]
        with self.assertRaises(UserError):
            self.env["crm.rollout.member"].create(
                {
                    "plan_id": self.plan.id,
                    "user_id": self.leader_b.id,
                    "role": "key_user",
                }
            )

    def test_buttons_on_records_the_user_cannot_see(self):
        wave_b = self.plan_b.wave_ids[:1].with_user(self.leader)
        for method in ("action_activate", "action_rollback", "action_open_users"):
            with self.assertRaises(AccessError, msg=method):
                getattr(wave_b, method)()
        plan_b = self.plan_b.with_user(self.leader)
        for method in (
            "action_measure",
            "action_check_readiness",
            "action_open_evaluation",
            "action_open_rfm_grid",
            "action_steering_report",
            "action_import_baselines",
        ):
            with self.assertRaises(AccessError, msg=method):
                getattr(plan_b, method)()
        with self.assertRaises(AccessError):
            self.plan_b.phase_ids[:1].with_user(self.leader).action_approve_gate()
        with self.assertRaises(AccessError):
            self.plan_b.objective_ids[:1].with_user(self.leader).action_open_chart()

    def test_running_the_cron_by_hand_needs_the_rights_of_the_cron(self):
        with self.assertRaises(AccessError):
            self.env["crm.rollout.plan"].with_user(self.salesperson)._cron_measure()
        with self.assertRaises(AccessError):
            self.env["crm.rollout.plan"].with_user(self.key_user)._cron_measure()
        self.env["crm.rollout.plan"].with_user(self.consultant)._cron_measure()
        self.assertTrue(self.plan.measured_at)
        self.assertTrue(self.plan.readiness_item_ids)
