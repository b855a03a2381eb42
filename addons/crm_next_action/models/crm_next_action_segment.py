# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.crm_rfm.models.res_partner import SEGMENTS


class CrmNextActionSegment(models.Model):
    """The typical purchase and contact intervals of a segment, from the last
    recompute: what a customer with too little history of their own gets."""

    _name = "crm.next.action.segment"
    _description = "Segment Cadence"
    _order = "company_id, segment"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    segment = fields.Selection(SEGMENTS, required=True)
    purchase_interval_days = fields.Integer(
        string="Purchase Interval (Days)",
        help="Median of the typical purchase intervals of the segment's customers "
        "who bought at least three times (0: none did).",
    )
    contact_interval_days = fields.Integer(
        string="Contact Interval (Days)",
        help="Median of the typical contact intervals of the segment's customers "
        "with at least three contacts (0: none had).",
    )
    customer_count = fields.Integer(string="Customers")

    _sql_constraints = [
        (
            "company_segment_unique",
            "UNIQUE(company_id, segment)",
            "A segment has one cadence per company.",
        )
    ]
