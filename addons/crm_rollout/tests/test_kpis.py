# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

import pandas as pd

from odoo.tests import tagged

from crm_insight import kpis
from crm_insight.data import prepare

from ..scorecard import evaluation_months, objective_status, progress
from .common import RolloutCase

DAY = date(2025, 6, 30)


@tagged("post_install", "-at_install", "crm_rollout")
class TestKpiFormulas(RolloutCase):
    """Each KPI on crafted data: the portfolio rates against crm_insight.kpis
    on the same transactions, the others against hand-computed values."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Kpi = cls.env["crm.rollout.kpi"]
        # (customer, days before DAY, amount): a customer active at the start
        # who stays, one who leaves, one new, one back after a long pause,
        # a refund day, a day whose orders cancel out, an old customer.
        cls.history = {
            "Stays": [(500, 80), (300, 40), (20, 15)],
            "Leaves": [(420, 60), (380, 20)],
            "New": [(100, 30), (10, 30)],
            "Back": [(900, 10), (50, 25)],
            "Refund day": [(200, 50), (30, -50)],
            "Zero day": [(400, 20), (5, 10), (5, -10)],
            "Old": [(1000, 10)],
            "Contact buys": [(370, 30), (2, 30)],
        }
        cls.customers = {}
        for name, orders in cls.history.items():
            customer = cls._customer(name)
            cls.customers[name] = customer
            buyer = customer
            if name == "Contact buys":
                buyer = cls.env["res.partner"].create(
                    {"name": "Ann Contact", "parent_id": customer.id}
                )
            for days, amount in orders:
                cls._order(buyer, DAY - timedelta(days=days), amount)
        other = cls._customer("Other company", company=cls.other_company)
        cls._order(other, DAY - timedelta(days=10), 99, company=cls.other_company)

    def _transactions(self):
        rows = [
            (self.customers[name].id, DAY - timedelta(days=days), amount)
            for name, orders in self.history.items()
            for days, amount in orders
        ]
        frame = pd.DataFrame(rows, columns=["customer", "date", "amount"])
        frame["date"] = pd.to_datetime(frame["date"])
        return prepare(
            frame, customer="customer", date="date", amount="amount", as_of=DAY
        )

    def test_portfolio_rates_equal_crm_insight_kpis(self):
        for day in (DAY, DAY - timedelta(days=45), DAY - timedelta(days=200)):
            expected = kpis.period_kpis(
                self._transactions(), day - timedelta(days=365), day
            )
            s, e, n, retained = self.Kpi._portfolio_counts(self.company, day)
            self.assertEqual(
                (s, e, n, retained),
                (
                    expected["customers_at_start"],
                    expected["customers_at_end"],
                    expected["new_customers"],
                    expected["retained_customers"],
                ),
                day,
            )
            values = self.Kpi._measure(
                self.company, day, ["churn_rate", "retention_rate", "portfolio_growth"]
            )
            for kpi in ("churn_rate", "retention_rate", "portfolio_growth"):
                self.assertAlmostEqual(values[kpi], 100 * expected[kpi], places=9)

    def test_crafted_counts(self):
        # at the start (DAY - 365): Stays, Leaves, Refund day? no (first order
        # 200 days before DAY), Zero day (400), Contact buys (370); at the end:
        # Stays, New, Back, Refund day (the +50), Zero day? no (its last day
        # nets 0... but 400 days ago is outside), Contact buys.
        s, e, n, retained = self.Kpi._portfolio_counts(self.company, DAY)
        self.assertEqual((s, e, n, retained), (4, 5, 2, 2))

    def test_complaint_resolution_time_from_touchpoints(self):
        """Without the helpdesk: the median hours of the complaint touchpoints
        opened in the 30 days up to the day and resolved."""
        customer = self.customers["Stays"]
        now = datetime(2025, 6, 30, 12)
        for opened, resolved in ((30, 6), (50, 2), (100, 10)):
            self._touchpoint(
                customer,
                now - timedelta(hours=opened),
                kind="complaint",
                resolved=True,
                resolved_at=now - timedelta(hours=resolved),
            )
        # not a complaint, not resolved, opened before the window: ignored
        self._touchpoint(
            customer,
            now - timedelta(hours=90),
            kind="suggestion",
            resolved=True,
            resolved_at=now - timedelta(hours=1),
        )
        self._touchpoint(customer, now - timedelta(hours=5), kind="complaint")
        self._touchpoint(
            customer,
            now - timedelta(days=40),
            kind="complaint",
            resolved=True,
            resolved_at=now - timedelta(days=25),
        )
        self.env.flush_all()
        # 24, 48 and 90 hours: the median, not the mean (54)
        value = self.Kpi._touchpoint_complaint_hours(self.company, DAY)
        self.assertAlmostEqual(value, 48.0)
        self.assertIsNone(self.Kpi._touchpoint_complaint_hours(self.other_company, DAY))
        if "crm.complaint.report" not in self.env:
            measured = self.Kpi._measure(
                self.company, DAY, ["complaint_resolution_hours"]
            )
            self.assertAlmostEqual(measured["complaint_resolution_hours"], 48.0)

    def test_resolved_at_follows_resolved(self):
        touchpoint = self._touchpoint(
            self.customers["New"], datetime(2025, 6, 1), kind="complaint"
        )
        self.assertFalse(touchpoint.resolved_at)
        touchpoint.action_mark_resolved()
        self.assertTrue(touchpoint.resolved_at)
        stamp = touchpoint.resolved_at
        touchpoint.write({"resolved": True, "summary": "Edited later"})
        self.assertEqual(touchpoint.resolved_at, stamp)
        touchpoint.action_reopen()
        self.assertFalse(touchpoint.resolved_at)

    def test_share_of_customers_with_a_type_and_a_way_to_reach_them(self):
        today = self.today
        counts = self.Kpi._reachable_counts(self.company, today)
        # the 8 customers of the orders have no e-mail or phone
        self.assertEqual(counts, (8, 0))
        self.customers["Stays"].email = "stays@example.com"
        self.customers["Leaves"].phone = "+34 600 11 22 33"
        # legacy data, entered before crm_data_quality checked it
        self.customers["New"].with_context(
            crm_data_quality_skip=True
        ).email = "not an e-mail"
        self.customers["Back"].write({"email": "b@example.com", "customer_type": False})
        # a contact's e-mail reaches the company
        self.env["res.partner"].search(
            [("name", "=", "Ann Contact")]
        ).email = "ann@example.com"
        self._customer("No order, invoiced", email="inv@example.com")
        self._customer("No order, not a customer", customer_rank=0)
        self.assertEqual(self.Kpi._reachable_counts(self.company, today), (9, 4))
        share = self.Kpi._measure(self.company, today, ["reachable_share"])
        self.assertAlmostEqual(share["reachable_share"], 100 * 4 / 9)

    def test_touchpoints_logged_per_active_user_per_week(self):
        crm_user = self.env.ref("crm_relationship.group_crm_relationship_user")
        users = self.Kpi._logging_users(self.company)
        self.assertIn(self.salesperson, users)
        self.assertNotIn(self.pilot_1, users)
        self.assertTrue(all(crm_user in u.groups_id for u in users))
        customer = self.customers["Stays"]
        for days in (1, 5, 29):
            self._touchpoint(
                customer,
                datetime(2025, 6, 30, 8) - timedelta(days=days),
                user_id=self.salesperson.id,
            )
        # older than 30 days, logged by an event, another company: not counted
        self._touchpoint(customer, datetime(2025, 5, 1), user_id=self.salesperson.id)
        self._touchpoint(
            customer,
            datetime(2025, 6, 29),
            user_id=self.salesperson.id,
            event_ref="sale.order,999999,confirm",
        )
        value = self.Kpi._measure(self.company, DAY, ["touchpoints_per_user_week"])
        self.assertAlmostEqual(
            value["touchpoints_per_user_week"], 3 / len(users) / (30 / 7)
        )

    def test_share_of_orders_with_a_touchpoint_in_the_30_days_before(self):
        orders = self.env["sale.order"].search(
            [
                ("company_id", "=", self.company.id),
                ("state", "=", "sale"),
                ("date_order", ">=", datetime(2025, 6, 1)),
                ("date_order", "<", datetime(2025, 7, 1)),
            ]
        )
        # Stays (20 days), New (10), Zero day (5, twice), Contact buys (2)
        self.assertEqual(len(orders), 5)
        stays = self.customers["Stays"]
        self._touchpoint(stays, datetime(2025, 6, 1), kind="inquiry")
        contact_buys = self.customers["Contact buys"]
        self._touchpoint(contact_buys, datetime(2025, 6, 20), kind="inquiry")
        # the order's own touchpoint (logged from the order) does not count,
        # nor one after the order or 31 days before it
        new = self.customers["New"]
        self._touchpoint(new, datetime(2025, 6, 21), kind="inquiry")
        self._touchpoint(new, datetime(2025, 5, 19), kind="inquiry")
        value = self.Kpi._measure(self.company, DAY, ["orders_with_touchpoint_share"])
        self.assertAlmostEqual(value["orders_with_touchpoint_share"], 100 * 2 / 5)

    def test_nothing_to_measure(self):
        values = self.Kpi._measure(
            self.env["res.company"].create({"name": "Empty Co"}),
            DAY,
            [
                "churn_rate",
                "complaint_resolution_hours",
                "reachable_share",
                "orders_with_touchpoint_share",
            ],
        )
        self.assertEqual(set(values.values()), {None})


@tagged("post_install", "-at_install", "crm_rollout")
class TestScorecard(RolloutCase):
    def test_status(self):
        start, deadline = date(2025, 1, 1), date(2025, 12, 31)
        mid = date(2025, 7, 2)
        status = objective_status
        self.assertEqual(status("down", 20, 15, 14, start, deadline, mid), "reached")
        self.assertEqual(status("down", 20, 15, 17, start, deadline, mid), "on_track")
        self.assertEqual(status("down", 20, 15, 19, start, deadline, mid), "at_risk")
        self.assertEqual(status("up", 80, 90, 86, start, deadline, mid), "on_track")
        self.assertEqual(status("up", 80, 90, 86, start, deadline, deadline), "at_risk")
        self.assertEqual(status("up", 80, 90, None, start, deadline, mid), "no_data")
        self.assertEqual(status("up", None, 90, 86, start, deadline, mid), "no_data")
        self.assertEqual(status("up", 80, 90, 86, start, None, mid), "no_data")
        self.assertEqual(progress(20, 15, 17.5), 50.0)
        self.assertIsNone(progress(20, 20, 17.5))

    def test_evaluation_months(self):
        months = evaluation_months(date(2025, 1, 20), date(2025, 3, 10))
        self.assertEqual(
            months,
            [
                (date(2025, 1, 1), date(2025, 1, 31), True),
                (date(2025, 2, 1), date(2025, 2, 28), True),
                (date(2025, 3, 1), date(2025, 3, 10), False),
            ],
        )
