# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmCampaignSegment(models.Model):
    """One RFM segment (the keys of crm_insight.rfm.SEGMENTS, as crm_rfm
    stores them on partners), so that a campaign can aim at several."""

    _name = "crm.campaign.segment"
    _description = "Customer Segment (campaign target)"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    key = fields.Char(required=True, readonly=True)
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ("key_unique", "UNIQUE(key)", "Each segment is listed once."),
    ]
