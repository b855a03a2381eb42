# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import csv

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.misc import file_open

from .common import CrmRelationshipCase


@tagged("post_install", "-at_install", "crm_relationship")
class TestAccess(CrmRelationshipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls._new_touchpoint(user_id=cls.salesperson.id, summary="Mine")
        cls.colleague = cls._new_touchpoint(
            user_id=cls.salesperson_2.id, summary="Theirs"
        )
        cls.other_company = cls._new_touchpoint(
            partner_id=cls.customer_b.id,
            company_id=cls.company_b.id,
            user_id=cls.salesperson_b.id,
            summary="Company B only",
        )

    def test_every_access_line_names_a_group(self):
        with file_open("crm_relationship/security/ir.model.access.csv") as handle:
            rows = list(csv.DictReader(handle))
        self.assertTrue(rows)
        for row in rows:
            self.assertTrue(row["group_id:id"], row["id"])

    def test_salesperson_reads_all_and_edits_own(self):
        Touchpoint = self.env["crm.touchpoint"].with_user(self.salesperson)
        visible = Touchpoint.search([("id", "in", (self.own | self.colleague).ids)])
        self.assertEqual(len(visible), 2)
        self.own.with_user(self.salesperson).write({"summary": "Mine, edited"})
        with self.assertRaises(AccessError):
            self.colleague.with_user(self.salesperson).write({"summary": "hijack"})
        with self.assertRaises(AccessError):
            self.colleague.with_user(self.salesperson).unlink()
        self.own.with_user(self.salesperson).unlink()

    def test_salesperson_logs_for_self_not_for_others(self):
        Touchpoint = self.env["crm.touchpoint"].with_user(self.salesperson)
        logged = Touchpoint.create(
            {"partner_id": self.customer.id, "summary": "Quick call"}
        )
        self.assertEqual(logged.user_id, self.salesperson)

    def test_manager_edits_all(self):
        self.colleague.with_user(self.manager).write({"summary": "Fixed typo"})
        self.colleague.with_user(self.manager).unlink()

    def test_portal_and_public_get_nothing(self):
        for user in (self.portal_user, self.public_user):
            Touchpoint = self.env["crm.touchpoint"].with_user(user)
            with self.assertRaises(AccessError):
                Touchpoint.search([])
            with self.assertRaises(AccessError):
                self.own.with_user(user).read(["summary"])
            with self.assertRaises(AccessError):
                Touchpoint.create({"partner_id": self.customer.id, "summary": "x"})

    def test_portal_and_public_get_nothing_of_the_retention_dialog(self):
        for user in (self.portal_user, self.public_user, self.salesperson):
            Retention = self.env["crm.touchpoint.retention"].with_user(user)
            with self.assertRaises(AccessError):
                Retention.search([])
            with self.assertRaises(AccessError):
                Retention.create({"touchpoint_retention_days": 1})

    def test_buttons_on_touchpoints_the_user_may_not_read(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Colleague's deal",
                "partner_id": self.customer.id,
                "user_id": self.salesperson_2.id,
            }
        )
        hidden = self.env["crm.touchpoint"].search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]
        )
        self.assertTrue(hidden)
        for method in ("action_open_source", "action_mark_resolved", "action_reopen"):
            with self.assertRaises(AccessError, msg=method):
                getattr(hidden.with_user(self.salesperson), method)()
        # and the same buttons on another company's touchpoint
        for method in ("action_open_source", "action_mark_resolved"):
            with self.assertRaises(AccessError, msg=method):
                getattr(self.other_company.with_user(self.salesperson), method)()
        self.assertFalse(hidden.resolved or self.other_company.resolved)

    def test_company_a_touchpoint_links_nothing_of_company_b(self):
        contact_b = self._new_partner(
            name="Bea of B", parent_id=self.customer_b.id, company_id=self.company_b.id
        )
        team_b = self.env["crm.team"].create(
            {"name": "Team B", "company_id": self.company_b.id}
        )
        Touchpoint = self.env["crm.touchpoint"].with_user(self.manager)
        only_a = Touchpoint.with_context(allowed_company_ids=self.company_a.ids)
        for vals in (
            {"partner_id": self.customer_b.id},
            {"partner_id": self.customer.id, "team_id": team_b.id},
            {"partner_id": contact_b.id, "company_id": self.company_a.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                only_a.create(dict(vals, summary="cross-company"))
        # the manager sees company B's touchpoints only with company B selected
        self.assertNotIn(self.other_company, only_a.search([]))
        self.assertEqual(only_a.search_count([("id", "=", self.other_company.id)]), 0)

    def test_multi_company_isolation(self):
        Touchpoint = self.env["crm.touchpoint"].with_user(self.salesperson)
        self.assertNotIn(self.other_company, Touchpoint.search([]))
        with self.assertRaises(AccessError):
            self.other_company.with_user(self.salesperson).read(["summary"])
        # the manager of both companies sees it only with company B allowed
        manager_env = self.env["crm.touchpoint"].with_user(self.manager)
        only_a = manager_env.with_context(allowed_company_ids=self.company_a.ids)
        both = manager_env.with_context(
            allowed_company_ids=(self.company_a | self.company_b).ids
        )
        self.assertNotIn(self.other_company, only_a.search([]))
        self.assertIn(self.other_company, both.search([]))
        # a company-A touchpoint cannot point at a company-B customer
        with self.assertRaises(UserError):
            Touchpoint.create({"partner_id": self.customer_b.id, "summary": "cross"})

    def test_profile_counts_only_what_the_user_may_read(self):
        self._new_touchpoint(
            partner_id=self.customer_b.id, company_id=self.company_b.id, summary="b2"
        )
        self.assertEqual(
            self.customer_b.with_user(self.salesperson_b).touchpoint_count, 2
        )
        manager_a = self.customer_b.with_user(self.manager).with_context(
            allowed_company_ids=self.company_a.ids
        )
        self.assertEqual(manager_a.touchpoint_count, 0)

    def test_buttons_check_access_before_anything(self):
        with self.assertRaises(AccessError):
            self.other_company.with_user(self.salesperson).action_open_source()
        with self.assertRaises(AccessError):
            self.customer_b.with_user(self.salesperson).action_log_touchpoint()
        with self.assertRaises(AccessError):
            self.customer_b.with_user(self.salesperson).action_view_touchpoints()
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesperson).action_crm_erase_personal_data()

    def test_running_the_cron_by_hand_needs_its_rights(self):
        cron = self.env.ref("crm_relationship.ir_cron_crm_touchpoint_purge")
        with self.assertRaises(AccessError):
            cron.with_user(self.salesperson).method_direct_trigger()
        with self.assertRaises(AccessError):
            self.env["crm.touchpoint"].with_user(self.salesperson)._cron_purge_expired()
        cron.method_direct_trigger()

    def test_settings_are_for_administrators(self):
        with self.assertRaises(AccessError):
            self.company_a.with_user(self.salesperson).write(
                {"touchpoint_retention_days": 1}
            )
