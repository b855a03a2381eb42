# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import sql


class CrmTouchpoint(models.Model):
    """When a complaint (or a suggestion) was resolved: the complaint
    resolution time objective of a rollout plan is measured from it."""

    _inherit = "crm.touchpoint"

    resolved_at = fields.Datetime(
        string="Resolved On",
        copy=False,
        help="Set when the touchpoint is marked as resolved, cleared when it is "
        "reopened. Complaints resolved before the CRM Rollout module was "
        "installed have none: their resolution time is unknown.",
    )

    def init(self):
        sql.create_index(
            self.env.cr,
            "crm_touchpoint_resolved_at_index",
            self._table,
            ["resolved_at"],
            where="resolved_at IS NOT NULL",
        )

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("resolved") and not vals.get("resolved_at"):
                vals["resolved_at"] = now
        return super().create(vals_list)

    def write(self, vals):
        if "resolved" not in vals or "resolved_at" in vals:
            return super().write(vals)
        newly = self.filtered(lambda t: not t.resolved) if vals["resolved"] else self
        result = super().write(vals)
        if newly:
            stamp = fields.Datetime.now() if vals["resolved"] else False
            super(CrmTouchpoint, newly).write({"resolved_at": stamp})
        return result
