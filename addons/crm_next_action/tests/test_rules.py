# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import NextActionCase


@tagged("post_install", "-at_install", "crm_next_action")
class TestRules(NextActionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Rule Customer")
        cls._history(cls.customer, [94, 124, 154, 184])
        cls._score(
            cls.customer,
            rfm_segment="at_risk",
            churn_probability=0.62,
            clv=4200.0,
            rfm_m_score=5,
        )
        cls.other = cls._customer("Champion Customer")
        cls._history(cls.other, [3, 33, 63])
        cls._score(cls.other, rfm_segment="champions", churn_probability=0.05)

    def test_first_matching_rule_wins_and_order_can_change(self):
        at_risk = self._rule("At risk", [("rfm_segment", "=", "at_risk")], 10)
        everyone = self._rule("Everyone", [], 20)
        self._recompute()
        self.assertEqual(self._row(self.customer).rule_id, at_risk)
        self.assertEqual(self._row(self.other).rule_id, everyone)
        everyone.sequence = 5
        self._recompute()
        self.assertEqual(self._row(self.customer).rule_id, everyone)

    def test_switching_a_rule_off(self):
        at_risk = self._rule("At risk", [("rfm_segment", "=", "at_risk")], 10)
        self._recompute()
        self.assertEqual(self.customer.next_action_rule_id, at_risk)
        at_risk.active = False
        self._recompute()
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.next_action_rule_id)
        self.assertFalse(self.customer.next_action_reason)

    def test_rules_of_another_company_do_not_apply(self):
        self._rule("Elsewhere", [], 1, company_id=self.other_company.id)
        self._recompute()
        self.assertFalse(self._row(self.customer).rule_id)

    def test_reason_line_with_the_customers_own_figures(self):
        self._rule(
            "High value at risk",
            [("churn_probability", ">=", 0.5), ("rfm_m_score", ">=", 4)],
            reason="At risk, high value: call with a retention offer",
            reason_figures="purchase",
        )
        self._recompute()
        self.assertEqual(
            self.customer.with_user(self.salesperson).next_action_reason,
            "At risk, high value: call with a retention offer — last order 94 days "
            "ago, usually every 30 days",
        )

    def test_conditions_are_parsed_never_evaluated(self):
        with self.assertRaises(UserError), mute_logger("odoo.sql_db"):
            self._rule("Evil", "[('name', '=', __import__('os').getcwd())]")
        with self.assertRaises(UserError):
            self._rule("Call", "[('create_date', '>', context_today())]")
        with self.assertRaises(ValidationError):
            self._rule("Unknown field", [("no_such_field", "=", 1)])
        rule = self._rule("Fine", [("rfm_segment", "in", ["at_risk", "lost"])])
        self.assertEqual(
            rule._parsed_domain(), [("rfm_segment", "in", ["at_risk", "lost"])]
        )

    def test_action_needs_its_target(self):
        with self.assertRaises(ValidationError):
            self._rule("No template", [], action_type="mail")
        with self.assertRaises(ValidationError):
            self._rule("No type", [], action_type="activity")

    def test_only_administrators_configure_rules(self):
        rule = self._rule("Shared", [])
        self.assertEqual(rule.with_user(self.salesperson).name, "Shared")
        with self.assertRaises(AccessError):
            rule.with_user(self.salesperson).write({"sequence": 1})
        with self.assertRaises(AccessError):
            self.Rule.with_user(self.salesperson).create(
                {
                    "name": "x",
                    "reason": "x",
                    "suggestion": "x",
                    "action_type": "suggestion",
                }
            )
        with self.assertRaises(UserError):
            self.Rule.with_user(self.salesperson).action_recompute()
        rule.with_user(self.manager).write({"sequence": 1})

    def test_constant_query_count_per_batch(self):
        self._rule("At risk", [("rfm_segment", "=", "at_risk")], 10)
        self._rule("Everyone", [], 20)
        self._recompute()  # warm the caches
        for _i in range(4):
            self._history(self._customer("More"), [10, 40, 70])
        self.env.flush_all()
        self.env.invalidate_all()
        # 35, and 11 to bring crm_rfm's purchase summary up to date
        with self.assertQueryCount(46):
            self._recompute()
        self.env.invalidate_all()
        # six customers in two batches of three: the same statements, and one
        # upsert more (the rules are applied once for all the batches)
        with self.assertQueryCount(46 + 1):
            self.NextAction.sudo()._recompute(self.company, batch_size=3)
