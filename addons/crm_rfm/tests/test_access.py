# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CrmRfmCase


@tagged("post_install", "-at_install", "crm_rfm")
class TestAccess(CrmRfmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shared = cls._customer("Shared Customer")
        cls.peer = cls._customer("Peer Customer")
        cls.lonely = cls._customer("Other Co Only")
        # the shared customer is a champion in company A, a one-off in company B
        cls._history(cls.shared, [2, 30, 60, 90, 120], 500)
        cls._history(cls.peer, [300], 20)
        cls._order(cls.shared, 400, 5, company=cls.other_company)
        cls._history(cls.lonely, [1, 3, 5], 900, company=cls.other_company)

    def _score_both(self):
        run_a = self._run(self.company)
        run_b = self._run(self.other_company)
        return run_a, run_b

    def test_scores_are_per_company(self):
        self._score_both()
        in_a = self.shared.with_company(self.company)
        in_b = self.shared.with_company(self.other_company)
        self.assertNotEqual(
            (in_a.rfm_frequency, in_a.rfm_monetary),
            (in_b.rfm_frequency, in_b.rfm_monetary),
        )
        self.assertEqual(in_a.rfm_frequency, 5)
        self.assertEqual(in_b.rfm_frequency, 1)

    def test_company_a_user_sees_nothing_of_company_b(self):
        run_a, run_b = self._score_both()
        user = self.salesperson
        Run = self.env["crm.rfm.run"].with_user(user)
        self.assertIn(run_a, Run.search([]))
        self.assertNotIn(run_b, Run.search([]))
        with self.assertRaises(AccessError):
            run_b.with_user(user).read(["partner_count"])
        snapshots = self.env["crm.rfm.snapshot"].with_user(user).search([])
        self.assertTrue(snapshots)
        self.assertFalse(
            snapshots.filtered(lambda s: s.company_id == self.other_company)
        )
        movements = self.env["crm.rfm.movement"].with_user(user).search([])
        self.assertFalse(
            movements.filtered(lambda m: m.company_id == self.other_company)
        )
        # the rows a run stores about its models: company B's stay hidden
        Candidate = self.env["crm.rfm.model.candidate"]
        self.assertTrue(Candidate.search([("run_id", "=", run_b.id)]))
        for model in (
            "crm.rfm.model.candidate",
            "crm.rfm.tracking",
            "crm.rfm.projection",
        ):
            rows = self.env[model].with_user(user).search([])
            self.assertFalse(
                rows.filtered(lambda r: r.company_id == self.other_company), model
            )
        self.assertTrue(Candidate.with_user(user).search([("run_id", "=", run_a.id)]))
        # the shared customer, read by the company A user: company A's scores
        shared = self.shared.with_user(user)
        self.assertEqual(shared.rfm_frequency, 5)
        # a company-B-only customer has no company A scores at all
        self.assertFalse(self.lonely.with_user(user).rfm_segment)
        found = (
            self.env["res.partner"]
            .with_user(user)
            .search(
                [
                    ("rfm_segment", "!=", False),
                    ("id", "in", (self.shared | self.lonely).ids),
                ]
            )
        )
        self.assertEqual(found, self.shared)

    def test_portal_and_public_get_nothing(self):
        run, _run_b = self._score_both()
        public = self.env.ref("base.public_user")
        for user in (self.portal_user, public):
            for model in (
                "crm.rfm.run",
                "crm.rfm.snapshot",
                "crm.rfm.movement",
                "crm.rfm.export",
                "crm.rfm.migration.wizard",
            ):
                with (
                    self.subTest(user=user.login, model=model),
                    self.assertRaises(AccessError),
                ):
                    self.env[model].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["crm.rfm.export"].with_user(user).create({"run_id": run.id})
            with self.assertRaises(AccessError):
                self.shared.with_user(user).read(["rfm_segment"])

    def test_only_administrators_run_the_scoring(self):
        with self.assertRaises(AccessError):
            self.env["crm.rfm.run"].with_user(self.salesperson).with_company(
                self.company
            ).action_run()
        run = (
            self.env["crm.rfm.run"]
            .with_user(self.manager)
            .with_company(self.company)
            .action_run()
        )
        self.assertEqual(run.state, "done")
        with self.assertRaises(AccessError):
            run.with_user(self.salesperson).action_rescore()
        with self.assertRaises(AccessError):
            self.company.with_user(self.salesperson).write({"rfm_window_days": 90})

    def test_running_the_cron_by_hand_needs_its_rights(self):
        cron = self.env.ref("crm_rfm.ir_cron_crm_rfm_score")
        with self.assertRaises(AccessError):
            cron.with_user(self.salesperson).method_direct_trigger()
        with self.assertRaises(AccessError):
            self.env["crm.rfm.run"].with_user(self.salesperson)._cron_score_companies()

    def test_buttons_check_access_first(self):
        _run_a, run_b = self._score_both()
        for method, args in (
            ("action_export_xlsx", ()),
            ("action_schedule_retention_calls", ()),
            ("action_open_segment_migration", ()),
            ("action_open_customers", ()),
            ("action_open_segment", ("champions",)),
            ("action_open_grid_cell", (5, 5)),
            ("action_open_churn_band", (0,)),
            ("action_rescore", ()),
        ):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(run_b.with_user(self.salesperson), method)(*args)
        with self.assertRaises(AccessError):
            self.lonely.with_user(self.portal_user).action_rfm_export_xlsx()

    def test_company_b_user_cannot_export_a_company_a_run(self):
        run_a, run_b = self._score_both()
        Export = self.env["crm.rfm.export"].with_user(self.other_salesperson)
        self.assertTrue(Export.create({"run_id": run_b.id}))
        for values in (
            {"run_id": run_a.id},
            {"run_id": run_a.id, "company_id": self.company.id},
        ):
            with (
                self.subTest(values=values),
                self.assertRaises(UserError),
                self.cr.savepoint(),
            ):
                Export.create(values)

    def test_runs_are_searched_by_name(self):
        run_a, _run_b = self._score_both()
        Run = self.env["crm.rfm.run"].with_user(self.salesperson)
        with self.assertNoLogs("odoo.models", "ERROR"):
            found = Run.search([("name", "ilike", run_a.name)])
        self.assertEqual(found, run_a)
        picked = Run.name_search(run_a.name[:7])
        self.assertIn(run_a.id, [run_id for run_id, _name in picked])
        self.assertFalse(Run.name_search("no such scoring"))
