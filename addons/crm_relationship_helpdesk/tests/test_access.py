# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import HelpdeskRelationshipCase


@tagged("post_install", "-at_install", "crm_relationship_helpdesk")
class TestAccess(HelpdeskRelationshipCase):
    def _form_fields(self, model, user):
        """The fields the form view of ``model`` reads for ``user``: those of
        the arch the web client gets (not those of its embedded lists)."""
        Model = self.env[model].with_user(user)
        arch = Model.get_views([(False, "form")])["views"]["form"]["arch"]
        return {
            node.get("name")
            for node in etree.fromstring(arch).xpath("//field[not(ancestor::field)]")
        }

    def test_a_helpdesk_user_sees_tickets_but_no_scores(self):
        agent = self.helpdesk_user
        ticket = self._new_ticket(category_id=self.category_complaint.id)
        self._new_touchpoint(satisfaction="2")
        as_agent = ticket.with_user(agent)
        # the ticket, its form and its work: all there
        fields = self._form_fields("helpdesk.ticket", agent)
        self.assertIn("is_complaint", fields)
        as_agent.web_read({name: {} for name in fields if name != "properties"})
        as_agent.stage_id = self.stage_done
        self.assertTrue(self._touchpoints(ticket).resolved)
        new = (
            self.env["helpdesk.ticket"]
            .with_user(agent)
            .create(
                {
                    "name": "Wobbly table",
                    "description": "<p>It wobbles.</p>",
                    "partner_id": self.consumer.id,
                }
            )
        )
        self.assertEqual(len(self._touchpoints(new)), 1)
        # no touchpoint, no profile, no score, no KPI
        with self.assertRaises(AccessError):
            self.env["crm.touchpoint"].with_user(agent).search([])
        with self.assertRaises(AccessError):
            self.env["crm.complaint.report"].with_user(agent).search([])
        customer = self.customer.with_user(agent)
        with self.assertRaises(AccessError):
            customer.read(["average_satisfaction"])
        with self.assertRaises(AccessError):
            customer.read(["crm_open_complaint_ids"])
        partner_fields = self._form_fields("res.partner", agent)
        self.assertFalse(
            {"average_satisfaction", "crm_open_ticket_ids", "crm_open_complaint_ids"}
            & partner_fields
        )
        self.assertFalse({"rfm_segment", "loyalty_score"} & partner_fields)
        # the contact form opens for them
        customer.web_read({name: {} for name in partner_fields})

    def test_a_salesperson_reads_the_tab_and_the_kpis(self):
        self._new_ticket(category_id=self.category_complaint.id)
        # A salesperson without helpdesk rights may not read the ticket
        # (helpdesk_mgmt keeps it to its agents and followers): its touchpoint,
        # which repeats its title and description, is hidden with it, as any
        # touchpoint of a document the user cannot read. The KPIs, which name
        # no ticket, stay theirs.
        customer = self.customer.with_user(self.salesperson)
        fields = self._form_fields("res.partner", self.salesperson)
        self.assertTrue({"crm_open_ticket_ids", "crm_open_complaint_ids"} <= fields)
        self.assertFalse(customer.crm_open_complaint_ids)
        self.assertFalse(customer.crm_open_ticket_ids)
        customer.web_read(
            {
                "crm_open_ticket_ids": {"fields": {"display_name": {}}},
                "crm_open_complaint_ids": {"fields": {"summary": {}}},
            }
        )
        # a salesperson who also works the helpdesk reads both
        customer = self.customer.with_user(self.support_salesperson)
        self.assertEqual(len(customer.crm_open_complaint_ids), 1)
        self.assertEqual(len(customer.crm_open_ticket_ids), 1)
        customer.web_read(
            {
                "crm_open_ticket_ids": {"fields": {"display_name": {}}},
                "crm_open_complaint_ids": {
                    "fields": {"summary": {}, "age_days": {}, "helpdesk_stage_id": {}}
                },
            }
        )
        rows = (
            self.env["crm.complaint.report"]
            .with_user(self.salesperson)
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(len(rows), 1)

    def test_portal_and_public_users_get_nothing(self):
        portal = new_test_user(self.env, login="hd_portal", groups="base.group_portal")
        public = self.env.ref("base.public_user")
        for user in (portal, public):
            Report = self.env["crm.complaint.report"].with_user(user)
            with self.assertRaises(AccessError):
                Report.search([])
            with self.assertRaises(AccessError):
                Report.complaint_kpis(self.company_a.id, "2026-01-01", "2026-01-31")

    def test_the_report_is_read_only(self):
        self._new_ticket(category_id=self.category_complaint.id)
        Report = self.env["crm.complaint.report"].with_user(self.salesperson)
        with self.assertRaises(AccessError):
            Report.create({})
        with self.assertRaises(AccessError):
            Report.search([], limit=1).write({"resolution_hours": 1})

    def test_companies(self):
        """A user of company B sees nothing of company A's tickets in the CRM."""
        ticket = self._new_ticket(category_id=self.category_complaint.id)
        touchpoint = self._touchpoints(ticket)
        user_b = self.salesperson_b
        Touchpoint = self.env["crm.touchpoint"].with_user(user_b)
        self.assertFalse(Touchpoint.search([("id", "=", touchpoint.id)]))
        with self.assertRaises(AccessError):
            touchpoint.with_user(user_b).read(["summary"])
        Report = self.env["crm.complaint.report"].with_user(user_b)
        self.assertFalse(Report.search([("ticket_id", "=", ticket.id)]))
        with self.assertRaises(AccessError):
            Report.with_context(allowed_company_ids=self.company_a.ids).search([])
        with self.assertRaises(AccessError):
            Report.complaint_kpis(self.company_a.id, "2026-01-01", "2026-12-31")
        # a button on a record of another company
        with self.assertRaises(AccessError):
            touchpoint.with_user(user_b).action_open_helpdesk_ticket()
        # a user of A and B working in B only
        manager = new_test_user(
            self.env,
            login="hd_manager_ab",
            groups="sales_team.group_sale_manager",
            company_id=self.company_b.id,
            company_ids=[(6, 0, (self.company_a | self.company_b).ids)],
        )
        only_b = (
            self.env["crm.complaint.report"]
            .with_user(manager)
            .with_context(allowed_company_ids=self.company_b.ids)
        )
        self.assertFalse(only_b.search([("ticket_id", "=", ticket.id)]))
        both = only_b.with_context(
            allowed_company_ids=(self.company_b | self.company_a).ids
        )
        self.assertTrue(both.search([("ticket_id", "=", ticket.id)]))

    def test_a_touchpoint_cannot_point_at_a_ticket_of_another_company(self):
        ticket_b = self._new_ticket(
            partner_id=self.consumer.id, company_id=self.company_b.id
        )
        touchpoint_a = self._new_touchpoint()
        self._touchpoints(ticket_b).unlink()
        with mute_logger("odoo.models"), self.assertRaises(UserError):
            touchpoint_a.sudo().write({"helpdesk_ticket_id": ticket_b.id})
