# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..scorecard import KPIS, objective_status, progress

KPI_SELECTION = [
    ("churn_rate", "Churn rate"),
    ("retention_rate", "Retention rate"),
    ("portfolio_growth", "Customer portfolio growth"),
    ("complaint_resolution_hours", "Complaint resolution time"),
    ("reachable_share", "Customers with a type and a way to reach them"),
    ("touchpoints_per_user_week", "Touchpoints logged per active user per week"),
    ("orders_with_touchpoint_share", "Orders with a touchpoint in the 30 days before"),
]
STATUSES = [
    ("no_data", "Not Enough Data"),
    ("at_risk", "At Risk"),
    ("on_track", "On Track"),
    ("reached", "Reached"),
]


class CrmRolloutObjective(models.Model):
    """An objective of the plan: a KPI from a fixed list, its baseline
    (measured at the start of the plan or imported from the old system's
    analysis), a target and a deadline, the current value measured from live
    data and the status that follows."""

    _name = "crm.rollout.objective"
    _description = "Rollout Objective"
    _inherit = ["crm.rollout.protected.mixin"]
    _order = "plan_id, sequence, id"
    _rollout_protected = ("current_value", "has_value", "measured_at", "has_baseline")

    plan_id = fields.Many2one(
        "crm.rollout.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    kpi = fields.Selection(
        KPI_SELECTION,
        string="KPI",
        required=True,
        help="Churn and retention: (E - N) / S over the last 12 months, where S "
        "and E are the customers active (a purchase in the 365 days before) at "
        "the start and the end and N the new ones. Growth: (E - S) / S. "
        "Complaints: median hours from opening to resolution of those opened in "
        "the last 30 days and resolved (the helpdesk's complaint tickets when "
        "the helpdesk is installed, complaint touchpoints otherwise). "
        "Touchpoints: logged by hand in the last 30 days. Orders: confirmed in "
        "the last 30 days, whose customer had a touchpoint (other than an "
        "order) in the 30 days before.",
    )
    name = fields.Char(compute="_compute_name")
    unit = fields.Char(compute="_compute_unit")
    direction = fields.Selection(
        [("up", "Higher is better"), ("down", "Lower is better")],
        compute="_compute_unit",
    )
    baseline = fields.Float(digits=(16, 2))
    has_baseline = fields.Boolean(
        default=True,
        copy=False,
        help="False when there was nothing to measure at the start of the plan.",
    )
    baseline_source = fields.Selection(
        [
            ("measured", "Measured"),
            ("imported", "Imported"),
            ("manual", "Typed"),
            ("none", "Nothing to Measure"),
        ],
        string="Baseline From",
        copy=False,
    )
    baseline_date = fields.Date(copy=False)
    baseline_note = fields.Char(copy=False)
    target = fields.Float(digits=(16, 2), required=True)
    deadline = fields.Date()
    current_value = fields.Float(digits=(16, 2), copy=False, readonly=True)
    has_value = fields.Boolean(copy=False, readonly=True)
    measured_at = fields.Datetime(copy=False, readonly=True)
    progress = fields.Float(
        string="Progress (%)",
        compute="_compute_status",
        store=True,
        help="0% at the baseline, 100% at the target.",
    )
    status = fields.Selection(
        STATUSES, compute="_compute_status", store=True, copy=False
    )
    note = fields.Text()
    measure_ids = fields.One2many("crm.rollout.measure", "objective_id")

    _sql_constraints = [
        (
            "plan_kpi_unique",
            "UNIQUE(plan_id, kpi)",
            "A plan has one objective per KPI.",
        ),
    ]

    @api.depends("kpi")
    @api.depends_context("lang")
    def _compute_name(self):
        labels = dict(self._fields["kpi"]._description_selection(self.env))
        for objective in self:
            objective.name = labels.get(objective.kpi, False)

    @api.depends("kpi")
    @api.depends_context("lang")
    def _compute_unit(self):
        units = {
            "percent": "%",
            "hours": self.env._("hours"),
            "per_user_week": self.env._("per user/week"),
        }
        for objective in self:
            direction, unit = KPIS.get(objective.kpi, ("up", "percent"))
            objective.direction = direction
            objective.unit = units[unit]

    @api.depends(
        "baseline",
        "has_baseline",
        "target",
        "deadline",
        "current_value",
        "has_value",
        "plan_id.start_date",
    )
    def _compute_status(self):
        today = fields.Date.context_today(self)
        for objective in self:
            value = objective.current_value if objective.has_value else None
            baseline = objective.baseline if objective.has_baseline else None
            direction = KPIS.get(objective.kpi, ("up",))[0]
            objective.progress = progress(baseline, objective.target, value) or 0.0
            objective.status = objective_status(
                direction,
                baseline,
                objective.target,
                value,
                objective.plan_id.start_date,
                objective.deadline,
                today,
            )

    @api.constrains("kpi", "target", "baseline")
    def _check_values(self):
        for objective in self:
            unit = KPIS.get(objective.kpi, ("up", "percent"))[1]
            for label, value in (
                (self.env._("target"), objective.target),
                (self.env._("baseline"), objective.baseline),
            ):
                if (
                    unit == "percent"
                    and objective.kpi != "portfolio_growth"
                    and not (0.0 <= value <= 100.0)
                ):
                    raise ValidationError(
                        self.env._(
                            "The %(what)s of “%(objective)s” is a percentage: "
                            "between 0 and 100.",
                            what=label,
                            objective=objective.name,
                        )
                    )
                if unit != "percent" and value < 0:
                    raise ValidationError(
                        self.env._(
                            "The %(what)s of “%(objective)s” cannot be negative.",
                            what=label,
                            objective=objective.name,
                        )
                    )

    def write(self, vals):
        result = super().write(vals)
        if "baseline" in vals and not self.env.su:
            super(CrmRolloutObjective, self.sudo()).write(
                {
                    "has_baseline": True,
                    "baseline_source": "manual",
                    "baseline_date": fields.Date.context_today(self),
                    "baseline_note": False,
                }
            )
        return result

    @api.constrains("deadline", "plan_id")
    def _check_deadline(self):
        for objective in self:
            start = objective.plan_id.start_date
            if objective.deadline and start and objective.deadline <= start:
                raise ValidationError(
                    self.env._(
                        "The deadline of “%(objective)s” (%(deadline)s) must come "
                        "after the start of the plan (%(start)s).",
                        objective=objective.name,
                        deadline=objective.deadline,
                        start=start,
                    )
                )

    # ------------------------------------------------------------------ measuring
    def _measure_baseline(self):
        """Baselines measured at the start of their plans (objectives whose
        baseline was imported or typed are left alone)."""
        for plan in self.plan_id:
            objectives = (self & plan.objective_ids).filtered(
                lambda o: o.baseline_source not in ("imported", "manual")
            )
            values = self.env["crm.rollout.kpi"]._measure(
                plan.company_id, plan.start_date, objectives.mapped("kpi")
            )
            for objective in objectives:
                value = values[objective.kpi]
                objective.sudo().write(
                    {
                        "baseline": value or 0.0,
                        "has_baseline": value is not None,
                        "baseline_source": "measured" if value is not None else "none",
                        "baseline_date": plan.start_date,
                        "baseline_note": False
                        if value is not None
                        else self.env._(
                            "Nothing to measure at the start: enter the baseline "
                            "by hand or import it."
                        ),
                    }
                )

    def _write_current(self, values):
        now = fields.Datetime.now()
        for objective in self:
            value = values.get(objective.kpi)
            objective.sudo().write(
                {
                    "current_value": value or 0.0,
                    "has_value": value is not None,
                    "measured_at": now,
                }
            )

    def action_open_chart(self):
        """This objective month by month against its baseline and target."""
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_rollout.crm_rollout_evaluation_action_objective"
        )
        action["domain"] = [("objective_id", "=", self.id)]
        action["display_name"] = self.name
        return action
