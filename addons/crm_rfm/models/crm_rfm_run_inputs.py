# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The inputs of a scoring run: two set-based aggregates (purchases, and
satisfaction and complaints) turned into crm_insight's summary, then scored."""

from datetime import timedelta

import numpy as np
import pandas as pd

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

try:
    from crm_insight import analysis as insight
    from crm_insight import churn as insight_churn
    from crm_insight.data import summary_from_totals
except ImportError:  # pragma: no cover - reported by external_dependencies
    insight = insight_churn = summary_from_totals = None

UNIT = "week"


class CrmRfmRunInputs(models.AbstractModel):
    """The inputs part of crm.rfm.run."""

    _name = "crm.rfm.run.inputs"
    _description = "Customer Scoring Run: Inputs"

    def _check_insight(self):
        if insight is None:
            raise UserError(
                self.env._("The crm_insight Python package is not installed.")
            )

    def _prepare(self, batch_size):
        """Read the inputs, score them; return (customers, scoring, warnings)."""
        company = self.company_id
        summary = self._fetch_summary(company, self.as_of)
        satisfaction, complaints = self._fetch_touchpoint_figures(
            company, summary.index
        )
        warnings = []
        scoring = None
        customers = summary
        if summary.empty:
            warnings.append({"code": "no_purchase", "params": {}})
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
                holdout=self._fetch_holdout(company, summary),
            )
            customers = scoring.customers
            warnings += scoring.messages
        self.write(
            {
                "partner_count": len(customers),
                "batch_count": -(-len(customers) // batch_size),
            }
        )
        return customers, scoring, warnings

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

    def _days_sql(self, company, as_of):
        """(partner, day, amount, bought) per customer-day of the window: a
        purchase day is a day with a non-refund document."""
        start = as_of - timedelta(days=company.rfm_window_days - 1)
        return SQL(
            """
            SELECT partner_id, day, SUM(amount) AS amount,
                   BOOL_OR(amount >= 0) AS bought
              FROM (%(documents)s) documents
             GROUP BY partner_id, day
            """,
            documents=self._documents_sql(company, start, as_of),
        )

    def _summary_sql(self, company, as_of):
        """The one set-based aggregate of a run's inputs: per customer, the
        figures crm_insight.data.summarize computes (a purchase is a day with a
        non-refund document; refunds lower the spend)."""
        excluded = SQL("FALSE")
        if company.rfm_exclude_internal:
            excluded = SQL("customer.customer_type = 'internal'")
        return SQL(
            """
            WITH days AS (%(days)s),
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
            days=self._days_sql(company, as_of),
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

    def _fetch_holdout(self, company, summary):
        """crm_insight's hold-out of the scored customers (the churn model is
        chosen on it), or None when the data span too few days: per customer,
        purchase days up to the split day and after it, and the purchases of
        each hold-out week (two aggregates over the same purchase days)."""
        as_of_day = (pd.Timestamp(self.as_of) - pd.Timestamp("1970-01-01")).days
        first_days = (
            summary["first_purchase"].to_numpy().astype("datetime64[D]").astype(int)
        )
        split, days = insight_churn.split_day(first_days, as_of_day)
        if split is None:
            return None
        split_date = SQL("(DATE '1970-01-01' + %s)", split)
        # one statement, one pass over the purchase days: the calibration
        # totals per customer ('c' rows) and the hold-out weeks ('w' rows)
        rows = self.env.execute_query(
            SQL(
                """
                WITH days AS (%(days)s),
                bought AS (
                    SELECT days.partner_id, days.day
                      FROM days
                      JOIN unnest(%(partners)s::int4[]) AS scored(partner_id)
                           ON scored.partner_id = days.partner_id
                     WHERE days.bought
                ),
                calibration AS (
                    SELECT partner_id,
                           COUNT(*) FILTER (WHERE day <= %(split)s) AS purchases,
                           COUNT(*) FILTER (WHERE day > %(split)s) AS holdout,
                           MIN(day) FILTER (WHERE day <= %(split)s)
                               - DATE '1970-01-01' AS first_day,
                           MAX(day) FILTER (WHERE day <= %(split)s)
                               - DATE '1970-01-01' AS last_day
                      FROM bought
                     GROUP BY partner_id
                    HAVING COUNT(*) FILTER (WHERE day <= %(split)s) > 0
                )
                SELECT 'c', partner_id, purchases, holdout, first_day, last_day
                  FROM calibration
                 UNION ALL
                SELECT 'w', NULL, (bought.day - %(split)s - 1) / 7, COUNT(*),
                       NULL, NULL
                  FROM bought
                  JOIN calibration ON calibration.partner_id = bought.partner_id
                 WHERE bought.day > %(split)s
                 GROUP BY 3
                """,
                days=self._days_sql(company, self.as_of),
                split=split_date,
                partners=[int(i) for i in summary.index],
            )
        )
        totals = sorted(row[1:] for row in rows if row[0] == "c")
        if not totals:
            return None
        frame = pd.DataFrame(
            totals, columns=["partner", "purchases", "holdout", "first", "last"]
        )
        weeks = days // 7
        weekly = np.zeros(weeks)
        for kind, _partner, week, count, _first, _last in rows:
            if kind == "w" and 0 <= week < weeks:
                weekly[week] = count
        return insight_churn.holdout_from_totals(
            pd.Index(frame["partner"].to_numpy(dtype=np.int64), name="customer"),
            purchases=frame["purchases"].to_numpy(dtype=np.int64),
            first_day=frame["first"].to_numpy(dtype=np.int64),
            last_day=frame["last"].to_numpy(dtype=np.int64),
            holdout_purchases=frame["holdout"].to_numpy(dtype=float),
            split_day=split,
            end_day=as_of_day,
            weekly_purchases=weekly,
            unit=UNIT,
        )

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
