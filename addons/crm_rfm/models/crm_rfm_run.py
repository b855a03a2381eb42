# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import json
import logging
import time
from datetime import timedelta

import numpy as np
import pandas as pd
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_datetime

from .res_partner import SEGMENTS

try:
    from crm_insight import analysis as insight
    from crm_insight.data import summary_from_totals
except ImportError:  # pragma: no cover - reported by external_dependencies
    insight = summary_from_totals = None

_logger = logging.getLogger(__name__)

MANAGERS = "crm_relationship.group_crm_relationship_manager"
BATCH_SIZE = 100_000
UNIT = "week"
# Advisory lock namespace of scoring runs (one run per company at a time).
LOCK_NAMESPACE = 0x52464D  # "RFM"
# A batch of scores is staged with COPY (one streamed statement rather than
# a query text of a million literals): (stage column, SQL type, summary key).
STAGE_COLUMNS = (
    ("recency_days", "int4", "recency_days"),
    ("purchases", "int4", "purchases"),
    ("monetary", "float8", "monetary"),
    ("r_score", "int4", "r_score"),
    ("f_score", "int4", "f_score"),
    ("m_score", "int4", "m_score"),
    ("segment", "text", "segment"),
    ("loyalty_score", "float8", "loyalty_score"),
    ("churn_probability", "float8", "churn_probability"),
    ("expected_purchases", "float8", "expected_purchases"),
    ("expected_revenue", "float8", "expected_revenue"),
    ("clv", "float8", "clv"),
)
# Partner column (company-dependent) <- stage column
PARTNER_COLUMNS = (
    ("rfm_recency_days", "recency_days"),
    ("rfm_frequency", "purchases"),
    ("rfm_monetary", "monetary"),
    ("rfm_r_score", "r_score"),
    ("rfm_f_score", "f_score"),
    ("rfm_m_score", "m_score"),
    ("rfm_segment", "segment"),
    ("loyalty_score", "loyalty_score"),
    ("churn_probability", "churn_probability"),
    ("expected_purchases", "expected_purchases"),
    ("expected_revenue", "expected_revenue"),
    ("clv", "clv"),
)
# Snapshot column <- stage column
SNAPSHOT_COLUMNS = (
    ("segment", "segment"),
    ("r_score", "r_score"),
    ("f_score", "f_score"),
    ("m_score", "m_score"),
    ("recency_days", "recency_days"),
    ("frequency", "purchases"),
    ("monetary", "monetary"),
    ("loyalty_score", "loyalty_score"),
    ("churn_probability", "churn_probability"),
    ("expected_purchases", "expected_purchases"),
    ("expected_revenue", "expected_revenue"),
    ("clv", "clv"),
)
CHURN_BUCKETS = 10


