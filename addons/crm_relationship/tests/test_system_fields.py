# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CrmRelationshipCase

FORGED = {
    "satisfaction_score": 99,
    "event_ref": "sale.order,1,confirm",
    "res_model": "crm.lead",
    "res_id": 1,
}


@tagged("post_install", "-at_install", "crm_relationship")
class TestSystemFields(CrmRelationshipCase):
    """What Odoo sets on a touchpoint (its score, the event and document that
    logged it) is never set by a user, whatever the way in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls._new_touchpoint(user_id=cls.salesperson.id, summary="Mine")

    def test_users_cannot_set_system_fields(self):
        Touchpoint = self.env["crm.touchpoint"]
        for user in (self.salesperson, self.manager, self.env.ref("base.user_admin")):
            for name, value in FORGED.items():
                with self.subTest(user=user.login, field=name):
                    with self.assertRaises(AccessError):
                        Touchpoint.with_user(user).create(
                            {
                                "partner_id": self.customer.id,
                                "summary": "Forged",
                                name: value,
                            }
                        )
                    with self.assertRaises(AccessError):
                        self.own.with_user(user).write({name: value})
        self.assertFalse(self.own.satisfaction_score or self.own.event_ref)
        self.assertFalse(self.own.res_model or self.own.res_id)

    def test_import_cannot_set_them_either(self):
        result = (
            self.env["crm.touchpoint"]
            .with_user(self.salesperson)
            .load(
                ["partner_id", "summary", "event_ref"],
                [["Acme Hardware", "Imported", "sale.order,1,confirm"]],
            )
        )
        self.assertFalse(result["ids"])
        self.assertEqual(len(result["messages"]), 1)
        self.assertIn("Event", result["messages"][0]["message"])

    def test_a_preset_event_key_cannot_silence_the_logging(self):
        order = self._new_order(self.customer)
        with self.assertRaises(AccessError):
            self.env["crm.touchpoint"].with_user(self.salesperson).create(
                {
                    "partner_id": self.customer.id,
                    "summary": "Decoy",
                    "event_ref": f"sale.order,{order.id},confirm",
                }
            )
        order.with_user(self.salesperson).action_confirm()
        logged = self.env["crm.touchpoint"].search(
            [("event_ref", "=", f"sale.order,{order.id},confirm")]
        )
        self.assertEqual((logged.res_model, logged.res_id), ("sale.order", order.id))

    def test_the_system_still_sets_them(self):
        rated = self._new_touchpoint(satisfaction="4")
        rated.with_user(self.manager).satisfaction = "2"
        self.assertEqual(rated.satisfaction_score, 2)
        copy = rated.with_user(self.manager).copy()
        self.assertFalse(copy.res_model or copy.event_ref)

    def test_copy_of_a_logged_touchpoint_is_a_manual_one(self):
        order = self._new_order(self.customer)
        order.action_confirm()
        logged = self._logged(order)
        copy = logged.with_user(self.salesperson).copy()
        self.assertFalse(copy.res_model or copy.res_id or copy.event_ref)
        self.assertEqual(copy.summary, logged.summary)

    def test_salesperson_of_someone_elses_touchpoint_only_by_managers(self):
        Touchpoint = self.env["crm.touchpoint"].with_user(self.salesperson)
        with self.assertRaises(AccessError):
            Touchpoint.create(
                {
                    "partner_id": self.customer.id,
                    "summary": "For a colleague",
                    "user_id": self.salesperson_2.id,
                }
            )
        mine = Touchpoint.create({"partner_id": self.customer.id, "summary": "Call"})
        with self.assertRaises(AccessError):
            mine.write({"user_id": self.salesperson_2.id})  # give it away
        # a manager hands it to a colleague: it is no longer the salesperson's
        mine.with_user(self.manager).write({"user_id": self.salesperson_2.id})
        self.assertEqual(mine.user_id, self.salesperson_2)
        mine.write({"summary": "Call (typo fixed)"})  # they logged it
        with self.assertRaises(AccessError):
            mine.write({"user_id": self.salesperson.id})  # take it back
        self.assertEqual(mine.user_id, self.salesperson_2)
        # unchanged values are not a change
        mine.with_user(self.salesperson_2).write({"user_id": self.salesperson_2.id})

    def test_satisfaction_outside_one_to_five_is_refused(self):
        Touchpoint = self.env["crm.touchpoint"].with_user(self.salesperson)
        for value in ("6", "99", "-1", "4.5", 3):
            with self.subTest(value=value):
                with self.assertRaisesRegex(ValidationError, "1 to 5"):
                    Touchpoint.create(
                        {
                            "partner_id": self.customer.id,
                            "summary": "Rated",
                            "satisfaction": value,
                        }
                    )
                with self.assertRaisesRegex(ValidationError, "1 to 5"):
                    self.own.with_user(self.salesperson).write({"satisfaction": value})
        unrated = Touchpoint.create(
            [
                {"partner_id": self.customer.id, "summary": s, "satisfaction": v}
                for s, v in (("a", False), ("b", "0"), ("c", "5"))
            ]
        )
        self.assertEqual(unrated.mapped("satisfaction_score"), [0, 0, 5])
