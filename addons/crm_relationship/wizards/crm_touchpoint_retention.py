# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class CrmTouchpointRetention(models.TransientModel):
    """The retention period of a company's touchpoints, for CRM relationship
    administrators: Odoo's Settings page is for system administrators only,
    and they may not write companies."""

    _name = "crm.touchpoint.retention"
    _description = "Touchpoint Retention"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    touchpoint_retention_days = fields.Integer(
        string="Retention (days)",
        compute="_compute_touchpoint_retention_days",
        readonly=False,
        store=True,
        help="Touchpoints older than this are deleted by a daily job, in batches. "
        "0 keeps them forever.",
    )

    @api.depends("company_id")
    def _compute_touchpoint_retention_days(self):
        for wizard in self:
            wizard.touchpoint_retention_days = (
                wizard.company_id.touchpoint_retention_days
            )

    def action_save(self):
        self.ensure_one()
        if self.company_id not in self.env.companies:
            raise AccessError(
                self.env._(
                    "You can only set the retention of the companies you work in."
                )
            )
        if self.touchpoint_retention_days < 0:
            raise ValidationError(
                self.env._("The touchpoint retention period cannot be negative.")
            )
        # Companies are written by Settings administrators only; this one
        # field is the CRM relationship administrators' (access rights of
        # this wizard).
        self.company_id.sudo().touchpoint_retention_days = (
            self.touchpoint_retention_days
        )
        return {"type": "ir.actions.act_window_close"}
