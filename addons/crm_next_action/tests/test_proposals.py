# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import NextActionCase


@tagged("post_install", "-at_install", "crm_next_action")
class TestProposals(NextActionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.late = cls._customer("Late Customer")
        cls._history(cls.late, [100, 130, 160])
        cls._score(cls.late, churn_probability=0.5, clv=2000.0)
        cls.later = cls._customer("Even Later Customer")
        cls._history(cls.later, [200, 230, 260])
        cls._score(cls.later, churn_probability=0.5, clv=100.0)
        cls.on_time = cls._customer("On Time Customer")
        cls._history(cls.on_time, [5, 35, 65])
        cls.objecting = cls._customer("Do Not Call Me")
        cls._history(cls.objecting, [100, 130, 160])
        cls.objecting.profiling_objection = True
        cls.nobody = cls._customer("No Salesperson", user_id=False)
        cls._history(cls.nobody, [100, 130, 160])

    def _proposals(self, partners=None):
        domain = [
            ("res_model", "=", "res.partner"),
            ("activity_type_id", "=", self.call.id),
        ]
        if partners is not None:
            domain.append(("res_id", "in", partners.ids))
        return self.env["mail.activity"].search(domain)

    def _run(self):
        self.NextAction.sudo()._recompute(self.company)
        return self.NextAction.sudo()._propose_contacts(self.company)

    def test_overdue_customers_are_proposed_to_their_salesperson(self):
        self.assertEqual(self._run(), 2)
        proposals = self._proposals(self.late | self.later)
        self.assertEqual(len(proposals), 2)
        self.assertEqual(proposals.user_id, self.salesperson)
        self.assertEqual(proposals.mapped("date_deadline"), [self.today] * 2)
        late = proposals.filtered(lambda a: a.res_id == self.late.id)
        self.assertEqual(
            late.summary,
            "Proposed contact: last contact 100 days ago, usually every 30 days",
        )
        self.assertFalse(self._proposals(self.on_time | self.nobody))

    def test_never_for_customers_who_object(self):
        self._run()
        self.assertFalse(self._proposals(self.objecting))
        self.assertFalse(self._row(self.objecting))

    def test_a_rerun_proposes_nothing_twice(self):
        self._run()
        self.assertEqual(self._run(), 0)
        self.assertEqual(len(self._proposals()), 2)

    def test_a_cancelled_proposal_is_not_forced_again(self):
        self._run()
        self._proposals(self.late).unlink()
        self.assertEqual(self._run(), 0)
        # the next contact cycle brings a new proposal
        self._touchpoint(self.late, 0)
        with freeze_time(self.now + timedelta(days=40)):
            self.NextAction.sudo()._recompute(self.company)
            self.NextAction.sudo()._propose_contacts(self.company)
        self.assertEqual(len(self._proposals(self.late)), 1)

    def test_the_most_valuable_first_within_the_daily_limit(self):
        self.company.next_action_daily_proposals = 1
        self.assertEqual(self._run(), 1)
        self.assertTrue(self._proposals(self.late))
        self.assertFalse(self._proposals(self.later))
        self.company.next_action_daily_proposals = 0
        self.assertEqual(self._run(), 0)

    def test_running_the_job_needs_its_rights(self):
        with self.assertRaises(AccessError):
            self.NextAction.with_user(self.salesperson)._cron_recompute()
        self.NextAction.with_user(self.manager)._cron_recompute()
        self.assertTrue(self._proposals(self.late))

    def test_neutralized_copies_propose_nothing(self):
        with open(file_path("crm_next_action/data/neutralize.sql")) as script:
            self.env.cr.execute(script.read())
        cron = self.env.ref("crm_next_action.ir_cron_crm_next_action_recompute")
        cron.invalidate_recordset()
        self.assertFalse(cron.active)
