# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The models part of crm.rfm.run: the churn model chosen on the hold-out
period, every candidate's hold-out error, the fits' statuses, the warnings
(crm_insight's codes, shown in the reader's language), the tracking of the
chosen model and the 12-month projection per segment and per salesperson."""

import math

import numpy as np
import pandas as pd

from odoo import api, fields, models
from odoo.tools import SQL

from . import insight_messages
from .crm_rfm_forecast import CHURN_MODELS, FIT_STATUSES

# the messages that say why churn (and CLV) are empty
CHURN_FAILURES = ("churn_not_fitted",)


def _number(value):
    """A float for the database, False for NaN or None (unknown, not 0)."""
    if value is None:
        return False
    value = float(value)
    return False if math.isnan(value) else value


class CrmRfmRunModels(models.AbstractModel):
    _name = "crm.rfm.run.models"
    _description = "Customer Scoring Run: Churn and Spend Models"

    churn_model = fields.Selection(
        CHURN_MODELS,
        readonly=True,
        help="The churn model chosen for this run: the one that best predicted, "
        "customer by customer, the purchases of the hold-out period (the last "
        "weeks of the data) when fitted on the period before it.",
    )
    churn_method = fields.Selection(
        [("holdout", "Hold-out period"), ("loglik", "Likelihood")],
        string="Chosen By",
        readonly=True,
    )
    churn_status = fields.Selection(FIT_STATUSES, readonly=True)
    spend_status = fields.Selection(FIT_STATUSES, readonly=True)
    churn_reason = fields.Char(
        compute="_compute_messages",
        string="Why Churn Is Empty",
        help="Why no churn model could be fitted: the customers have RFM and "
        "loyalty scores but no churn risk, expected purchases or lifetime value.",
    )
    holdout_days = fields.Integer(string="Hold-out Period (days)", readonly=True)
    split_date = fields.Date(string="Hold-out Starts After", readonly=True)
    messages = fields.Json(readonly=True, help="crm_insight's codes and parameters.")
    warnings = fields.Text(compute="_compute_messages")
    param_s = fields.Float("Dropout Shape (s)", readonly=True, digits=(16, 6))
    param_beta = fields.Float("Dropout Scale (beta)", readonly=True, digits=(16, 6))
    candidate_ids = fields.One2many("crm.rfm.model.candidate", "run_id")
    tracking_ids = fields.One2many("crm.rfm.tracking", "run_id")
    projection_ids = fields.One2many("crm.rfm.projection", "run_id")

    @api.depends_context("lang")
    @api.depends("messages")
    def _compute_messages(self):
        for run in self:
            messages = run.messages or []
            run.warnings = insight_messages.translate_all(self.env, messages) or False
            failure = next(
                (item for item in messages if item.get("code") in CHURN_FAILURES), None
            )
            params = (failure or {}).get("params") or {}
            # the failure itself (the run's warnings hold the whole sentence)
            run.churn_reason = failure and insight_messages.translate(
                self.env,
                params.get("reason_code"),
                {**(params.get("reason_params") or {}), "text": params.get("reason")},
            )

    # ------------------------------------------------------------------ writing
    def _model_values(self, scoring):
        """The run's fields that describe the models."""
        choice = scoring.churn
        fit = scoring.churn_fit
        values = {
            "churn_model": scoring.churn_model or False,
            "churn_method": choice.method if choice else False,
            "churn_status": fit.status if fit is not None else False,
            "spend_status": scoring.gammagamma.status,
            "holdout_days": (choice and choice.holdout_days) or 0,
            "split_date": (choice and choice.split_date) or False,
        }
        for model in (fit, scoring.gammagamma):
            if model is not None and model.ok:
                for name, value in model.params.items():
                    values[f"param_{name}"] = value
        return values

    def _store_forecasts(self, scoring):
        """The candidates, the tracking and the projection rows of this run."""
        self.ensure_one()
        choice = scoring.churn
        candidates = []
        for row in (choice.candidates if choice else []) or []:
            candidates.append(
                {
                    "run_id": self.id,
                    "model": row["model"],
                    "chosen": bool(row.get("chosen")),
                    "status": row.get("status"),
                    "message": {
                        "code": row.get("code"),
                        "params": row.get("message_params") or {},
                    },
                    "holdout_rmse": _number(row.get("holdout_rmse")),
                    "holdout_mae": _number(row.get("holdout_mae")),
                    "holdout_predicted": _number(row.get("holdout_predicted")),
                    "holdout_actual": _number(row.get("holdout_actual")),
                    "loglik": _number(row.get("calibration_loglik", row.get("loglik"))),
                }
            )
        self.env["crm.rfm.model.candidate"].create(candidates)
        tracking = []
        if scoring.tracking is not None:
            for row in scoring.tracking.itertuples():
                for series, purchases, cumulative in (
                    ("predicted", row.predicted, row.predicted_cumulative),
                    ("actual", row.actual, row.actual_cumulative),
                ):
                    tracking.append(
                        {
                            "run_id": self.id,
                            "week": int(row.week),
                            "date_start": row.start,
                            "series": series,
                            "purchases": float(purchases),
                            "cumulative": float(cumulative),
                        }
                    )
        self.env["crm.rfm.tracking"].create(tracking)
        self.env["crm.rfm.projection"].create(self._projection_rows(scoring))

    def _projection_rows(self, scoring):
        projection = scoring.projection
        if projection is None:
            return []
        rows = []
        for kind, groups in (
            ("segment", scoring.customers["segment"]),
            ("salesperson", self._salespeople(projection.index)),
        ):
            for row in projection.by(groups).itertuples():
                values = {
                    "run_id": self.id,
                    "kind": kind,
                    "month": row.month,
                    "purchases": float(row.purchases),
                    "revenue": _number(row.revenue),
                }
                if kind == "segment":
                    values["segment"] = row.group or False
                else:
                    values["user_id"] = int(row.group) or False
                rows.append(values)
        return rows

    def _salespeople(self, index):
        """The salesperson of each customer (0: none), indexed like ``index``."""
        rows = self.env.execute_query(
            SQL(
                "SELECT id, COALESCE(user_id, 0) FROM res_partner WHERE id = ANY(%s)",
                [int(i) for i in index],
            )
        )
        found = dict(rows)
        return pd.Series(
            np.array([found.get(int(i), 0) for i in index], dtype=np.int64),
            index=index,
        )

    # ------------------------------------------------------------------ actions
    def _forecast_action(self, model, view, name, domain=()):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "%(what)s, scoring of %(run)s", what=name, run=self.name
            ),
            "res_model": model,
            "view_mode": "graph,pivot,list",
            "views": [
                (self.env.ref(view).id, "graph"),
                (False, "pivot"),
                (False, "list"),
            ],
            "domain": [("run_id", "=", self.id), *domain],
            "context": {"create": False},
        }

    def action_open_tracking(self):
        """Week by week of the hold-out: purchases predicted and made."""
        return self._forecast_action(
            "crm.rfm.tracking",
            "crm_rfm.crm_rfm_tracking_view_graph",
            self.env._("Tracking of the churn model"),
        )

    def action_open_projection_segment(self):
        return self._forecast_action(
            "crm.rfm.projection",
            "crm_rfm.crm_rfm_projection_view_graph_segment",
            self.env._("12-month projection per segment"),
            [("kind", "=", "segment")],
        )

    def action_open_projection_salesperson(self):
        return self._forecast_action(
            "crm.rfm.projection",
            "crm_rfm.crm_rfm_projection_view_graph_salesperson",
            self.env._("12-month projection per salesperson"),
            [("kind", "=", "salesperson")],
        )