class CrmRfmRun(models.Model):
    _name = "crm.rfm.run"
    _description = "Customer Scoring Run"
    _order = "started_at desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        default="running",
        required=True,
        readonly=True,
    )
    started_at = fields.Datetime(readonly=True, default=fields.Datetime.now)
    finished_at = fields.Datetime(readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True, digits=(16, 2))
    as_of = fields.Date(readonly=True)
    window_days = fields.Integer(string="Analysis Window (days)", readonly=True)
    partner_count = fields.Integer(string="Customers Scored", readonly=True)
    batch_count = fields.Integer(string="Batches", readonly=True)
    batches_done = fields.Integer(string="Batches Done", readonly=True)
    progress = fields.Float(compute="_compute_progress")
    revenue = fields.Float(readonly=True, digits=(16, 2))
    warnings = fields.Text(readonly=True)
    cut_points = fields.Text(readonly=True, help="Cut points used, per cohort (JSON).")
    bgnbd_status = fields.Char(string="Churn Model", readonly=True)
    gammagamma_status = fields.Char(string="Spend Model", readonly=True)
    param_r = fields.Float("r", readonly=True, digits=(16, 6))
    param_alpha = fields.Float("alpha", readonly=True, digits=(16, 6))
    param_a = fields.Float("a", readonly=True, digits=(16, 6))
    param_b = fields.Float("b", readonly=True, digits=(16, 6))
    param_p = fields.Float("p", readonly=True, digits=(16, 6))
    param_q = fields.Float("q", readonly=True, digits=(16, 6))
    param_v = fields.Float("gamma", readonly=True, digits=(16, 6))
    previous_run_id = fields.Many2one(
        "crm.rfm.run", readonly=True, index="btree_not_null"
    )
    snapshot_ids = fields.One2many("crm.rfm.snapshot", "run_id")
    # Built server side from numbers and translated labels only, every value
    # escaped (markupsafe): no user text reaches these fields unescaped.
    segments_html = fields.Html(
        string="Segment Chart", compute="_compute_dashboard", sanitize=False
    )
    grid_html = fields.Html(
        string="Recency × Frequency Grid", compute="_compute_dashboard", sanitize=False
    )
    churn_html = fields.Html(
        string="Churn Risk Distribution", compute="_compute_dashboard", sanitize=False
    )
    forecast_html = fields.Html(
        string="Forecast Chart", compute="_compute_dashboard", sanitize=False
    )
    cannot_lose_ids = fields.Many2many(
        "crm.rfm.snapshot", compute="_compute_cannot_lose", string="Cannot Lose"
    )

    # ------------------------------------------------------------------ computes
    @api.depends("started_at", "company_id")
    def _compute_name(self):
        for run in self:
            run.name = self.env._(
                "Scoring of %(date)s",
                date=format_datetime(self.env, run.started_at)
                if run.started_at
                else "",
            )

    @api.depends("batch_count", "batches_done", "state")
    def _compute_progress(self):
        for run in self:
            if run.state == "done":
                run.progress = 100.0
            else:
                run.progress = (
                    100.0 * run.batches_done / run.batch_count
                    if run.batch_count
                    else 0.0
                )

    # ------------------------------------------------------------------ running
    @api.model
    def action_run(self):
        """Score every customer of the current company: one set-based query for
        the inputs, crm_insight for the scores, bulk writes in batches. Returns
        the run."""
        self._check_manager()
        return self.sudo()._execute(self.env.company)

    def action_rescore(self):
        """Button of the dashboard: score again and show the new run."""
        self.ensure_one()
        self.check_access("read")
        run = self.with_company(self.company_id).action_run()
        return run._dashboard_action()

    @api.model
    def _cron_score_companies(self):
        """Daily job: every company with scoring inputs, each batch committed."""
        self._check_manager()
        companies = self.env["res.company"].sudo().search([])
        for index, company in enumerate(companies):
            self.sudo().with_context(crm_rfm_commit=True)._execute(company)
            self.env["ir.cron"]._notify_progress(
                done=index + 1, remaining=len(companies) - index - 1
            )

    def _check_manager(self):
        if not (self.env.is_superuser() or self.env.user.has_group(MANAGERS)):
            raise AccessError(
                self.env._("Only CRM relationship administrators can run the scoring.")
            )

    def _commit(self):
        # Only the cron commits, between batches: a killed run keeps what it
        # wrote and the next run rewrites everything from the inputs.
        if self.env.context.get("crm_rfm_commit"):
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _execute(self, company, batch_size=BATCH_SIZE, as_of=None):
        if insight is None:
            raise UserError(
                self.env._("The crm_insight Python package is not installed.")
            )
        runs = self.with_company(company).with_context(
            active_test=False, tracking_disable=True
        )
        cr = self.env.cr
        cr.execute(
            SQL("SELECT pg_try_advisory_lock(%s, %s)", LOCK_NAMESPACE, company.id)
        )
        if not cr.fetchone()[0]:
            raise UserError(
                self.env._(
                    "A scoring run of %(company)s is already going on.",
                    company=company.name,
                )
            )
        try:
            return runs._execute_locked(company, batch_size, as_of)
        finally:
            cr.execute(
                SQL("SELECT pg_advisory_unlock(%s, %s)", LOCK_NAMESPACE, company.id)
            )

    def _execute_locked(self, company, batch_size, as_of=None):
        started = time.perf_counter()
        stale = self.search(
            [("company_id", "=", company.id), ("state", "=", "running")]
        )
        stale.write({"state": "failed", "warnings": self.env._("Interrupted.")})
        previous = self.search(
            [("company_id", "=", company.id), ("state", "=", "done")], limit=1
        )
        as_of = as_of or fields.Date.context_today(self)
        run = self.create(
            {
                "company_id": company.id,
                "as_of": as_of,
                "window_days": company.rfm_window_days,
                "previous_run_id": previous.id,
            }
        )
        self._commit()
        summary = run._fetch_summary(company, as_of)
        satisfaction, complaints = run._fetch_touchpoint_figures(company, summary.index)
        warnings = []
        if summary.empty:
            customers = summary
            warnings.append(
                self.env._("No purchase in the analysis window: nobody was scored.")
            )
            scoring = None
        else:
            scoring = insight.score_customers(
                summary,
                unit=UNIT,
                horizon_days=float(company.rfm_clv_horizon_days),
                cohort="type" if company.rfm_scoring_scope == "per_type" else None,
                cuts=company._rfm_cuts(),
                annual_discount_rate=company.rfm_discount_rate,
                satisfaction=satisfaction,
                complaints=complaints,
            )
            customers = scoring.customers
            warnings += scoring.warnings
        ids = customers.index.to_numpy()
        batches = [ids[i : i + batch_size] for i in range(0, len(ids), batch_size)]
        run.write({"batch_count": len(batches), "partner_count": len(ids)})
        self._commit()
        stamp = fields.Datetime.to_string(run.started_at)
        for number, batch in enumerate(batches, start=1):
            run._write_batch(customers.loc[batch], stamp)
            run.batches_done = number
            self.env["ir.cron"]._notify_progress(
                done=number, remaining=len(batches) - number
            )
            self._commit()
        run._clear_stale_scores()
        run._finish(scoring, customers, warnings, time.perf_counter() - started)
        run._purge_history()
        # scores and snapshots were written in SQL: drop what the cache holds
        self.env.invalidate_all()
        self._commit()
        return run

    # ------------------------------------------------------------------ inputs
    def _documents_sql(self, company, start, end):
        """(partner, day, amount) of every purchase document of the window, in
        the company currency, on the commercial partner."""
        if company.rfm_source == "invoices":
            return SQL(
                """
                SELECT move.commercial_partner_id AS partner_id,
                       move.invoice_date AS day,
                       move.amount_untaxed_signed AS amount
                  FROM account_move move
                 WHERE move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.company_id = %(company)s
                   AND move.invoice_date >= %(start)s AND move.invoice_date <= %(end)s
                """,
                company=company.id,
                start=start,
                end=end,
            )
        amount = SQL("so.amount_untaxed")
        if company.rfm_monetary_basis == "margin":
            amount = SQL("so.margin")
        return SQL(
            """
            SELECT partner.commercial_partner_id AS partner_id,
                   (so.date_order AT TIME ZONE 'UTC')::date AS day,
                   %(amount)s / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount
              FROM sale_order so
              JOIN res_partner partner ON partner.id = so.partner_id
             WHERE so.state = 'sale'
               AND so.company_id = %(company)s
               AND so.date_order >= %(start)s AND so.date_order < %(end_next)s
            """,
            amount=amount,
            company=company.id,
            start=start,
            end_next=end + timedelta(days=1),
        )

    def _summary_sql(self, company, as_of):
        """The one set-based aggregate of a run's inputs: per customer, the
        figures crm_insight.data.summarize computes (a purchase is a day with a
        non-refund document; refunds lower the spend)."""
        start = as_of - timedelta(days=company.rfm_window_days - 1)
        excluded = SQL("FALSE")
        if company.rfm_exclude_internal:
            excluded = SQL("customer.customer_type = 'internal'")
        return SQL(
            """
            WITH documents AS (%(documents)s),
            days AS (
                SELECT partner_id, day, SUM(amount) AS amount,
                       BOOL_OR(amount >= 0) AS bought
                  FROM documents
                 GROUP BY partner_id, day
            ),
            customers AS (
                SELECT partner_id,
                       COUNT(*) FILTER (WHERE bought) AS purchases,
                       MIN(day) FILTER (WHERE bought) AS first_day,
                       MAX(day) FILTER (WHERE bought) AS last_day,
                       SUM(amount) AS monetary,
                       SUM(amount) FILTER (WHERE bought) AS purchase_total,
                       (MIN(ARRAY[day - DATE '2000-01-01', amount])
                            FILTER (WHERE bought))[2] AS first_value
                  FROM days
                 GROUP BY partner_id
            )
            SELECT c.partner_id, c.purchases, c.first_day - DATE '1970-01-01',
                   c.last_day - DATE '1970-01-01', c.monetary, c.purchase_total,
                   c.first_value, customer.customer_type
              FROM customers c
              JOIN res_partner customer ON customer.id = c.partner_id
             WHERE c.purchases > 0
               AND NOT COALESCE(customer.profiling_objection, FALSE)
               AND NOT (%(excluded)s)
            """,
            documents=self._documents_sql(company, start, as_of),
            excluded=excluded,
        )

    def _fetch_summary(self, company, as_of):
        """The crm_insight summary of the company's customers, from SQL."""
        self.env.flush_all()
        rows = self.env.execute_query(self._summary_sql(company, as_of))
        columns = [
            "partner_id",
            "purchases",
            "first",
            "last",
            "monetary",
            "purchase_total",
            "first_value",
            "type",
        ]
        frame = pd.DataFrame(rows, columns=columns)
        summary = summary_from_totals(
            pd.Index(frame["partner_id"].to_numpy(dtype=np.int64), name="customer"),
            purchases=frame["purchases"].to_numpy(dtype=np.int64),
            first_day=frame["first"].to_numpy(dtype=np.int64),
            last_day=frame["last"].to_numpy(dtype=np.int64),
            monetary=frame["monetary"].to_numpy(dtype=float),
            purchase_total=frame["purchase_total"].to_numpy(dtype=float),
            first_value=frame["first_value"].to_numpy(dtype=float),
            as_of_day=(pd.Timestamp(as_of) - pd.Timestamp("1970-01-01")).days,
            unit=UNIT,
        )
        summary["type"] = frame["type"].fillna("consumer").to_numpy()
        return summary.sort_index()

    def _touchpoint_sql(self, company):
        """The second input aggregate: satisfaction and complaints per customer."""
        return SQL(
            """
            SELECT partner_id,
                   AVG(satisfaction_score) FILTER (WHERE satisfaction_score > 0),
                   COUNT(*) FILTER (WHERE kind = 'complaint')
              FROM crm_touchpoint
             WHERE company_id = %s
             GROUP BY partner_id
            """,
            company.id,
        )

    def _fetch_touchpoint_figures(self, company, partner_ids):
        """Average satisfaction and complaints per customer (for loyalty)."""
        if not len(partner_ids):
            return None, None
        rows = self.env.execute_query(self._touchpoint_sql(company))
        if not rows:
            return None, None
        frame = pd.DataFrame(rows, columns=["partner", "satisfaction", "complaints"])
        frame = frame.set_index("partner")
        satisfaction = frame["satisfaction"].astype(float)
        complaints = frame["complaints"].astype(float)
        # customers with no touchpoint have no complaint on record: 0, not unknown
        complaints = complaints.reindex(partner_ids).fillna(0.0)
        return satisfaction, complaints

    # ------------------------------------------------------------------ writing
    @staticmethod
    def _stage_csv(customers):
        """The batch as CSV for COPY: one line per customer, NULL for missing
        figures (a model that did not fit)."""
        frame = pd.DataFrame(index=customers.index)
        for column, kind, key in STAGE_COLUMNS:
            if key not in customers:
                frame[column] = None
            elif kind == "int4":
                frame[column] = customers[key].astype(np.int64)
            elif kind == "float8":
                frame[column] = np.round(customers[key].astype(float), 6)
            else:
                frame[column] = customers[key].astype(str)
        buffer = io.StringIO()
        frame.to_csv(buffer, header=False, na_rep="")
        buffer.seek(0)
        return buffer

    def _write_batch(self, customers, stamp):
        """A constant number of statements per batch, whatever its size: stage
        the scores (COPY), write them into the company's slot of the partners'
        company-dependent columns, and insert this run's snapshots."""
        self.ensure_one()
        company_key = str(self.company_id.id)
        definitions = SQL(", ").join(
            SQL("%s %s", SQL.identifier(column), SQL(kind))
            for column, kind, _k in STAGE_COLUMNS
        )
        self.env.execute_query(
            SQL(
                "CREATE TEMP TABLE IF NOT EXISTS crm_rfm_stage "
                "(partner_id int4 PRIMARY KEY, %s) ON COMMIT DROP",
                definitions,
            )
        )
        self.env.execute_query(SQL("TRUNCATE crm_rfm_stage"))
        self.env.cr.copy_expert(
            "COPY crm_rfm_stage FROM STDIN WITH (FORMAT csv)",
            self._stage_csv(customers),
        )
        assignments = SQL(", ").join(
            SQL(
                "%(column)s = COALESCE(partner.%(column)s, '{}'::jsonb) "
                "|| jsonb_build_object(%(company)s::text, stage.%(source)s)",
                column=SQL.identifier(column),
                source=SQL.identifier(source),
                company=company_key,
            )
            for column, source in PARTNER_COLUMNS
        )
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner AS partner
                   SET %(assignments)s,
                       rfm_scored_at = COALESCE(partner.rfm_scored_at, '{}'::jsonb)
                           || jsonb_build_object(%(company)s::text, %(stamp)s::text)
                  FROM crm_rfm_stage stage
                 WHERE partner.id = stage.partner_id
                """,
                assignments=assignments,
                company=company_key,
                stamp=stamp,
            )
        )
        self.env.execute_query(
            SQL(
                """
                INSERT INTO crm_rfm_snapshot (run_id, partner_id, %(names)s)
                SELECT %(run)s, stage.partner_id, %(sources)s
                  FROM crm_rfm_stage stage
                """,
                names=SQL(", ").join(SQL.identifier(c) for c, _s in SNAPSHOT_COLUMNS),
                sources=SQL(", ").join(
                    SQL("stage.%s", SQL.identifier(source))
                    for _c, source in SNAPSHOT_COLUMNS
                ),
                run=self.id,
            )
        )

    def _clear_stale_scores(self):
        """Customers scored by an earlier run but not by this one (no purchase
        in the window any more, objection to profiling, internal) lose this
        company's scores."""
        company_key = str(self.company_id.id)
        removals = SQL(", ").join(
            SQL(
                "%(column)s = partner.%(column)s - %(company)s",
                column=SQL.identifier(column),
                company=company_key,
            )
            for column in [c for c, _source in PARTNER_COLUMNS] + ["rfm_scored_at"]
        )
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner AS partner SET %(removals)s
                 WHERE partner.rfm_scored_at ? %(company)s
                   AND NOT EXISTS (SELECT 1 FROM crm_rfm_snapshot snapshot
                                    WHERE snapshot.run_id = %(run)s
                                      AND snapshot.partner_id = partner.id)
                """,
                removals=removals,
                company=company_key,
                run=self.id,
            )
        )

    def _finish(self, scoring, customers, warnings, duration):
        values = {
            "state": "done",
            "finished_at": fields.Datetime.now(),
            "duration": duration,
            "warnings": "\n".join(warnings) or False,
            "revenue": float(customers["monetary"].sum()) if len(customers) else 0.0,
        }
        if scoring is not None:
            values["cut_points"] = json.dumps(scoring.rfm.cut_points, default=str)
            values["bgnbd_status"] = scoring.bgnbd.status
            values["gammagamma_status"] = scoring.gammagamma.status
            for name, value in scoring.bgnbd.params.items():
                values[f"param_{name}"] = value
            for name, value in scoring.gammagamma.params.items():
                values[f"param_{name}"] = value
        self.write(values)
        _logger.info(
            "crm_rfm: scored %s customers of %s in %.1f s",
            len(customers),
            self.company_id.name,
            duration,
        )

    def _purge_history(self):
        """Drop the snapshots of failed runs and of runs older than the
        company's history period, and those old runs (the latest done run
        always stays; failed runs stay listed until they are old)."""
        limit = fields.Datetime.now() - timedelta(days=self.company_id.rfm_history_days)
        company_runs = [("company_id", "=", self.company_id.id), ("id", "!=", self.id)]
        old = self.search(company_runs + [("started_at", "<", limit)])
        failed = self.search(company_runs + [("state", "=", "failed")])
        if old | failed:
            self.env.execute_query(
                SQL(
                    "DELETE FROM crm_rfm_snapshot WHERE run_id = ANY(%s)",
                    (old | failed).ids,
                )
            )
        if old:
            self.search([("previous_run_id", "in", old.ids)]).previous_run_id = False
            old.unlink()

    # ------------------------------------------------------------------ dashboard
    @api.model
    def action_open_dashboard(self):
        """The latest scoring of the current company."""
        run = self.search(
            [("company_id", "=", self.env.company.id), ("state", "=", "done")], limit=1
        )
        if not run:
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "crm_rfm.crm_rfm_run_action"
            )
            action["help"] = Markup(
                "<p class='o_view_nocontent_smiling_face'>%s</p><p>%s</p>"
            ) % (
                self.env._("No scoring yet"),
                self.env._(
                    "Customers are scored every night. CRM administrators can run "
                    "the scoring now with the Score Customers button."
                ),
            )
            return action
        return run._dashboard_action()

    @api.model
    def action_open_latest_migration(self):
        """Segment migration of the latest scoring against the one before."""
        run = self.search(
            [("company_id", "=", self.env.company.id), ("state", "=", "done")], limit=1
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_rfm.crm_rfm_movement_action"
        )
        action["domain"] = [("run_id", "=", run.id)]
        return action

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
    def _html_bars(self, rows, money=None):
        """A small bar chart as an HTML table: rows of (label, value[, extra])."""
        top = max((row[1] for row in rows), default=0) or 1
        body = Markup()
        for label, value, *extra in rows:
            width = round(100.0 * value / top, 1)
            shown = (
                money.format(value) if money else f"{value:,}".replace(",", "\u202f")
            )
            body += Markup(
                "<tr><td class='pe-2 text-nowrap'>%s</td>"
                "<td class='w-100'><div class='bg-primary rounded' "
                "style='height: 0.9rem; width: %s%%; min-width: 2px'></div></td>"
                "<td class='ps-2 text-end text-nowrap'>%s</td>%s</tr>"
            ) % (
                label,
                width,
                shown,
                Markup("").join(
                    Markup("<td class='ps-3 text-end text-nowrap'>%s</td>") % e
                    for e in extra
                ),
            )
        return (
            Markup("<table class='table table-sm table-borderless mb-0'>%s</table>")
            % body
        )

    @api.depends_context("lang")
    def _compute_dashboard(self):
        labels = dict(
            self.env["res.partner"]
            ._fields["rfm_segment"]
            ._description_selection(self.env)
        )
        Snapshot = self.env["crm.rfm.snapshot"]
        for run in self:
            if not run.id or run.state != "done":
                run.update(
                    {
                        "segments_html": False,
                        "grid_html": False,
                        "churn_html": False,
                        "forecast_html": False,
                    }
                )
                continue
            currency = run.currency_id
            domain = [("run_id", "=", run.id)]
            segments = {
                segment: (count, revenue, expected)
                for segment, count, revenue, expected in Snapshot._read_group(
                    domain,
                    ["segment"],
                    ["__count", "monetary:sum", "expected_revenue:sum"],
                )
            }
            total = sum(revenue or 0.0 for _c, revenue, _e in segments.values()) or 1.0
            segment_rows, forecast_rows = [], []
            for key, _label in SEGMENTS:
                count, revenue, expected = segments.get(key, (0, 0.0, 0.0))
                revenue = revenue or 0.0
                segment_rows.append(
                    (
                        labels[key],
                        count,
                        currency.format(revenue),
                        f"{100.0 * revenue / total:.1f}%",
                    )
                )
                forecast_rows.append((labels[key], round(expected or 0.0, 2)))
            run.segments_html = run._html_bars(segment_rows)
            run.forecast_html = run._html_bars(forecast_rows, money=currency)
            grid = {
                (r, f): (count, revenue)
                for r, f, count, revenue in Snapshot._read_group(
                    domain, ["r_score", "f_score"], ["__count", "monetary:sum"]
                )
            }
            run.grid_html = run._grid_table(grid, currency)
            buckets = _buckets(
                self.env.execute_query(
                    SQL(
                        """
                        SELECT LEAST(FLOOR(churn_probability * %s)::int, %s - 1),
                               COUNT(*)
                          FROM crm_rfm_snapshot
                         WHERE run_id = %s AND churn_probability IS NOT NULL
                         GROUP BY 1
                        """,
                        CHURN_BUCKETS,
                        CHURN_BUCKETS,
                        run.id,
                    )
                )
            )
            step = 100 // CHURN_BUCKETS
            run.churn_html = run._html_bars(
                [
                    (f"{i * step}–{(i + 1) * step}%", buckets.get(i, 0))
                    for i in range(CHURN_BUCKETS)
                ]
            )

    def _grid_table(self, grid, currency):
        header = Markup("").join(
            Markup("<th class='text-center'>F = %s</th>") % f for f in range(1, 6)
        )
        top = max((count for count, _revenue in grid.values()), default=0) or 1
        rows = Markup()
        for r in range(5, 0, -1):
            cells = Markup()
            for f in range(1, 6):
                count, revenue = grid.get((r, f), (0, 0.0))
                alpha = round(0.08 + 0.6 * count / top, 2)
                cells += Markup(
                    "<td class='text-center' "
                    "style='background: rgba(113, 75, 103, %s)'>"
                    "<div class='fw-bold'>%s</div><div class='small'>%s</div></td>"
                ) % (alpha, count, currency.format(revenue or 0.0))
            rows += Markup("<tr><th class='text-nowrap'>R = %s</th>%s</tr>") % (
                r,
                cells,
            )
        return Markup(
            "<table class='table table-sm table-bordered mb-0'><thead><tr><th></th>%s"
            "</tr></thead><tbody>%s</tbody></table>"
        ) % (header, rows)

    def _compute_cannot_lose(self):
        """The biggest spenders who are slipping away: spend in the top 20% of
        the run and a churn risk of 50% or more; the 50 largest first."""
        for run in self:
            if not run.id or run.state != "done":
                run.cannot_lose_ids = False
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
            run.cannot_lose_ids = [row[0] for row in rows]

    def action_schedule_retention_calls(self):
        """A call activity for the salesperson of each "cannot lose" customer;
        customers with such an open activity already get no second one."""
        self.ensure_one()
        self.check_access("read")
        activity_type = self.env.ref("mail.mail_activity_data_call")
        partners = self.cannot_lose_ids.partner_id.filtered(
            lambda p: not p.profiling_objection
        )
        open_activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        already = set(open_activities.mapped("res_id"))
        created = 0
        summary = self.env._("Retention call: high value, high churn risk")
        for partner in partners:
            if partner.id in already:
                continue
            partner.activity_schedule(
                activity_type_id=activity_type.id,
                summary=summary,
                user_id=(partner.user_id or self.env.user).id,
                date_deadline=fields.Date.context_today(self) + timedelta(days=2),
            )
            created += 1
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(created)s call(s) scheduled; "
                    "%(skipped)s customer(s) already had one.",
                    created=created,
                    skipped=len(partners) - created,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_open_segment_migration(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_rfm.crm_rfm_movement_action"
        )
        action["domain"] = [("run_id", "=", self.id)]
        return action

    def action_open_customers(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_rfm.res_partner_action_customer_value"
        )
        return action

    def action_export_xlsx(self):
        """Every customer scored by this run, in a spreadsheet."""
        self.ensure_one()
        self.check_access("read")
        export = self.env["crm.rfm.export"].create({"run_id": self.id})
        return export._download_action()

    # ------------------------------------------------------------------ demo
    @api.model
    def _demo_populate(self, profiles):
        """Demo data: two years of confirmed orders for the demo customers,
        shaped so that every segment has members, then a scoring a month ago
        and one today (for segment migration).

        ``profiles``: {partner xmlid: (orders, days since the last, days between
        orders, amount)}.
        """
        product = self.env["product.product"].search(
            [("sale_ok", "=", True), ("type", "=", "consu")], limit=1
        ) or self.env["product.product"].search([("sale_ok", "=", True)], limit=1)
        now = fields.Datetime.now()
        company = self.env.company
        salesperson = self.env.ref("base.user_admin")
        orders = self.env["sale.order"]
        for xmlid, (count, last, spacing, amount) in profiles.items():
            partner = self.env.ref(xmlid)
            for index in range(count):
                days = min(last + index * spacing, 720)
                order = self.env["sale.order"].create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "user_id": salesperson.id,
                        "order_line": [
                            (
                                0,
                                0,
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": 1,
                                    "price_unit": amount * (0.8 + 0.1 * (index % 5)),
                                    "tax_id": [(5, 0, 0)],
                                },
                            )
                        ],
                    }
                )
                order.action_confirm()
                order.date_order = now - timedelta(days=days, hours=index)
                orders |= order
        # the purchase touchpoints follow their orders back in time
        touchpoints = self.env["crm.touchpoint"].search(
            [("res_model", "=", "sale.order"), ("res_id", "in", orders.ids)]
        )
        for touchpoint in touchpoints:
            touchpoint.date = orders.browse(touchpoint.res_id).date_order
        today = fields.Date.context_today(self)
        self._execute(company, as_of=today - timedelta(days=30))
        return self._execute(company)


def _buckets(rows):
    return {int(bucket): int(count) for bucket, count in rows}
