# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import NextActionCase


@tagged("post_install", "-at_install", "crm_next_action")
class TestShippedRules(NextActionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shipped.active = True
        cls.complaint = cls._customer("Unhappy Customer")
        cls._history(cls.complaint, [5, 35, 65])
        cls._touchpoint(
            cls.complaint, 12, kind="complaint", summary="Late delivery of order 1042"
        )
        cls.fresh_complaint = cls._customer("Fresh Complaint")
        cls._history(cls.fresh_complaint, [5, 35, 65])
        cls._touchpoint(cls.fresh_complaint, 2, kind="complaint")
        cls.at_risk = cls._customer("Valuable Slipping")
        cls._history(cls.at_risk, [94, 124, 154, 184])
        cls._score(cls.at_risk, churn_probability=0.62, rfm_m_score=5, clv=4200.0)
        cls.newcomer = cls._customer("Brand New")
        cls._order(cls.newcomer, 9)
        cls.late = cls._customer("Out of Touch")
        cls._history(cls.late, [200, 260, 320])
        cls._score(cls.late, churn_probability=0.3, rfm_m_score=2)
        cls.fine = cls._customer("All Good")
        cls._history(cls.fine, [2, 32, 62])

    def _rule_of(self, partner):
        return partner.with_user(self.salesperson).next_action_rule_id

    def test_each_shipped_rule_on_its_customer(self):
        self._recompute()
        ref = self.env.ref
        self.assertEqual(
            self._rule_of(self.complaint), ref("crm_next_action.rule_open_complaint")
        )
        self.assertEqual(
            self._rule_of(self.at_risk), ref("crm_next_action.rule_high_value_at_risk")
        )
        self.assertEqual(
            self._rule_of(self.newcomer), ref("crm_next_action.rule_new_customer")
        )
        self.assertEqual(
            self._rule_of(self.late), ref("crm_next_action.rule_overdue_contact")
        )
        self.assertFalse(self._rule_of(self.fine))
        # a complaint of two days is not yet "older than 7 days"
        self.assertFalse(self._rule_of(self.fresh_complaint))

    def test_reasons_read_in_one_line(self):
        self._recompute()
        reason = {
            p: p.with_user(self.salesperson).next_action_reason
            for p in (self.complaint, self.at_risk, self.newcomer, self.late)
        }
        self.assertEqual(
            reason[self.complaint],
            "Open complaint: resolve it before selling — complaint made 12 days ago, "
            "still open: Late delivery of order 1042",
        )
        self.assertEqual(
            reason[self.at_risk],
            "At risk, high value: call with a retention offer — last order 94 days "
            "ago, usually every 30 days",
        )
        self.assertEqual(
            reason[self.newcomer], "New customer: welcome call — first order 9 days ago"
        )
        self.assertEqual(
            reason[self.late],
            "Time to get in touch — last order 200 days ago, usually every 60 days",
        )

    def test_a_resolved_complaint_lets_the_next_rule_speak(self):
        self._recompute()
        complaint = self.env["crm.touchpoint"].search(
            [("partner_id", "=", self.complaint.id), ("kind", "=", "complaint")]
        )
        complaint.resolved = True
        self._recompute()
        self.assertNotEqual(
            self._rule_of(self.complaint),
            self.env.ref("crm_next_action.rule_open_complaint"),
        )
