# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RolloutCase


@tagged("post_install", "-at_install", "crm_rollout")
class TestPlanAndGates(RolloutCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan()
        cls.phases = cls.plan.phase_ids.sorted("sequence")
        cls.planning, cls.implementation, cls.test_phase = cls.phases[:3]

    def _tick(self, phase):
        phase.checklist_ids.with_user(self.consultant).write({"done": True})

    def test_plan_from_the_template_in_one_click(self):
        action = self.template.with_user(self.consultant).action_use_template()
        plan = self.env["crm.rollout.plan"].browse(action["res_id"])
        self.assertFalse(plan.is_template)
        self.assertEqual(plan.company_id, self.company)
        self.assertEqual(
            plan.phase_ids.mapped("code"),
            ["planning", "implementation", "test", "evaluation"],
        )
        self.assertEqual(len(plan.phase_ids.checklist_ids), 20)
        self.assertEqual(len(plan.objective_ids), 7)
        self.assertTrue(all(plan.objective_ids.mapped("deadline")))
        # measured at the start; a company without data has nothing to measure
        self.assertLessEqual(
            set(plan.objective_ids.mapped("baseline_source")), {"measured", "none"}
        )
        self.assertEqual(set(plan.objective_ids.mapped("baseline_date")), {self.today})
        self.assertTrue(plan.process_ids)
        self.assertEqual(plan.wave_ids.filtered("pilot").date_start, self.today)
        # a consultant drafts the plan; the leader is named by a leader
        self.assertEqual(plan.member_ids.role, "consultant")
        self.assertFalse(plan.leader_id)
        self.assertEqual(plan.phase, "planning")
        # the template is untouched
        self.assertFalse(self.template.member_ids)
        self.assertFalse(self.template.phase_ids.checklist_ids.filtered("done"))

    def test_only_the_project_leader_approves_a_gate(self):
        self._tick(self.planning)
        admin = self.env.ref("base.user_admin")
        for user in (self.consultant, self.key_user, self.other_leader, admin):
            with self.assertRaises(AccessError, msg=user.login):
                self.planning.with_user(user).action_approve_gate()
        self.assertEqual(self.planning.state, "open")
        self.planning.gate_note = "Team <b>complete</b>"
        self.planning.with_user(self.leader).action_approve_gate()
        self.assertEqual(self.planning.state, "approved")
        self.assertEqual(self.planning.approved_by_id, self.leader)
        self.assertTrue(self.planning.approved_on)
        self.assertEqual(self.plan.phase, "implementation")
        message = self.plan.message_ids[0]
        self.assertIn("approved by", message.body)
        self.assertIn("Team &lt;b&gt;complete&lt;/b&gt;", message.body)

    def test_gates_in_order_with_their_checklist_done(self):
        self._tick(self.implementation)
        with self.assertRaisesRegex(UserError, "first"):
            self.implementation.with_user(self.leader).action_approve_gate()
        with self.assertRaisesRegex(UserError, "checklist"):
            self.planning.with_user(self.leader).action_approve_gate()
        self._tick(self.planning)
        self.planning.with_user(self.leader).action_approve_gate()
        self.implementation.with_user(self.leader).action_approve_gate()
        self._tick(self.test_phase)
        # the pre-go-live test needs a "go" from the readiness test
        with self.assertRaisesRegex(UserError, "no-go"):
            self.test_phase.with_user(self.leader).action_approve_gate()
        self.assertEqual(self.plan.phase, "test")

    def test_reopen_only_the_last_approved_gate(self):
        self._tick(self.planning)
        self._tick(self.implementation)
        self.planning.with_user(self.leader).action_approve_gate()
        self.implementation.with_user(self.leader).action_approve_gate()
        with self.assertRaises(UserError):
            self.planning.with_user(self.leader).action_reopen_gate()
        with self.assertRaises(AccessError):
            self.implementation.with_user(self.consultant).action_reopen_gate()
        self.implementation.with_user(self.leader).action_reopen_gate()
        self.assertEqual(self.implementation.state, "open")
        self.assertFalse(self.implementation.approved_by_id)
        self.assertEqual(self.plan.phase, "implementation")

    def test_approval_fields_are_not_writable_by_hand(self):
        for vals in (
            {"state": "approved"},
            {"approved_by_id": self.consultant.id},
        ):
            with self.assertRaises(AccessError):
                self.planning.with_user(self.consultant).write(vals)
        with self.assertRaises(AccessError):
            self.plan.with_user(self.consultant).write({"phase": "closed"})
        item = self.planning.checklist_ids[0]
        with self.assertRaises(AccessError):
            item.with_user(self.consultant).write({"done_by_id": self.leader.id})
        item.with_user(self.consultant).done = True
        self.assertEqual(item.done_by_id, self.consultant)
        self.assertTrue(item.done_on)
        item.with_user(self.consultant).done = False
        self.assertFalse(item.done_by_id)

    def test_checklist_of_an_approved_gate_is_frozen(self):
        self._tick(self.planning)
        self.planning.with_user(self.leader).action_approve_gate()
        item = self.planning.checklist_ids[0]
        with self.assertRaisesRegex(UserError, "reopen"):
            item.with_user(self.consultant).done = False
        with self.assertRaisesRegex(UserError, "reopen"):
            self.env["crm.rollout.checklist.item"].with_user(self.consultant).create(
                {"phase_id": self.planning.id, "name": "One more thing"}
            )
        with self.assertRaisesRegex(UserError, "reopen"):
            item.with_user(self.consultant).unlink()

    def test_naming_the_project_leader(self):
        plan = self.template.with_user(self.consultant)._create_plan_from_template(
            self.company
        )
        Member = self.env["crm.rollout.member"]
        # a consultant cannot make themselves the leader
        with self.assertRaises(AccessError):
            Member.with_user(self.consultant).create(
                {
                    "plan_id": plan.id,
                    "user_id": self.consultant.id,
                    "role": "project_leader",
                }
            )
        # a project leader takes a plan that has none; then nobody else can
        Member.with_user(self.leader).create(
            {"plan_id": plan.id, "user_id": self.leader.id, "role": "project_leader"}
        )
        self.assertEqual(plan.leader_id, self.leader)
        with self.assertRaises(AccessError):
            plan.member_ids.filtered(lambda m: m.role == "project_leader").with_user(
                self.other_leader
            ).unlink()
