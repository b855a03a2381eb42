# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The dashboard of a run, as Odoo's journal dashboard is made: the figures
are computed here as data (``dashboard_data``, JSON) and drawn in the browser
by the ``crm_rfm_dashboard`` field widget (static/src/dashboard). Every figure
a user can click opens the run's snapshots behind it, with exactly the domain
that counted them; the buttons of the dashboard are here too."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .scores import SEGMENTS

# Churn risk bands of 10 points: band i is [i / 10, (i + 1) / 10), the last
# one up to 1 included. The same thresholds count the bands (width_bucket)
# and filter them (domain), so that a band opens exactly its customers.
CHURN_THRESHOLDS = [band / 10 for band in range(1, 10)]
GRID_SCORES = range(1, 6)


class CrmRfmRunDashboard(models.AbstractModel):
    """The dashboard part of crm.rfm.run."""

    _name = "crm.rfm.run.dashboard"
    _description = "Customer Scoring Run: Dashboard"

    # The figures of the dashboard: segments, recency x frequency grid, churn
    # risk bands, sales forecast (see _dashboard_figures).
    dashboard_data = fields.Json(compute="_compute_dashboard_data")
    high_value_at_risk_ids = fields.Many2many(
        "crm.rfm.snapshot",
        compute="_compute_high_value_at_risk",
        string="High Value at Risk",
        help="The biggest spenders (top 20% of the run) whose churn risk is 50% "
        "or more; the 50 largest first.",
    )

    # ------------------------------------------------------------------ figures
    # no @api.depends: the run's fields are not this mixin's; the dashboard is
    # read after the run, in a new request
    @api.depends_context("lang")
    def _compute_dashboard_data(self):
        for run in self:
            if run.id and run.state == "done":
                run.dashboard_data = run._dashboard_figures()
            else:
                run.dashboard_data = {"state": run.state, "figures": False}

    def _dashboard_figures(self):
        """Three grouped queries, whatever the number of customers."""
        self.ensure_one()
        Snapshot = self.env["crm.rfm.snapshot"]
        currency = self.currency_id
        domain = [("run_id", "=", self.id)]
        by_segment = {
            segment: (count, revenue or 0.0, expected or 0.0)
            for segment, count, revenue, expected in Snapshot._read_group(
                domain,
                ["segment"],
                ["__count", "monetary:sum", "expected_revenue:sum"],
            )
        }
        total = sum(revenue for _count, revenue, _e in by_segment.values())
        labels = dict(Snapshot._fields["segment"]._description_selection(self.env))
        segments = []
        for key, _label in SEGMENTS:
            count, revenue, expected = by_segment.get(key, (0, 0.0, 0.0))
            segments.append(
                {
                    "key": key,
                    "label": labels[key],
                    "count": count,
                    "revenue": revenue,
                    "revenue_display": currency.format(revenue),
                    "share": round(100.0 * revenue / total, 1) if total else 0.0,
                    "expected_revenue": expected,
                    "expected_revenue_display": currency.format(expected),
                }
            )
        cells = {
            (r_score, f_score): (count, revenue or 0.0)
            for r_score, f_score, count, revenue in Snapshot._read_group(
                domain, ["r_score", "f_score"], ["__count", "monetary:sum"]
            )
        }
        grid = [
            {
                "r_score": r_score,
                "cells": [
                    {
                        "f_score": f_score,
                        "count": cells.get((r_score, f_score), (0, 0.0))[0],
                        "revenue_display": currency.format(
                            cells.get((r_score, f_score), (0, 0.0))[1]
                        ),
                    }
                    for f_score in GRID_SCORES
                ],
            }
            for r_score in reversed(GRID_SCORES)
        ]
        bands = dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT width_bucket(churn_probability, %s::float8[]), COUNT(*)
                      FROM crm_rfm_snapshot
                     WHERE run_id = %s AND churn_probability IS NOT NULL
                     GROUP BY 1
                    """,
                    CHURN_THRESHOLDS,
                    self.id,
                )
            )
        )
        churn = [
            {
                "band": band,
                "label": f"{band * 10}–{band * 10 + 10}%",
                "count": bands.get(band, 0),
            }
            for band in range(len(CHURN_THRESHOLDS) + 1)
        ]
        return {
            "state": self.state,
            "figures": True,
            "customers": sum(count for count, _r, _e in by_segment.values()),
            "revenue_display": currency.format(total),
            "expected_revenue_display": currency.format(
                sum(expected for _c, _r, expected in by_segment.values())
            ),
            "segments": segments,
            "grid": grid,
            "churn": churn,
        }

    def _compute_high_value_at_risk(self):
        """The biggest spenders who are slipping away: spend in the top 20% of
        the run and a churn risk of 50% or more; the 50 largest first."""
        for run in self:
            if not run.id or run.state != "done":
                run.high_value_at_risk_ids = False
                continue
            rows = self.env.execute_query(
                SQL(
                    """
                    WITH threshold AS (
                        SELECT PERCENTILE_CONT(0.8) WITHIN GROUP (ORDER BY monetary)
                                   AS value
                          FROM crm_rfm_snapshot WHERE run_id = %(run)s
                    )
                    SELECT snapshot.id
                      FROM crm_rfm_snapshot snapshot, threshold
                     WHERE snapshot.run_id = %(run)s
                       AND snapshot.churn_probability >= 0.5
                       AND snapshot.monetary >= threshold.value
                     ORDER BY snapshot.monetary DESC, snapshot.id
                     LIMIT 50
                    """,
                    run=run.id,
                )
            )
            run.high_value_at_risk_ids = [row[0] for row in rows]

    # ------------------------------------------------------------------ drill-downs
    def action_open_segment(self, segment):
        """The run's customers of a segment."""
        labels = dict(
            self.env["crm.rfm.snapshot"]
            ._fields["segment"]
            ._description_selection(self.env)
        )
        if segment not in labels:
            raise UserError(self.env._("Unknown segment: %(key)s", key=segment))
        return self._snapshot_action(labels[segment], [("segment", "=", segment)])

    def action_open_grid_cell(self, r_score, f_score):
        """The run's customers of a cell of the recency x frequency grid."""
        if r_score not in GRID_SCORES or f_score not in GRID_SCORES:
            raise UserError(self.env._("Scores go from 1 to 5."))
        return self._snapshot_action(
            self.env._("Recency %(r)s, frequency %(f)s", r=r_score, f=f_score),
            [("r_score", "=", r_score), ("f_score", "=", f_score)],
        )

    def action_open_churn_band(self, band):
        """The run's customers of a churn risk band (see CHURN_THRESHOLDS)."""
        if band not in range(len(CHURN_THRESHOLDS) + 1):
            raise UserError(self.env._("Unknown churn risk band: %(band)s", band=band))
        domain = []
        if band > 0:
            domain.append(("churn_probability", ">=", CHURN_THRESHOLDS[band - 1]))
        else:
            domain.append(("churn_probability", "!=", False))
        if band < len(CHURN_THRESHOLDS):
            domain.append(("churn_probability", "<", CHURN_THRESHOLDS[band]))
        return self._snapshot_action(
            self.env._(
                "Churn risk %(low)s–%(high)s%%", low=band * 10, high=band * 10 + 10
            ),
            domain,
        )

    def _snapshot_action(self, title, domain):
        """The customers whose snapshot of this run matches ``domain``: the
        customers the run scored so, whether it is the latest run or a past
        one, in a list of contacts (so that every action bound to contacts,
        e.g. crm_campaigns' "Send a mailing to these customers", applies)."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "%(title)s, scoring of %(run)s", title=title, run=self.name
            ),
            "res_model": "res.partner",
            "views": [
                (self.env.ref("crm_rfm.res_partner_view_list_value").id, "list"),
                (False, "kanban"),
                (False, "form"),
            ],
            "domain": [
                ("rfm_snapshot_ids", "any", [("run_id", "=", self.id), *domain])
            ],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------ buttons
    def _dashboard_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer Value"),
            "res_model": "crm.rfm.run",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("crm_rfm.crm_rfm_run_view_form").id, "form")],
            "target": "current",
        }

    @api.model
    def action_open_dashboard(self):
        """The latest scoring of the current company."""
        run = self.search(
            [("company_id", "=", self.env.company.id), ("state", "=", "done")], limit=1
        )
        if run:
            return run._dashboard_action()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_rfm.crm_rfm_run_action"
        )
        action["help"] = Markup(
            "<p class='o_view_nocontent_smiling_face'>%s</p><p>%s</p>"
        ) % (
            self.env._("No scoring yet"),
            self.env._(
                "Customers are scored every night. CRM administrators can run "
                "the scoring now with Score Customers."
            ),
        )
        return action

    def action_open_segment_migration(self):
        """The segment migration of this run (on no run: the latest done run
        of the current company) since the run before it."""
        run = self or self.search(
            [("company_id", "=", self.env.company.id), ("state", "=", "done")], limit=1
        )
        run.check_access("read")
        return self.env["crm.rfm.movement"]._action_for_run(run)

    def action_open_customers(self):
        self.ensure_one()
        self.check_access("read")
        return self.env["ir.actions.act_window"]._for_xml_id(
            "crm_rfm.res_partner_action_customer_value"
        )

    def action_export_xlsx(self):
        """Every customer scored by this run, in a spreadsheet."""
        self.ensure_one()
        self.check_access("read")
        return (
            self.env["crm.rfm.export"]
            .create({"company_id": self.company_id.id, "run_id": self.id})
            ._download_action()
        )

    def action_schedule_retention_calls(self):
        """A call for each high value customer at risk (once per customer)."""
        self.ensure_one()
        self.check_access("read")
        created, skipped = self.high_value_at_risk_ids._schedule_retention_calls()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(created)s call(s) scheduled; "
                    "%(skipped)s customer(s) already had one.",
                    created=created,
                    skipped=skipped,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
