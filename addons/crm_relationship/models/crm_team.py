# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .crm_touchpoint import CHANNELS


class CrmTeam(models.Model):
    _inherit = "crm.team"

    touchpoint_channel = fields.Selection(
        CHANNELS,
        string="Usual Channel",
        help="How the customers of this team usually reach it (a telesales team: "
        "phone; a shop: visit). The touchpoints of the team's orders and leads "
        "take this channel when their medium or source says nothing.",
    )
