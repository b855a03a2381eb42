# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged
from odoo.tools import convert_file


@tagged("post_install", "-at_install", "crm_relationship_helpdesk")
class TestDemo(TransactionCase):
    def _counts(self):
        return [
            self.env[model].with_context(active_test=False).search_count([])
            for model in (
                "helpdesk.ticket",
                "helpdesk.ticket.category",
                "helpdesk.ticket.team",
                "helpdesk.sla",
                "crm.touchpoint",
                "rating.rating",
            )
        ]

    def _load_demo(self):
        convert_file(
            self.env,
            "crm_relationship_helpdesk",
            "demo/helpdesk_demo.xml",
            {},
            mode="init",
            noupdate=True,
            kind="demo",
        )
        self.env.flush_all()

    def test_the_demo_is_created_once(self):
        self._load_demo()
        once = self._counts()
        ticket = self.env.ref("crm_relationship_helpdesk.demo_ticket_28")
        self.assertTrue(ticket.is_complaint)
        self._load_demo()
        self.assertEqual(self._counts(), once)
