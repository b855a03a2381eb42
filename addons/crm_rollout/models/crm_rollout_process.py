# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

# Models that can implement a process, in the order offered; those whose
# module is not installed are left out of the choice (a campaign is an
# automation.configuration of OCA automation_oca, brought by crm_campaigns).
IMPLEMENTATION_MODELS = ("automation.configuration", "base.automation", "ir.cron")


class CrmRolloutProcess(models.Model):
    """A process the CRM automates, linked to what implements it (a campaign,
    an automated action or a scheduled action), with that one's live state."""

    _name = "crm.rollout.process"
    _description = "Rollout Process to Automate"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        "crm.rollout.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    implementation = fields.Reference(
        selection="_selection_implementation",
        string="Implemented By",
        help="The campaign, automated action or scheduled action that does it.",
    )
    status = fields.Selection(
        [
            ("todo", "Not Automated Yet"),
            ("running", "Running"),
            ("stopped", "Stopped"),
            ("missing", "Deleted"),
        ],
        compute="_compute_status",
    )
    status_detail = fields.Char(compute="_compute_status")

    @api.model
    def _selection_implementation(self):
        models_ = (
            self.env["ir.model"].sudo().search([("model", "in", IMPLEMENTATION_MODELS)])
        )
        names = {m.model: m.name for m in models_}
        return [
            (model, names[model]) for model in IMPLEMENTATION_MODELS if model in names
        ]

    @api.depends("implementation")
    def _compute_status(self):
        for process in self:
            target = process.implementation
            if not target:
                process.status, process.status_detail = "todo", False
                continue
            target = target.sudo().with_context(active_test=False).exists()
            if not target:
                process.status = "missing"
                process.status_detail = self.env._("The linked record was deleted.")
                continue
            process.status, process.status_detail = process._live_status(target)

    def _live_status(self, target):
        """(status, detail) of what implements the process."""
        if "active" in target._fields and not target.active:
            return "stopped", self.env._("Archived")
        if target._name == "ir.cron":
            return "running", self.env._(
                "Next run: %(date)s",
                date=fields.Datetime.context_timestamp(self, target.nextcall).strftime(
                    "%Y-%m-%d %H:%M"
                ),
            )
        if "state" in target._fields and target._fields["state"].type == "selection":
            labels = dict(target._fields["state"]._description_selection(self.env))
            state = target.state
            running = state in ("periodic", "ondemand", "run", "running")
            return ("running" if running else "stopped"), labels.get(state, state)
        return "running", False

    def action_open_implementation(self):
        self.ensure_one()
        self.check_access("read")
        target = self.implementation
        target.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": target._name,
            "res_id": target.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
