# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The past of the timelines: the documents that existed before the module was
installed (backfill), and the demo data."""

import random
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import split_every

# Documents described per batch by the install-time backfill.
HISTORY_BATCH = 1000
# The demo customers (demo/res_partner_demo.xml) that get a year of touchpoints.
DEMO_CUSTOMERS = [
    f"crm_relationship.partner_{kind}_{number:02d}"
    for kind, count in (
        ("consumer", 11),
        ("b2b", 9),
        ("distributor", 6),
        ("internal", 4),
    )
    for number in range(1, count + 1)
]
DEMO_SUMMARIES = {
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


class CrmTouchpointHistory(models.AbstractModel):
    _name = "crm.touchpoint.history"
    _description = "Touchpoint History and Demo"

    @api.model
    def _backfill_from_history(self, batch_size=HISTORY_BATCH):
        """Log the events that happened before the module was installed:
        confirmed orders, leads with a customer (created), won and lost
        opportunities.

        Each event is described by the same function as the live logging
        (same channel, summary, date, ...) and has the same event key, so
        running this again, or after the live logging, adds nothing. Batches
        keep the memory bounded on a large history.
        """
        customer = ("partner_id", "!=", False)
        history = (
            ("sale.order", [("state", "=", "sale")], "_crm_touchpoint_values_confirm"),
            ("crm.lead", [customer], "_crm_touchpoint_values_create"),
            (
                "crm.lead",
                [customer, ("active", "=", True), ("stage_id.is_won", "=", True)],
                "_crm_touchpoint_values_outcome",
            ),
            (
                "crm.lead",
                [customer, ("active", "=", False), ("probability", "=", 0)],
                "_crm_touchpoint_values_outcome",
            ),
        )
        Touchpoint = self.env["crm.touchpoint"]
        for model, domain, describe in history:
            Documents = self.env[model].with_context(active_test=False)
            ids = Documents.search(domain, order="id").ids
            for batch in split_every(batch_size, ids):
                documents = Documents.browse(batch)
                Touchpoint._log_events(getattr(documents, describe)())
                self.env.flush_all()
                self.env.invalidate_all()

    # ------------------------------------------------------------------ demo
    @api.model
    def _create_demo_touchpoints(
        self, partner_xmlids=None, per_partner=(6, 14), seed=7
    ):
        """Demo data: a year of touchpoints over every channel for the demo
        customers, dated relative to today so that the screens stay meaningful.

        Each touchpoint has an external ID (``<customer>_touchpoint_<n>``), so
        that loading the demo data again (``odoo -i`` on an installed module)
        creates only those missing, as for the ``<record>`` elements.
        """
        demo = self._demo_touchpoint_values(partner_xmlids, per_partner, seed)
        existing = set(
            self.env["ir.model.data"]
            .search([("module", "=", "crm_relationship"), ("name", "in", list(demo))])
            .mapped("name")
        )
        return self.env["crm.touchpoint"]._load_records(
            [
                {"xml_id": f"crm_relationship.{name}", "values": vals, "noupdate": True}
                for name, vals in demo.items()
                if name not in existing
            ]
        )

    @api.model
    def _demo_touchpoint_values(self, partner_xmlids=None, per_partner=(6, 14), seed=7):
        """{external ID name: values} of the demo touchpoints, the same for a
        given seed (only the dates follow today)."""
        rng = random.Random(seed)
        now = fields.Datetime.now()
        users = self.env.ref("base.user_admin") | self.env.ref(
            "base.user_demo", raise_if_not_found=False
        )
        Touchpoint = self.env["crm.touchpoint"]
        channels = [key for key, _label in Touchpoint._fields["channel"].selection]
        demo = {}
        for xmlid in partner_xmlids or DEMO_CUSTOMERS:
            partner = self.env.ref(xmlid)
            for index in range(rng.randint(*per_partner)):
                kind = rng.choice(list(DEMO_SUMMARIES))
                channel = channels[(len(demo) + index) % len(channels)]
                rated = rng.random() < 0.6
                name = f"{xmlid.split('.')[-1]}_touchpoint_{index:02d}"
                demo[name] = {
                    "partner_id": partner.id,
                    "date": now - timedelta(days=rng.randint(0, 365), hours=index),
                    "channel": channel,
                    "direction": rng.choice(["inbound", "inbound", "outbound"]),
                    "kind": kind,
                    "summary": rng.choice(DEMO_SUMMARIES[kind]),
                    "satisfaction": str(rng.randint(1, 5)) if rated else False,
                    "resolved": kind == "complaint" and rng.random() < 0.6,
                    "user_id": rng.choice(users).id,
                }
        return demo

    @api.model
    def _name_demo_touchpoints(self):
        """Give their external IDs to the demo touchpoints of a database made
        before they had one (18.0.1.0.0), so that loading the demo again does
        not add a second set. Only an exact match of the first set is named."""
        if not self.env.ref(DEMO_CUSTOMERS[0], raise_if_not_found=False):
            return
        demo = self._demo_touchpoint_values()
        IrModelData = self.env["ir.model.data"]
        if IrModelData.search_count(
            [("module", "=", "crm_relationship"), ("name", "in", list(demo))]
        ):
            return
        Touchpoint = self.env["crm.touchpoint"]
        first_set = Touchpoint.with_context(active_test=False).search(
            [
                ("partner_id", "in", [v["partner_id"] for v in demo.values()]),
                ("res_model", "=", False),
                ("create_uid", "=", self.env.ref("base.user_root").id),
            ],
            order="id",
            limit=len(demo),
        )
        keys = ("partner_id", "channel", "kind", "summary")
        found = [
            tuple(t[k].id if k == "partner_id" else t[k] for k in keys)
            for t in first_set
        ]
        expected = [tuple(vals[k] for k in keys) for vals in demo.values()]
        if found != expected:
            return
        IrModelData.create(
            [
                {
                    "module": "crm_relationship",
                    "name": name,
                    "model": Touchpoint._name,
                    "res_id": touchpoint.id,
                    "noupdate": True,
                }
                for name, touchpoint in zip(demo, first_set, strict=True)
            ]
        )
