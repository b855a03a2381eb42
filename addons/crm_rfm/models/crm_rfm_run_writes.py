# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The writes of a scoring run: scores and snapshots in bulk, a constant
number of statements per batch; then the end of the run (stale scores, the
run's figures, the history purge)."""

import io
import json
import logging
from datetime import timedelta

import numpy as np
import pandas as pd

from odoo import fields, models
from odoo.tools import SQL

from .scores import PARTNER_SCORE_FIELDS, SCORE_COLUMNS

_logger = logging.getLogger(__name__)


class CrmRfmRunWrites(models.AbstractModel):
    """The writes part of crm.rfm.run."""

    _name = "crm.rfm.run.writes"
    _description = "Customer Scoring Run: Writes"

    @staticmethod
    def _stage_csv(customers):
        """The batch as CSV for COPY: one line per customer, NULL for missing
        figures (a model that did not fit)."""
        frame = pd.DataFrame(index=customers.index)
        for column in SCORE_COLUMNS:
            key = column.key
            if key not in customers:
                frame[key] = None
            elif column.sql_type == "int4":
                frame[key] = customers[key].astype(np.int64)
            elif column.sql_type == "float8":
                frame[key] = np.round(customers[key].astype(float), 6)
            else:
                frame[key] = customers[key].astype(str)
        buffer = io.StringIO()
        frame.to_csv(buffer, header=False, na_rep="")
        buffer.seek(0)
        return buffer

    def _write_batch(self, customers, stamp):
        """A constant number of statements per batch, whatever its size: stage
        the scores (COPY, one streamed statement rather than a query text of a
        million literals), write them into the company's slot of the partners'
        company-dependent columns, and insert this run's snapshots."""
        self.ensure_one()
        cr = self.env.cr
        company_key = str(self.company_id.id)
        definitions = SQL(", ").join(
            SQL("%s %s", SQL.identifier(column.key), SQL(column.sql_type))
            for column in SCORE_COLUMNS
        )
        self.env.execute_query(
            SQL(
                "CREATE TEMP TABLE IF NOT EXISTS crm_rfm_stage "
                "(partner_id int4 PRIMARY KEY, %s) ON COMMIT DROP",
                definitions,
            )
        )
        self.env.execute_query(SQL("TRUNCATE crm_rfm_stage"))
        cr.copy_expert(
            "COPY crm_rfm_stage FROM STDIN WITH (FORMAT csv)",
            self._stage_csv(customers),
        )
        assignments = SQL(", ").join(
            SQL(
                "%(column)s = COALESCE(partner.%(column)s, '{}'::jsonb) "
                "|| jsonb_build_object(%(company)s::text, stage.%(source)s)",
                column=SQL.identifier(column.partner_field),
                source=SQL.identifier(column.key),
                company=company_key,
            )
            for column in SCORE_COLUMNS
        )
        # A customer edited and committed by someone else during this
        # transaction makes this UPDATE fail with a serialization failure,
        # which the queued run retries: no "bad query" error in the log.
        cr.execute(
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
            ),
            log_exceptions=False,
        )
        # Only customers that still exist: one merged away since the inputs
        # were read has no snapshot (its orders are the survivor's now).
        cr.execute(
            SQL(
                """
                INSERT INTO crm_rfm_snapshot (run_id, partner_id, %(names)s)
                SELECT %(run)s, stage.partner_id, %(sources)s
                  FROM crm_rfm_stage stage
                  JOIN res_partner partner ON partner.id = stage.partner_id
                """,
                names=SQL(", ").join(
                    SQL.identifier(column.snapshot_field) for column in SCORE_COLUMNS
                ),
                sources=SQL(", ").join(
                    SQL("stage.%s", SQL.identifier(column.key))
                    for column in SCORE_COLUMNS
                ),
                run=self.id,
            ),
            log_exceptions=False,
        )

    def _conclude(self, scoring, customers, warnings, duration):
        self._clear_stale_scores()
        self._finish(scoring, customers, warnings, duration)
        self._purge_history()
        # scores and snapshots were written in SQL: drop what the cache holds
        self.env.invalidate_all()

    def _clear_stale_scores(self):
        """Customers scored by an earlier run but not by this one (no purchase
        in the window any more, objection to profiling, internal) lose this
        company's scores."""
        company_key = str(self.company_id.id)
        removals = SQL(", ").join(
            SQL(
                "%(column)s = partner.%(column)s - %(company)s",
                column=SQL.identifier(name),
                company=company_key,
            )
            for name in PARTNER_SCORE_FIELDS
        )
        self.env.cr.execute(
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
            ),
            log_exceptions=False,
        )

    def _finish(self, scoring, customers, warnings, duration):
        values = {
            "state": "done",
            "finished_at": fields.Datetime.now(),
            "duration": duration,
            # crm_insight's codes and parameters, shown in the reader's language
            "messages": json.loads(json.dumps(warnings, default=_plain)),
            "revenue": float(customers["monetary"].sum()) if len(customers) else 0.0,
        }
        if scoring is not None:
            values["cut_points"] = json.dumps(scoring.rfm.cut_points, default=str)
            values.update(self._model_values(scoring))
            self._store_forecasts(scoring)
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


def _plain(value):
    """JSON for what crm_insight's parameters hold (numpy numbers, dates)."""
    if hasattr(value, "item"):
        return value.item()
    return str(value)
