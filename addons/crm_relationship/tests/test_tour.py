# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "crm_relationship")
class TestTour(HttpCase):
    def test_tour_log_touchpoint(self):
        partner = self.env["res.partner"].create(
            {"name": "Tour Customer", "is_company": True}
        )
        self.env["crm.touchpoint"].create(
            {
                "partner_id": partner.id,
                "summary": "Older call",
                "date": fields.Datetime.now() - timedelta(days=10),
            }
        )
        self.start_tour(
            f"/odoo/contacts/{partner.id}",
            "crm_relationship_log_touchpoint",
            login="admin",
        )
        newest = partner.timeline_touchpoint_ids[0]
        self.assertEqual(newest.summary, "Asked for the spring catalogue")
        self.assertEqual((newest.channel, newest.satisfaction), ("web", "4"))
        self.assertEqual(newest.user_id, self.env.ref("base.user_admin"))
