# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import NextActionCase


@tagged("post_install", "-at_install", "crm_next_action")
class TestDoIt(NextActionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.customer = cls._customer("Do It Customer")
        cls._history(cls.customer, [94, 124, 154])
        cls._score(cls.customer, churn_probability=0.6, clv=1000.0)
        cls.small = cls._customer("Small Customer")
        cls._history(cls.small, [94, 124, 154])
        cls._score(cls.small, churn_probability=0.9, clv=100.0)
        cls.colleague_customer = cls._customer(
            "Colleague's Customer", user_id=cls.salesperson_2.id
        )
        cls._history(cls.colleague_customer, [94, 124, 154])
        cls._score(cls.colleague_customer, churn_probability=0.9, clv=5000.0)
        cls.rule = cls._rule(
            "Retention call",
            [("churn_probability", ">=", 0.5)],
            action_type="activity",
            activity_type_id=cls.call.id,
            activity_note="Offer the loyalty discount.",
            activity_delay_days=1,
        )
        cls.NextAction.sudo()._recompute(cls.company)
        cls.quotation = cls.env["sale.order"].create(
            {"partner_id": cls.customer.id, "user_id": cls.salesperson.id}
        )

    def _activities(self, record):
        return self.env["mail.activity"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )

    def test_one_click_schedules_the_activity_once(self):
        quotation = self.quotation.with_user(self.salesperson)
        result = quotation.action_do_next_action()
        self.assertEqual(result["tag"], "display_notification")
        activity = self._activities(self.quotation)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id, self.call)
        self.assertEqual(activity.summary, "Retention call")
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertIn("loyalty discount", activity.note)
        self.assertEqual(str(activity.date_deadline), "2031-03-18")
        quotation.invalidate_recordset()
        self.assertTrue(quotation.customer_next_action_done)
        # a second click plans nothing more
        quotation.action_do_next_action()
        self.assertEqual(len(self._activities(self.quotation)), 1)

    def test_mail_action_opens_the_composer_with_the_template(self):
        template = self.env["mail.template"].create(
            {
                "name": "We miss you",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "subject": "We miss you",
            }
        )
        self.rule.write({"action_type": "mail", "mail_template_id": template.id})
        action = self.quotation.with_user(self.salesperson).action_do_next_action()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(action["context"]["default_template_id"], template.id)
        self.assertEqual(action["context"]["default_res_ids"], self.customer.ids)

    def test_suggestion_opens_the_touchpoint_dialog_filled_in(self):
        self.rule.write(
            {"action_type": "suggestion", "suggestion": "Offer the new range"}
        )
        action = self.customer.with_user(self.salesperson).action_do_next_action()
        self.assertEqual(action["res_model"], "crm.touchpoint")
        self.assertEqual(action["context"]["default_summary"], "Offer the new range")
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)

    def test_my_next_best_actions_ordered_by_value_at_stake(self):
        action = self.env.ref("crm_next_action.crm_next_action_action_my")
        self.assertEqual(action.domain, "[('rule_id', '!=', False)]")
        self.assertIn("search_default_my_customers", action.context)
        NextAction = self.NextAction.with_user(self.salesperson)
        mine = NextAction.search(
            [("rule_id", "!=", False), ("user_id", "=", self.salesperson.id)]
        )
        # CLV x churn: 1000 x 0.6 = 600 before 100 x 0.9 = 90
        self.assertEqual(mine.mapped("partner_id"), self.customer | self.small)
        self.assertEqual(mine.mapped("value_at_stake"), [600.0, 90.0])
        everyone = NextAction.search([("rule_id", "!=", False)])
        self.assertEqual(everyone[0].partner_id, self.colleague_customer)

    def test_buttons_check_access_before_acting(self):
        """A salesperson limited to their own documents cannot act on a
        colleague's quotation through RPC."""
        colleague_quotation = self.env["sale.order"].create(
            {"partner_id": self.colleague_customer.id, "user_id": self.salesperson_2.id}
        )
        with self.assertRaises(AccessError):
            colleague_quotation.with_user(self.salesperson).action_do_next_action()
        self.assertFalse(self._activities(colleague_quotation))
        row = self._row(self.customer)
        with self.assertRaises(AccessError):
            row.with_user(self.portal_user).action_do()
