# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression


class AutomationConfigurationStep(models.Model):
    _inherit = "automation.configuration.step"

    configuration_id = fields.Many2one(index=True, ondelete="cascade")
    name = fields.Char(translate=True)
    activity_summary = fields.Char(translate=True)

    @api.depends(
        "domain",
        "configuration_id.domain",
        "parent_id",
        "parent_id.applied_domain",
        "apply_parent_domain",
    )
    def _compute_applied_domain(self):
        # The step's condition and its parent's (or the campaign's), parsed
        # as domains: nothing typed by a user is evaluated as Python.
        for step in self:
            campaign = step.configuration_id
            parent = (
                step.parent_id.applied_domain if step.parent_id else campaign.domain
            )
            try:
                own = campaign._campaign_parse(step.domain)
                if step.apply_parent_domain:
                    own = expression.AND([own, campaign._campaign_parse(parent)])
            except UserError:
                # Kept as typed: the runner refuses it with the parser's message
                # (a step in error), it is never evaluated.
                step.applied_domain = step.domain
                continue
            step.applied_domain = repr(own)

    @api.depends()
    def _compute_total_graph_data(self):
        # "Error" counts the steps that failed: not the participants whose
        # goal stopped the sequence, nor those who left the target or opted
        # out (automation_oca counts those too).
        Step = self.env["automation.record.step"]
        domain = [("configuration_step_id", "in", self.ids), ("is_test", "=", False)]
        counts = {
            (step.id, state): count
            for step, state, count in Step._read_group(
                domain + [("state", "in", ("done", "error"))],
                ["configuration_step_id", "state"],
                ["__count"],
            )
        }
        for step in self:
            step.graph_done = counts.get((step.id, "done"), 0)
            step.graph_error = counts.get((step.id, "error"), 0)

    @api.constrains("domain", "activity_verification_domain")
    def _check_step_domains(self):
        for step in self:
            try:
                step.configuration_id._campaign_parse(step.domain)
                step.configuration_id._campaign_parse(step.activity_verification_domain)
            except UserError as error:
                raise ValidationError(str(error)) from None

    @api.model_create_multi
    def create(self, vals_list):
        self.env["automation.configuration"]._check_campaign_manager()
        return super().create(vals_list)

    def write(self, vals):
        self.env["automation.configuration"]._check_campaign_manager()
        return super().write(vals)

    def unlink(self):
        self.env["automation.configuration"]._check_campaign_manager()
        return super().unlink()
