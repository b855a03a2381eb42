# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a run stores about its churn model, so that users can check it: every
candidate model with its hold-out error, the tracking of the chosen model
(purchases predicted for the hold-out weeks beside those made) and the
12-month projection of purchases and revenue per segment and per salesperson.
Rows are written by the run (as superuser) and read through graph views."""

from odoo import api, fields, models

from . import insight_messages
from .scores import SEGMENTS

CHURN_MODELS = [
    ("paretonbd", "Pareto/NBD (leave at any time)"),
    ("mbgnbd", "MBG/NBD (leave after any purchase)"),
    ("bgnbd", "BG/NBD (leave after a repeat purchase)"),
]
# the models' names, as crm_insight's messages quote them
MODEL_NAMES = {"paretonbd": "Pareto/NBD", "mbgnbd": "MBG/NBD", "bgnbd": "BG/NBD"}
# crm_insight's FitResult.status
FIT_STATUSES = [
    ("ok", "Fitted"),
    ("insufficient_data", "Not enough data"),
    ("not_converged", "Not converged"),
    ("invalid_input", "Invalid input"),
]


class CrmRfmRunRow(models.AbstractModel):
    """A row a run stores (deleted with it, of its company)."""

    _name = "crm.rfm.run.row"
    _description = "Row of a Scoring Run"

    run_id = fields.Many2one(
        "crm.rfm.run", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True)


class CrmRfmModelCandidate(models.Model):
    _name = "crm.rfm.model.candidate"
    _inherit = "crm.rfm.run.row"
    _description = "Churn Model Candidate of a Scoring Run"
    _order = "run_id desc, chosen desc, holdout_rmse, id"
    model = fields.Selection(CHURN_MODELS, required=True, readonly=True)
    chosen = fields.Boolean(readonly=True)
    status = fields.Selection(FIT_STATUSES, readonly=True)
    message = fields.Json(readonly=True)
    reason = fields.Char(compute="_compute_reason", string="Why Not Fitted")
    holdout_rmse = fields.Float(
        string="Hold-out Error (RMSE)",
        readonly=True,
        digits=(16, 4),
        help="Root mean square error of the purchases predicted per customer for "
        "the hold-out period, by the model fitted on the period before it.",
    )
    holdout_mae = fields.Float(
        string="Hold-out Error (MAE)", readonly=True, digits=(16, 4)
    )
    holdout_predicted = fields.Float(
        string="Purchases Predicted", readonly=True, digits=(16, 1)
    )
    holdout_actual = fields.Float(
        string="Purchases Made", readonly=True, digits=(16, 1)
    )
    loglik = fields.Float(string="Log-likelihood", readonly=True, digits=(16, 2))

    @api.depends_context("lang")
    @api.depends("message")
    def _compute_reason(self):
        for candidate in self:
            message = candidate.message or {}
            candidate.reason = (
                insight_messages.translate(
                    self.env, message.get("code"), message.get("params")
                )
                if candidate.status and candidate.status != "ok" and message
                else False
            )


class CrmRfmTracking(models.Model):
    _name = "crm.rfm.tracking"
    _inherit = "crm.rfm.run.row"
    _description = "Churn Model Tracking of a Scoring Run"
    _order = "run_id desc, week, series"
    week = fields.Integer(readonly=True, help="Week of the hold-out period (1, 2...).")
    date_start = fields.Date(string="Week Starting", readonly=True)
    series = fields.Selection(
        [("predicted", "Predicted"), ("actual", "Made")],
        string="Purchases",
        readonly=True,
        required=True,
    )
    purchases = fields.Float(string="Purchases in the Week", readonly=True)
    cumulative = fields.Float(string="Purchases so Far", readonly=True)


class CrmRfmProjection(models.Model):
    _name = "crm.rfm.projection"
    _inherit = "crm.rfm.run.row"
    _description = "Purchase and Revenue Projection of a Scoring Run"
    _order = "run_id desc, kind, month"
    currency_id = fields.Many2one(related="run_id.currency_id")
    kind = fields.Selection(
        [("segment", "Per Segment"), ("salesperson", "Per Salesperson")],
        required=True,
        readonly=True,
    )
    month = fields.Date(readonly=True)
    segment = fields.Selection(SEGMENTS, readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    purchases = fields.Float(string="Expected Purchases", readonly=True)
    revenue = fields.Monetary(
        string="Expected Revenue",
        readonly=True,
        help="Empty when the spend model could not be fitted.",
    )
