# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import HelpdeskRelationshipCase


@tagged("post_install", "-at_install", "crm_relationship_helpdesk")
class TestComplaintKpi(HelpdeskRelationshipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["crm.complaint.report"]
        # the KPIs of a company of its own: other addons' demo tickets stay out
        cls.company = cls.env["res.company"].create({"name": "KPI Company"})
        cls.env.user.company_ids |= cls.company
        Team = cls.env["helpdesk.ticket.team"]
        cls.team = Team.create(
            {"name": "Complaints desk", "use_sla": True, "company_id": cls.company.id}
        )
        cls.plain_team = Team.create(
            {"name": "Front desk", "company_id": cls.company.id}
        )
        # an SLA whose lines the tests write by hand (its team files no ticket)
        cls.sla = cls.env["helpdesk.sla"].create(
            {
                "name": "Complaints in a day",
                "hours": 8,
                "company_id": cls.company.id,
                "team_ids": [(6, 0, Team.create({"name": "Elsewhere"}).ids)],
            }
        )

    def _complaint(self, partner, hours=None, **vals):
        """A complaint ticket of the KPI company, resolved after ``hours``."""
        vals.setdefault("team_id", self.plain_team.id)
        ticket = self._new_ticket(
            partner_id=partner.id,
            company_id=self.company.id,
            category_id=self.category_complaint.id,
            **vals,
        )
        if hours is not None:
            ticket.stage_id = self.stage_done
            ticket.closed_date = ticket.create_date + timedelta(hours=hours)
        return ticket

    def _sla_line(self, ticket, state, deadline):
        line = self.env["helpdesk.ticket.sla"].create(
            {"ticket_id": ticket.id, "sla_id": self.sla.id}
        )
        # after helpdesk_mgmt_sla computed the line; the deadline last (it is
        # recomputed when the state changes)
        line.flush_recordset()
        line.state = state
        line.deadline = deadline
        return line

    def _kpis(self, groupby):
        return {
            row[0]: row[1:]
            for row in self.Report._read_group(
                [("company_id", "=", self.company.id)],
                [groupby],
                ["__count", "resolution_hours:median", "within_sla:avg"],
            )
        }

    def test_count_and_median_resolution_per_customer_type(self):
        for hours in (2, 10, 30):
            self._complaint(self.consumer, hours)
        self._complaint(self.consumer)  # open: counted, no resolution time
        for hours in (4, 8):
            self._complaint(self.customer_contact, hours)
        self._new_ticket(  # not a complaint
            partner_id=self.consumer.id, company_id=self.company.id
        )
        kpis = self._kpis("customer_type")
        self.assertEqual(kpis["consumer"][0], 4)
        self.assertAlmostEqual(kpis["consumer"][1], 10.0)
        self.assertEqual(kpis["b2b"][0], 2)
        self.assertAlmostEqual(kpis["b2b"][1], 6.0)  # median of two: their mean
        # the whole company: a median of all six, not an average of medians
        [(count, median)] = self.Report._read_group(
            [("company_id", "=", self.company.id)],
            [],
            ["__count", "resolution_hours:median"],
        )
        self.assertEqual((count, median), (6, 8.0))

    def test_the_pivot_reads_the_median(self):
        self._complaint(self.consumer, 2)
        self._complaint(self.consumer, 40)
        self._complaint(self.consumer, 6)
        [group] = self.Report.read_group(
            [("company_id", "=", self.company.id)],
            ["complaint_count", "resolution_hours", "within_sla"],
            ["date:month"],
        )
        self.assertEqual(group["complaint_count"], 3)
        self.assertAlmostEqual(group["resolution_hours"], 6.0)
        self.assertEqual(
            self.Report.fields_get(["resolution_hours"])["resolution_hours"][
                "aggregator"
            ],
            "median",
        )

    def test_share_resolved_within_the_sla(self):
        now = self.env.cr.now()
        met = self._complaint(self.consumer, 2)
        self._sla_line(met, "accomplished", now + timedelta(hours=8))
        missed = self._complaint(self.consumer, 30)
        self._sla_line(missed, "expired", now + timedelta(hours=8))
        late_open = self._complaint(self.consumer)
        self._sla_line(late_open, "in_progress", now - timedelta(hours=1))
        in_time = self._complaint(self.consumer)
        self._sla_line(in_time, "in_progress", now + timedelta(days=3))
        self._complaint(self.consumer, 5)  # no SLA
        rows = self.Report.search([("company_id", "=", self.company.id)])
        status = {row.ticket_id: row.sla_status for row in rows}
        self.assertEqual(status[met], "met")
        self.assertEqual(status[missed], "missed")
        self.assertEqual(status[late_open], "missed")
        self.assertEqual(status[in_time], "pending")
        # one met out of the three whose outcome is known
        [(share, known)] = self.Report._read_group(
            [("company_id", "=", self.company.id)],
            [],
            ["within_sla:avg", "within_sla:count"],
        )
        self.assertEqual(known, 3)
        self.assertAlmostEqual(share, 100 / 3)

    def test_the_sla_of_the_helpdesk(self):
        """End to end with helpdesk_mgmt_sla's own bookkeeping."""
        self.env["helpdesk.sla"].create(
            {
                "name": "A long SLA",
                "team_ids": [(6, 0, self.team.ids)],
                "stage_id": self.stage_done.id,
                "hours": 1000,
                "company_id": self.company.id,
            }
        )
        on_time = self._complaint(self.consumer, team_id=self.team.id)
        late = self._complaint(self.consumer, team_id=self.team.id)
        self.assertTrue(on_time.ticket_sla_ids)
        on_time.stage_id = self.stage_done
        with freeze_time(self.env.cr.now() + timedelta(days=400)):
            late.stage_id = self.stage_done
        status = {
            row.ticket_id: row.sla_status
            for row in self.Report.search([("company_id", "=", self.company.id)])
        }
        self.assertEqual(status, {on_time: "met", late: "missed"})

    def test_complaint_kpis_for_the_rollout_plan(self):
        self.env.user.tz = "Europe/Madrid"
        first = self._complaint(self.consumer, 3)
        second = self._complaint(self.customer_contact, 9)
        self._complaint(self.consumer)
        self._sla_line(first, "accomplished", first.closed_date + timedelta(hours=1))
        self._sla_line(second, "expired", second.closed_date - timedelta(hours=1))
        self.env.flush_all()
        # opened on 1 March at 23:30 UTC: 2 March in Madrid
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = '2026-03-01 23:30:00', "
            "closed_date = CASE WHEN closed_date IS NULL THEN NULL ELSE "
            "'2026-03-01 23:30:00'::timestamp + (closed_date - create_date) END "
            "WHERE company_id = %s",
            (self.company.id,),
        )
        self.env.invalidate_all()
        kpis = self.Report.complaint_kpis(self.company.id, "2026-03-02", "2026-03-31")
        self.assertEqual(
            kpis,
            {
                "count": 3,
                "resolved": 2,
                "median_resolution_hours": 6.0,
                "within_sla_share": 50.0,
                "sla_count": 2,
            },
        )
        b2b = self.Report.complaint_kpis(
            self.company.id,
            "2026-03-02",
            "2026-03-02",
            domain=[("customer_type", "=", "b2b")],
        )
        self.assertEqual((b2b["count"], b2b["median_resolution_hours"]), (1, 9.0))
        empty = self.Report.complaint_kpis(self.company.id, "2026-03-01", "2026-03-01")
        self.assertEqual(
            empty,
            {
                "count": 0,
                "resolved": 0,
                "median_resolution_hours": None,
                "within_sla_share": None,
                "sla_count": 0,
            },
        )

    def test_complaint_kpis_refuse_bad_input(self):
        with self.assertRaises(UserError):
            self.Report.complaint_kpis(self.company.id, "2026-03-31", "2026-03-01")
        with self.assertRaises(UserError):
            self.Report.complaint_kpis(self.company.id, "not a date", "2026-03-01")
        with self.assertRaises(AccessError):
            self.Report.with_user(self.salesperson).complaint_kpis(
                self.company.id, "2026-03-01", "2026-03-31"
            )

    def test_segment_of_the_customer_value_addon(self):
        Partner = self.env["res.partner"]
        self._complaint(self.consumer, 4)
        self._complaint(self.customer_contact, 8)
        view = self.Report.get_views([(False, "search")])["views"]["search"]["arch"]
        if "rfm_segment" not in Partner._fields:
            # without crm_rfm: nothing to group by, and no such choice
            self.assertEqual(self.Report._selection_rfm_segment(), [])
            self.assertNotIn("group_segment", view)
            return
        self.assertIn("group_segment", view)
        self.consumer.with_company(self.company).sudo().rfm_segment = "champions"
        self.customer.with_company(self.company).sudo().rfm_segment = "at_risk"
        # the segment of another company is not this company's
        self.consumer.with_company(self.company_a).sudo().rfm_segment = "lost"
        self.env.flush_all()
        kpis = self._kpis("rfm_segment")
        self.assertEqual(set(kpis), {"champions", "at_risk"})
        self.assertAlmostEqual(kpis["champions"][1], 4.0)
        self.assertAlmostEqual(kpis["at_risk"][1], 8.0)
