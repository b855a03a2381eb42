# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random
from datetime import timedelta

from odoo import api, fields, models

from .crm_touchpoint import CHANNELS


class CrmTouchpoint(models.Model):
    _inherit = "crm.touchpoint"

    @api.model
    def _create_demo_touchpoints(self, partner_xmlids, per_partner=(6, 14), seed=7):
        """Demo data: a year of touchpoints over every channel for the demo
        customers, dated relative to today so that the screens stay meaningful."""
        rng = random.Random(seed)
        now = fields.Datetime.now()
        users = self.env.ref("base.user_admin") | self.env.ref(
            "base.user_demo", raise_if_not_found=False
        )
        summaries = {
            "inquiry": ["Asked for a price list", "Wants a demo", "Availability?"],
            "purchase": ["Placed an order", "Repeat order", "Added items to the order"],
            "complaint": ["Late delivery", "Damaged package", "Wrong invoice"],
            "suggestion": ["Would like weekend hours", "Suggests a loyalty card"],
            "support": ["Installation help", "Password reset", "How to return"],
            "feedback": ["Happy with the service", "Liked the new catalogue"],
            "marketing": ["Spring catalogue sent", "Invitation to the spring fair"],
            "follow_up": ["Called back after quote", "Checked satisfaction"],
            "other": ["Address change", "Asked for the opening hours"],
        }
        channels = [key for key, _label in CHANNELS]
        vals_list = []
        for xmlid in partner_xmlids:
            partner = self.env.ref(xmlid)
            for index in range(rng.randint(*per_partner)):
                kind = rng.choice(list(summaries))
                channel = channels[(len(vals_list) + index) % len(channels)]
                rated = rng.random() < 0.6
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "date": now - timedelta(days=rng.randint(0, 365), hours=index),
                        "channel": channel,
                        "direction": rng.choice(["inbound", "inbound", "outbound"]),
                        "kind": kind,
                        "summary": rng.choice(summaries[kind]),
                        "satisfaction": str(rng.randint(1, 5)) if rated else False,
                        "resolved": kind == "complaint" and rng.random() < 0.6,
                        "user_id": rng.choice(users).id,
                    }
                )
        return self.create(vals_list)
