# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest import SkipTest

from odoo.fields import Command
from odoo.tests import tagged

from .common import RolloutCase


@tagged("post_install", "-at_install", "crm_rollout")
class TestHelpdeskComplaints(RolloutCase):
    """With crm_relationship_helpdesk installed, the "complaint resolution
    time" objective reads its complaint KPIs (the complaint tickets), for a
    consultant without helpdesk rights and for the daily job alike."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "crm.complaint.report" not in cls.env:
            raise SkipTest("crm_relationship_helpdesk is not installed")
        cls.Kpi = cls.env["crm.rollout.kpi"]
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Broken on arrival", "is_complaint": True, "company_id": False}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Rollout desk", "company_id": cls.company.id}
        )
        cls.customer = cls._customer("Complains a lot")

    def _ticket(self, hours=None, **vals):
        """A ticket of the test company, closed ``hours`` after its opening."""
        vals.setdefault("category_id", self.category.id)
        ticket = (
            self.env["helpdesk.ticket"]
            .with_company(self.company)
            .create(
                dict(
                    vals,
                    name="The table arrived broken",
                    description="<p>One leg broken.</p>",
                    partner_id=self.customer.id,
                    company_id=self.company.id,
                    team_id=self.team.id,
                )
            )
        )
        if hours is not None:
            ticket.stage_id = self.stage_done
            ticket.closed_date = ticket.create_date + timedelta(hours=hours)
        return ticket

    def test_the_objective_reads_the_helpdesk_complaint_kpis(self):
        for hours in (2, 10, 30):
            self._ticket(hours)
        self._ticket()  # open: no resolution time
        self._ticket(1, category_id=False)  # not a complaint
        # a complaint logged by hand without a ticket, resolved at once: the
        # helpdesk's figures do not count it
        self._touchpoint(
            self.customer,
            self._days_ago(1),
            kind="complaint",
            resolved=True,
            resolved_at=self._days_ago(1),
        )
        self.env.flush_all()
        today = self.today
        expected = (
            self.env["crm.complaint.report"]
            .with_user(self.leader)
            .sudo()
            .complaint_kpis(self.company.id, today - timedelta(days=29), today)
        )
        self.assertEqual((expected["resolved"], expected["count"]), (3, 4))
        self.assertAlmostEqual(expected["median_resolution_hours"], 10.0, places=3)

        # the consultant, without any helpdesk right, measures the plan
        plan = self._plan()
        self.assertFalse(self.consultant.has_group("helpdesk_mgmt.group_helpdesk_user"))
        plan.with_user(self.consultant).action_measure()
        objective = plan.objective_ids.filtered(
            lambda o: o.kpi == "complaint_resolution_hours"
        )
        self.assertTrue(objective.has_value)
        self.assertAlmostEqual(objective.current_value, 10.0, places=2)

        # the daily job runs as OdooBot, who may not work in this company
        self.env.user.write({"company_ids": [Command.unlink(self.company.id)]})
        self.assertNotIn(self.company, self.env.user.company_ids)
        values = self.Kpi._measure(self.company, today, ["complaint_resolution_hours"])
        self.assertAlmostEqual(values["complaint_resolution_hours"], 10.0, places=3)
        # another company's complaints are not this one's
        self.assertIsNone(
            self.Kpi._measure(
                self.other_company, today, ["complaint_resolution_hours"]
            )["complaint_resolution_hours"]
        )
