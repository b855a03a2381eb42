# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..scorecard import evaluation_months, progress


class CrmRolloutMeasure(models.Model):
    """The value of an objective's KPI at the end of a month since go-live
    (the current month: today). A month is measured again until it is over."""

    _name = "crm.rollout.measure"
    _description = "Rollout Objective Measurement"
    _order = "objective_id, month"

    objective_id = fields.Many2one(
        "crm.rollout.objective", required=True, ondelete="cascade", index=True
    )
    plan_id = fields.Many2one(related="objective_id.plan_id", store=True, index=True)
    company_id = fields.Many2one(related="objective_id.company_id", store=True)
    kpi = fields.Selection(related="objective_id.kpi", store=True)
    month = fields.Date(required=True)
    as_of = fields.Date(required=True)
    value = fields.Float(digits=(16, 2), aggregator="avg")
    has_value = fields.Boolean()
    final = fields.Boolean(help="Measured after the end of its month.")
    progress = fields.Float(
        string="Progress (%)",
        compute="_compute_progress",
        store=True,
        aggregator="avg",
        help="0% at the baseline, 100% at the target.",
    )

    _sql_constraints = [
        (
            "objective_month_unique",
            "UNIQUE(objective_id, month)",
            "One measurement per objective and month.",
        ),
    ]

    @api.depends(
        "value",
        "has_value",
        "objective_id.baseline",
        "objective_id.has_baseline",
        "objective_id.target",
    )
    def _compute_progress(self):
        for measure in self:
            objective = measure.objective_id
            known = measure.has_value and objective.has_baseline
            measure.progress = (
                progress(objective.baseline, objective.target, measure.value) or 0.0
                if known
                else 0.0
            )


class CrmRolloutPlanMeasure(models.AbstractModel):
    _name = "crm.rollout.plan.measure.mixin"
    _description = "Rollout Plan: Measurements"

    measure_ids = fields.One2many("crm.rollout.measure", "plan_id")
    measured_at = fields.Datetime(string="Last Measured", copy=False, readonly=True)

    def action_measure(self):
        """Button: measure the objectives now (and the evaluation since go-live)."""
        self.ensure_one()
        self.check_access("read")
        self._measure_all()
        return True

    def _measure_all(self):
        """Current values of the objectives, the months of the evaluation that
        are not final yet and today's RFM grid."""
        Kpi = self.env["crm.rollout.kpi"]
        today = fields.Date.context_today(self)
        for plan in self.filtered(lambda p: not p.is_template):
            objectives = plan.objective_ids
            values = Kpi._measure(plan.company_id, today, objectives.mapped("kpi"))
            objectives._write_current(values)
            if plan.go_live_date:
                plan._measure_months(today, values)
                plan._capture_rfm_grid("today")
                if not plan.rfm_cell_ids.filtered(lambda c: c.moment == "golive"):
                    plan._capture_rfm_grid("golive")
            plan.sudo().measured_at = fields.Datetime.now()

    def _measure_months(self, today, today_values=None):
        """Measure every month since go-live that is not final yet."""
        self.ensure_one()
        Measure = self.env["crm.rollout.measure"].sudo()
        existing = {
            (m.objective_id.id, m.month): m
            for m in Measure.search([("plan_id", "=", self.id)])
        }
        for month, as_of, final in evaluation_months(self.go_live_date, today):
            objectives = self.objective_ids.filtered(
                lambda o, m=month: (
                    not (existing.get((o.id, m)) and existing[(o.id, m)].final)
                )
            )
            if not objectives:
                continue
            if as_of == today and today_values is not None:
                values = today_values
            else:
                values = self.env["crm.rollout.kpi"]._measure(
                    self.company_id, as_of, objectives.mapped("kpi")
                )
            for objective in objectives:
                value = values.get(objective.kpi)
                vals = {
                    "as_of": as_of,
                    "value": value or 0.0,
                    "has_value": value is not None,
                    "final": final,
                }
                measure = existing.get((objective.id, month))
                if measure:
                    measure.write(vals)
                else:
                    Measure.create(dict(vals, objective_id=objective.id, month=month))

    def action_open_evaluation(self):
        """Each objective's progress month by month since go-live."""
        self.ensure_one()
        self.check_access("read")
        this_month = fields.Date.context_today(self).replace(day=1)
        if self.go_live_date and not self.measure_ids.filtered(
            lambda m: m.month == this_month
        ):
            self._measure_all()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_rollout.crm_rollout_evaluation_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["display_name"] = self.env._("Evaluation of %(plan)s", plan=self.name)
        return action
