# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Touchpoints of 18.0.1.0.0: an empty satisfaction was stored as 0, the
install-time backfill described events with the channel "other" and order
summaries without the amount (describe them as the live logging does), and the
demo touchpoints had no external ID (name them)."""

from collections import defaultdict

from odoo import SUPERUSER_ID, api
from odoo.tools import split_every

DESCRIBE = {
    "confirm": ("sale.order", "_crm_touchpoint_values_confirm"),
    "create": ("crm.lead", "_crm_touchpoint_values_create"),
    "won": ("crm.lead", "_crm_touchpoint_values_outcome"),
    "lost": ("crm.lead", "_crm_touchpoint_values_outcome"),
}


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE crm_touchpoint SET satisfaction_score = NULL "
        "WHERE satisfaction_score = 0"
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    # so that loading the demo data again (make up) does not add a second set
    env["crm.touchpoint"]._name_demo_touchpoints()
    # Odoo's website and point of sale teams: their channel goes without saying
    for xmlid, channel in (
        ("sales_team.salesteam_website_sales", "web"),
        ("sales_team.pos_sales_team", "visit"),
    ):
        team = env.ref(xmlid, raise_if_not_found=False)
        if team and not team.touchpoint_channel:
            team.touchpoint_channel = channel
    Touchpoint = env["crm.touchpoint"].with_context(active_test=False)
    backfilled = Touchpoint.search(
        [
            ("channel", "=", "other"),
            ("res_model", "in", ("sale.order", "crm.lead")),
            ("event_ref", "!=", False),
        ]
    )
    for batch in split_every(1000, backfilled.ids):
        touchpoints = Touchpoint.browse(batch)
        sources = defaultdict(set)  # (model, method) -> ids
        for touchpoint in touchpoints:
            event = touchpoint.event_ref.rsplit(",", 1)[-1]
            if DESCRIBE.get(event, (None,))[0] == touchpoint.res_model:
                sources[DESCRIBE[event]].add(touchpoint.res_id)
        described = {}
        for (model, method), ids in sources.items():
            documents = env[model].with_context(active_test=False).browse(ids)
            for vals in getattr(documents.exists(), method)():
                described[vals["event_ref"]] = vals
        by_channel = defaultdict(list)
        for touchpoint in touchpoints:
            vals = described.get(touchpoint.event_ref)
            if not vals:
                continue
            by_channel[vals["channel"]].append(touchpoint.id)
            # the old backfill's order summary, never edited nor erased since
            document = env[touchpoint.res_model].browse(touchpoint.res_id)
            if touchpoint.res_model == "sale.order" and (
                touchpoint.summary == f"Order {document.name} confirmed"
            ):
                touchpoint.summary = vals["summary"]
        for channel, ids in by_channel.items():
            Touchpoint.browse(ids).write({"channel": channel})
        env.flush_all()
        env.invalidate_all()
