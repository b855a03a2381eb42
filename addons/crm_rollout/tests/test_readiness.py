# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import RolloutCase


@tagged("post_install", "-at_install", "crm_rollout")
class TestReadiness(RolloutCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan()
        cls.pilot = cls.plan.wave_ids.filtered("pilot")
        cls.pilot.user_ids = [Command.set((cls.pilot_1 | cls.pilot_2).ids)]
        # four customers: two reachable, one without a type, one unreachable;
        # two of them share an e-mail address (duplicate candidates)
        cls.ok_1 = cls._customer("Reachable One", email="one@example.com")
        cls.ok_2 = cls._customer("Reachable Two", phone="+34 911 22 33 44")
        cls.no_type = cls._customer(
            "No Type", email="one@example.com", customer_type=False
        )
        cls.unreachable = cls._customer("Unreachable", phone="12")
        # real data: an order and touchpoints in the window
        cls._order(cls.ok_1, cls.today - timedelta(days=3), 100)

    def _items(self):
        self.plan.action_check_readiness()
        return {item.code: item for item in self.plan.readiness_item_ids}

    def _log(self, user, count, days_ago=2):
        for index in range(count):
            self._touchpoint(
                self.ok_1,
                self._days_ago(days_ago + index % 3),
                user_id=user.id,
                kind="follow_up",
            )

    def test_crafted_figures_and_failing_items(self):
        self._log(self.pilot_1, 3)
        self._log(self.pilot_2, 1)
        self._log(self.pilot_2, 5, days_ago=20)  # outside the 14 days
        items = self._items()
        self.assertEqual(self.plan.readiness_state, "no_go")
        reachable = items["reachable"]
        self.assertIn("50.0%", reachable.value)
        self.assertIn("2 of 4", reachable.value)
        self.assertFalse(reachable.passed)
        self.assertEqual(items["duplicates"].value, "2")
        self.assertFalse(items["duplicates"].passed)
        activity = items["pilot_activity"]
        self.assertFalse(activity.passed)
        self.assertIn("1 of 2", activity.value)
        self.assertIn(self.pilot_2.name, activity.detail)
        self.assertNotIn(self.pilot_1.name, activity.detail)
        self.assertFalse(items["training"].passed)
        self.assertIn(self.pilot_1.name, items["training"].detail)
        self.assertTrue(items["orders"].passed)
        self.assertEqual(items["orders"].value, "1")
        self.assertTrue(items["touchpoints"].passed)
        # each figure opens the records behind it
        action = reachable.action_open_records()
        unreachable = self.env["res.partner"].search(action["domain"])
        self.assertEqual(unreachable, self.no_type | self.unreachable)
        duplicates = self.env["res.partner"].search(
            items["duplicates"].action_open_records()["domain"]
        )
        self.assertEqual(duplicates, self.ok_1 | self.no_type)
        touchpoints = self.env["crm.touchpoint"].search(
            items["pilot_activity"].action_open_records()["domain"]
        )
        self.assertEqual(len(touchpoints), 4)

    def test_go_when_every_item_passes_and_thresholds_are_editable(self):
        self._log(self.pilot_1, 3)
        self._log(self.pilot_2, 3)
        tours = self.env["web_tour.tour"]._crm_rollout_training_tours()
        self.assertEqual(
            len(tours),
            3 if self.campaigns_installed else 2,
            "the campaign tour only with crm_campaigns",
        )
        for tour in tours:
            tour.user_consumed_ids = [Command.link(self.pilot_1.id)]
            tour.with_user(self.pilot_2).consume(tour.name)
        self.no_type.customer_type = "b2b"
        self.no_type.email = "no.type@example.com"
        self.plan.with_user(self.consultant).write({"readiness_min_reachable": 75.0})
        items = self._items()
        self.assertEqual(
            {code for code, item in items.items() if not item.passed}, set()
        )
        self.assertEqual(self.plan.readiness_state, "go")
        self.plan.readiness_min_pilot_touchpoints = 4
        self._items()
        self.assertEqual(self.plan.readiness_state, "no_go")

    def test_no_pilot_and_no_data(self):
        self.pilot.user_ids = [Command.clear()]
        self.env["sale.order"].search([("company_id", "=", self.company.id)]).write(
            {"state": "cancel"}
        )
        items = self._items()
        self.assertFalse(items["pilot_activity"].passed)
        self.assertIn("no pilot users", items["pilot_activity"].detail)
        self.assertFalse(items["orders"].passed)

    def test_thresholds_must_make_sense(self):
        for vals in (
            {"readiness_min_reachable": 101},
            {"readiness_min_trained": -1},
            {"readiness_max_duplicates": -1},
            {"readiness_activity_days": 0},
        ):
            with self.assertRaises(ValidationError, msg=vals):
                self.plan.write(vals)
