# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "crm_relationship_helpdesk")
class TestTour(HttpCase):
    def test_tour_open_complaint_and_its_ticket_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["crm_relationship", "helpdesk_mgmt", "crm_relationship_helpdesk"],
            ["es_ES"],
            overwrite=True,
        )
        self.env.ref("base.user_admin").lang = "es_ES"
        customer = self.env["res.partner"].create(
            {"name": "Cliente del tour", "is_company": True}
        )
        complaint = self.env["crm.touchpoint"].create(
            {
                "partner_id": customer.id,
                "summary": "Sofá roto",
                "kind": "complaint",
                "channel": "phone",
                "date": fields.Datetime.now() - timedelta(days=5),
            }
        )
        self.env["helpdesk.ticket"].create(
            {
                "name": "Mesa coja",
                "description": "<p>La mesa cojea.</p>",
                "partner_id": customer.id,
            }
        )
        self.start_tour(
            f"/odoo/contacts/{customer.id}",
            "crm_relationship_helpdesk_complaint_ticket",
            login="admin",
        )
        ticket = complaint.helpdesk_ticket_id
        self.assertTrue(ticket)
        self.assertEqual(ticket.name, "Sofá roto")
        self.assertTrue(ticket.is_complaint)
        self.assertEqual(
            self.env["crm.touchpoint"].search_count(
                [("helpdesk_ticket_id", "=", ticket.id)]
            ),
            1,
        )
