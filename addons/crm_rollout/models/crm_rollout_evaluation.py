# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .crm_rollout_objective import KPI_SELECTION


class CrmRolloutEvaluation(models.Model):
    """The evaluation as Odoo's graph and pivot views read it: per objective and
    month, three series (the measured value, the baseline and the target), so
    that a line chart shows the KPI against both."""

    _name = "crm.rollout.evaluation"
    _description = "Rollout Evaluation"
    _auto = False
    _order = "month, objective_id, series"

    plan_id = fields.Many2one("crm.rollout.plan", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    objective_id = fields.Many2one("crm.rollout.objective", readonly=True)
    kpi = fields.Selection(KPI_SELECTION, string="KPI", readonly=True)
    month = fields.Date(readonly=True)
    series = fields.Selection(
        [("actual", "Measured"), ("baseline", "Baseline"), ("target", "Target")],
        readonly=True,
    )
    value = fields.Float(readonly=True, aggregator="avg", digits=(16, 2))
    progress = fields.Float(
        string="Progress (%)",
        readonly=True,
        aggregator="avg",
        help="0% at the baseline, 100% at the target.",
    )

    def _flush_search(self, domain, fields=None, order=None, seen=None):
        for model in ("crm.rollout.measure", "crm.rollout.objective"):
            self.env[model].flush_model()
        return super()._flush_search(domain, fields=fields, order=order, seen=seen)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT measure.id * 3 + series.rank AS id,
                           measure.plan_id, measure.company_id,
                           measure.objective_id, measure.kpi, measure.month,
                           series.name AS series, series.value, series.progress
                      FROM crm_rollout_measure measure
                      JOIN crm_rollout_objective objective
                        ON objective.id = measure.objective_id,
                           LATERAL (VALUES
                               (0, 'actual', measure.value,
                                CASE WHEN objective.has_baseline
                                     THEN measure.progress END,
                                measure.has_value),
                               (1, 'baseline', objective.baseline, 0.0,
                                COALESCE(objective.has_baseline, FALSE)),
                               (2, 'target', objective.target, 100.0, TRUE)
                           ) AS series(rank, name, value, progress, known)
                     WHERE series.known
                )
                """,
                SQL.identifier(self._table),
            )
        )
