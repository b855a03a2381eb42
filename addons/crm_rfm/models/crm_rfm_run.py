# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The scoring run: its state, the company's lock and the two ways to run it.

- ``action_run()`` scores now, in the caller's transaction (scripts,
  integrations, the demo data). The company's lock is a transaction lock: it
  ends with the caller's transaction, whatever happens.
- *Score Customers* in the web client and the nightly job queue a run; the cron
  worker executes it in committed steps (inputs, each batch, the end). A step
  that meets a serialization failure (a customer edited meanwhile) is rolled
  back and run again. The worker holds the company's lock for the whole run
  and releases it after rolling back, so an error never hides behind
  "current transaction is aborted" and never leaves the lock behind. A run
  whose worker died is marked failed by the next tick of the queue.

The run is one model made of parts, one file each: the inputs
(``crm_rfm_run_inputs.py``), the bulk writes (``crm_rfm_run_writes.py``) and
the churn and spend models with their forecasts (``crm_rfm_run_models.py``)
and the dashboard with its buttons (``crm_rfm_run_dashboard.py``) are abstract
models that crm.rfm.run inherits.
"""

import logging
import random
import time
from contextlib import contextmanager

from psycopg2.extensions import TransactionRollbackError

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .scores import MANAGERS

_logger = logging.getLogger(__name__)

BATCH_SIZE = 100_000
# Advisory lock namespace of scoring runs (one run per company at a time).
LOCK_NAMESPACE = 0x52464D  # "RFM"
# How many times a committed step that met a serialization failure is run.
MAX_ATTEMPTS = 5
QUEUE_CRON = "crm_rfm.ir_cron_crm_rfm_queue"


class CrmRfmRun(models.Model):
    _name = "crm.rfm.run"
    _inherit = [
        "crm.rfm.run.inputs",
        "crm.rfm.run.writes",
        "crm.rfm.run.models",
        "crm.rfm.run.dashboard",
    ]
    _description = "Customer Scoring Run"
    _order = "started_at desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=True,
        help="When the run started (date and time), to find a run in the lists.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="queued",
        required=True,
        readonly=True,
        index=True,
    )
    started_at = fields.Datetime(readonly=True, default=fields.Datetime.now)
    finished_at = fields.Datetime(readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True, digits=(16, 2))
    as_of = fields.Date(readonly=True)
    window_days = fields.Integer(string="Analysis Window (days)", readonly=True)
    partner_count = fields.Integer(string="Customers Scored", readonly=True)
    batch_count = fields.Integer(string="Batches", readonly=True)
    batches_done = fields.Integer(readonly=True)
    progress = fields.Float(compute="_compute_progress")
    revenue = fields.Float(
        string="Total Spend",
        readonly=True,
        digits=(16, 2),
        help="Net spend of the customers scored, over the analysis window.",
    )
    error = fields.Text(
        string="Reason for Failure", readonly=True, help="Why the run failed."
    )
    cut_points = fields.Text(readonly=True, help="Cut points used, per cohort (JSON).")
    param_r = fields.Float("r", readonly=True, digits=(16, 6))
    param_alpha = fields.Float("alpha", readonly=True, digits=(16, 6))
    param_a = fields.Float("a", readonly=True, digits=(16, 6))
    param_b = fields.Float("b", readonly=True, digits=(16, 6))
    param_p = fields.Float("p", readonly=True, digits=(16, 6))
    param_q = fields.Float("q", readonly=True, digits=(16, 6))
    param_v = fields.Float("gamma (scale)", readonly=True, digits=(16, 6))
    previous_run_id = fields.Many2one(
        "crm.rfm.run", readonly=True, index="btree_not_null"
    )
    snapshot_ids = fields.One2many("crm.rfm.snapshot", "run_id")

    @api.depends("started_at")
    def _compute_name(self):
        # Stored, in the timezone of whoever starts the run: searchable text
        # ("2026-03-01") that reads the same in every language.
        for run in self:
            started = run.started_at and fields.Datetime.context_timestamp(
                run, run.started_at
            )
            run.name = started.strftime("%Y-%m-%d %H:%M") if started else False

    @api.depends("batch_count", "batches_done", "state")
    def _compute_progress(self):
        for run in self:
            if run.state == "done":
                run.progress = 100.0
            elif run.batch_count:
                run.progress = 100.0 * run.batches_done / run.batch_count
            else:
                run.progress = 0.0

    # ------------------------------------------------------------------ access
    def _check_manager(self):
        """Scoring is configured and run by CRM relationship administrators."""
        if not (self.env.is_superuser() or self.env.user.has_group(MANAGERS)):
            raise AccessError(
                self.env._("Only CRM relationship administrators can run the scoring.")
            )

    # ------------------------------------------------------------------ entry points
    @api.model
    def action_run(self):
        """Score every customer of the current company now, in this
        transaction, and return the run (for scripts and integrations)."""
        self._check_manager()
        return self.sudo()._execute(self.env.company)

    @api.model
    def action_score_customers(self):
        """Score Customers (menu and dashboard): queue a scoring of the current
        company for the cron worker and show it, with its progress."""
        self._check_manager()
        run = self.sudo()._enqueue(self.env.company)
        return run.with_env(self.env)._dashboard_action()

    def action_rescore(self):
        """The dashboard's Score Customers button: score this run's company."""
        self.ensure_one()
        self.check_access("read")
        return self.with_company(self.company_id).action_score_customers()

    @api.model
    def _cron_score_companies(self):
        """Nightly job: queue a run for every company and execute the queue."""
        self._check_manager()
        for company in self.env["res.company"].sudo().search([]):
            self.sudo()._enqueue(company, trigger=False)
        self._cron_process_queue()

    @api.model
    def _cron_process_queue(self):
        """Each tick of the queue: fail the runs whose worker died, then
        execute the queued runs, oldest first, each in committed batches."""
        self._check_manager()
        runs = self.sudo().with_context(active_test=False, tracking_disable=True)
        runs._fail_dead_runs()
        done = 0
        for run in runs.search([("state", "=", "queued")], order="id"):
            done += run._execute_queued()
        self.env["ir.cron"]._notify_progress(done=done, remaining=0)

    # ------------------------------------------------------------------ locking
    def _lock_for_transaction(self, company):
        """The company's lock until the end of the current transaction."""
        return self.env.execute_query(
            SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", LOCK_NAMESPACE, company.id)
        )[0][0]

    def _lock_for_session(self, company):
        """The company's lock across the commits of a queued run, until
        :meth:`_unlock_session` (or the end of the database session)."""
        return self.env.execute_query(
            SQL("SELECT pg_try_advisory_lock(%s, %s)", LOCK_NAMESPACE, company.id)
        )[0][0]

    def _unlock_session(self, company):
        self.env.execute_query(
            SQL("SELECT pg_advisory_unlock(%s, %s)", LOCK_NAMESPACE, company.id)
        )

    def _already_running(self, company):
        return UserError(
            self.env._(
                "A scoring run of %(company)s is already going on.",
                company=company.name,
            )
        )

    # ------------------------------------------------------------------ synchronous
    def _execute(self, company, batch_size=None, as_of=None):
        """Score ``company`` now, in the current transaction."""
        self._check_insight()
        if not self._lock_for_transaction(company):
            raise self._already_running(company)
        runs = self.with_company(company).with_context(
            active_test=False, tracking_disable=True
        )
        run = runs.create({"company_id": company.id, "state": "running"})
        run._start(as_of)
        run._score(batch_size or self._batch_size(), run._in_transaction)
        return run

    def _in_transaction(self, work):
        return work()

    # ------------------------------------------------------------------ queued
    def _enqueue(self, company, trigger=True):
        """The company's queued (or running) run, or a new queued one."""
        pending = self.search(
            [("company_id", "=", company.id), ("state", "in", ("queued", "running"))],
            limit=1,
        )
        run = pending or self.create({"company_id": company.id, "state": "queued"})
        if trigger:
            # also when a run is pending: the tick fails it if its worker died
            self.env.ref(QUEUE_CRON)._trigger()
        return run

    def _execute_queued(self):
        """Execute this queued run in committed steps; return 1 if it was
        executed (done or failed), 0 if its company is busy (next tick)."""
        self.ensure_one()
        cr = self.env.cr
        company = self.company_id
        with self._holding_company(company) as held:
            self.invalidate_recordset(["state"])
            if not held or self.state != "queued":  # busy, or done meanwhile
                return 0
            try:
                self._in_committed_transaction(self._start)
                self._score(self._batch_size(), self._in_committed_transaction)
            except Exception as error:  # whatever it is, the run says it
                cr.rollback()
                _logger.exception(
                    "crm_rfm: scoring run %s of %s failed", self.id, company.name
                )
                self.write(
                    {
                        "state": "failed",
                        "finished_at": fields.Datetime.now(),
                        "error": _error_text(error),
                    }
                )
                cr.commit()  # pylint: disable=invalid-commit
        return 1

    @contextmanager
    def _holding_company(self, company):
        """Hold the company's lock across commits (cron worker only): yields
        False when another process holds it. Once held, a new transaction
        starts, which sees all the lock's last holder committed. The lock is
        released after a rollback, whatever happens: an aborted transaction
        would refuse the unlock and leave the lock to a pooled connection."""
        cr = self.env.cr
        if not self._lock_for_session(company):
            cr.rollback()
            yield False
            return
        cr.commit()  # pylint: disable=invalid-commit
        try:
            yield True
        finally:
            cr.rollback()
            self._unlock_session(company)
            cr.commit()  # pylint: disable=invalid-commit

    def _in_committed_transaction(self, work):
        """Run ``work`` and commit it. A serialization failure (a customer
        updated by someone else since this transaction began) rolls the step
        back and runs it again in a new transaction, which sees the update."""
        cr = self.env.cr
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                result = work()
                self.env.flush_all()
                cr.commit()  # pylint: disable=invalid-commit
                return result
            except TransactionRollbackError as error:
                cr.rollback()
                if attempt == MAX_ATTEMPTS:
                    raise
                _logger.info(
                    "crm_rfm: run %s met a serialization failure (%s); "
                    "attempt %s of %s",
                    self.id,
                    str(error).strip(),
                    attempt + 1,
                    MAX_ATTEMPTS,
                )
                time.sleep(random.uniform(0.2, 1.0) * attempt)

    def _fail_dead_runs(self):
        """Runs left "running" by a worker that died: nobody holds their
        company's lock any more (a live worker holds it until the end)."""
        for company in self.search([("state", "=", "running")]).company_id:
            with self._holding_company(company) as held:
                if not held:
                    continue
                dead = self.search(
                    [("company_id", "=", company.id), ("state", "=", "running")]
                )
                for run in dead:
                    run.write(
                        {
                            "state": "failed",
                            "finished_at": fields.Datetime.now(),
                            "error": self.env._(
                                "The process running this scoring stopped (killed "
                                "or restarted) after %(done)s of %(count)s batches. "
                                "Score the customers again.",
                                done=run.batches_done,
                                count=run.batch_count,
                            ),
                        }
                    )
                self.env.cr.commit()  # pylint: disable=invalid-commit

    # ------------------------------------------------------------------ the run
    def _start(self, as_of=None):
        """Mark the run running (under the company's lock: any other run
        still "running" was interrupted) and fix what it scores."""
        self.ensure_one()
        company = self.company_id
        interrupted = self.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "running"),
                ("id", "!=", self.id),
            ]
        )
        interrupted.write(
            {
                "state": "failed",
                "error": self.env._(
                    "Interrupted: the process running this scoring stopped."
                ),
            }
        )
        previous = self.search(
            [("company_id", "=", company.id), ("state", "=", "done")], limit=1
        )
        self.write(
            {
                "state": "running",
                "started_at": fields.Datetime.now(),
                "as_of": as_of or fields.Date.context_today(self),
                "window_days": company.rfm_window_days,
                "previous_run_id": previous.id,
                "batches_done": 0,
                "error": False,
            }
        )

    def _score(self, batch_size, step):
        """Inputs, scores and writes, each unit of work through ``step``
        (in the transaction, or committed and retried)."""
        started = time.perf_counter()
        customers, scoring, warnings = step(lambda: self._prepare(batch_size))
        ids = customers.index.to_numpy()
        batches = [ids[i : i + batch_size] for i in range(0, len(ids), batch_size)]
        stamp = fields.Datetime.to_string(self.started_at)
        for number, batch in enumerate(batches, start=1):
            step(
                lambda batch=batch, number=number: self._write_batch_step(
                    customers.loc[batch], stamp, number, len(batches)
                )
            )
        step(
            lambda: self._conclude(
                scoring, customers, warnings, time.perf_counter() - started
            )
        )

    def _write_batch_step(self, customers, stamp, number, total):
        self._write_batch(customers, stamp)
        self.batches_done = number
        self.env["ir.cron"]._notify_progress(done=number, remaining=total - number)

    def _batch_size(self):
        value = self.env["ir.config_parameter"].sudo().get_param("crm_rfm.batch_size")
        return max(int(value), 1) if value and value.isdigit() else BATCH_SIZE


def _error_text(error):
    """The error as the run shows it: its type and its own message."""
    message = str(error).strip() or repr(error)
    return f"{type(error).__name__}: {message}"
