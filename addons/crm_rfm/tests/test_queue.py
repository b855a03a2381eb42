# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from unittest.mock import patch

import psycopg2

from odoo import sql_db
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.crm_rfm_run import LOCK_NAMESPACE
from .common import CommittedCase

QUEUE = "crm_rfm.ir_cron_crm_rfm_queue"


@tagged("post_install", "-at_install", "crm_rfm")
class TestQueuedRuns(CommittedCase):
    """ "Score Customers" from the web client queues a run; the cron worker
    executes it in committed batches, as the nightly job does."""

    def _click_score_customers(self):
        with self._env(user=self.manager_id) as env:
            company = env["res.company"].browse(self.company_id)
            action = (
                env["crm.rfm.run"]
                .with_company(company)
                .with_context(allowed_company_ids=company.ids)
                .action_score_customers()
            )
            return env["crm.rfm.run"].browse(action["res_id"]).id

    def _run_values(self, run_id, *names):
        with self._env() as env:
            run = env["crm.rfm.run"].browse(run_id)
            return tuple(run[name] for name in names)

    def _scored(self):
        with self._env() as env:
            partners = (
                env["res.partner"]
                .browse(self.partner_ids)
                .with_company(self.company_id)
            )
            return {p.id: p.rfm_segment for p in partners}

    def _lock_is_free(self):
        with self._env() as env:
            env.cr.execute(
                "SELECT pg_try_advisory_xact_lock(%s, %s)",
                [LOCK_NAMESPACE, self.company_id],
            )
            return env.cr.fetchone()[0]

    def test_score_customers_queues_a_run_that_the_cron_executes_in_batches(self):
        with self._env() as env:
            env["ir.config_parameter"].set_param("crm_rfm.batch_size", "2")
        self.addCleanup(self._reset_batch_size)
        run_id = self._click_score_customers()
        self.assertEqual(self._run_values(run_id, "state", "progress"), ("queued", 0))
        with self._env() as env:
            queue = env.ref(QUEUE)
            due = env["ir.cron.trigger"].search_count([("cron_id", "=", queue.id)])
            self.assertTrue(due, "the queue cron is triggered")
        self.assertFalse(any(self._scored().values()), "nothing scored yet")
        self.assertEqual(self._click_score_customers(), run_id, "one run queued")
        self._run_cron(QUEUE)
        state, batches, done, count, progress, error = self._run_values(
            run_id,
            "state",
            "batch_count",
            "batches_done",
            "partner_count",
            "progress",
            "error",
        )
        self.assertEqual((state, error), ("done", False))
        self.assertEqual(count, self.CUSTOMERS)
        self.assertEqual(batches, 3, "six customers in batches of two")
        self.assertEqual((done, progress), (3, 100))
        self.assertTrue(all(self._scored().values()))
        self.assertTrue(self._lock_is_free())

    def _reset_batch_size(self):
        with self._env() as env:
            env["ir.config_parameter"].set_param("crm_rfm.batch_size", False)

    def test_a_customer_edited_during_the_run_is_retried_not_failed(self):
        run_id = self._click_score_customers()
        edited_id = self.partner_ids[2]
        Run = self.registry["crm.rfm.run"]
        stage = Run._stage_csv
        edits = []

        def someone_edits_a_customer_meanwhile(customers):
            # In the batch's transaction, after its first statement: another
            # user saves a scored customer (another connection, committed).
            if not edits:
                with self.registry.cursor() as editor:
                    editor.execute(
                        "UPDATE res_partner SET phone = '+34 600 111 222' "
                        "WHERE id = %s",
                        [edited_id],
                    )
                edits.append(edited_id)
            return stage(customers)

        with (
            patch.object(
                Run, "_stage_csv", staticmethod(someone_edits_a_customer_meanwhile)
            ),
            # logging.INFO: Odoo names its level 25 "INFO" too
            self.assertLogs(
                "odoo.addons.crm_rfm.models.crm_rfm_run", logging.INFO
            ) as logs,
        ):
            self._run_cron(QUEUE)
        self.assertEqual(edits, [edited_id])
        retried = [line for line in logs.output if "serialization failure" in line]
        self.assertEqual(len(retried), 1, logs.output)
        self.assertIn("could not serialize access", retried[0])
        state, error, batches = self._run_values(
            run_id, "state", "error", "batches_done"
        )
        self.assertEqual((state, error, batches), ("done", False, 1))
        self.assertTrue(all(self._scored().values()))
        with self._env() as env:
            self.assertEqual(
                env["res.partner"].browse(edited_id).phone, "+34 600 111 222"
            )
        self.assertTrue(self._lock_is_free())

    def test_a_failed_run_says_why_and_releases_the_company(self):
        refused_id = self.partner_ids[4]
        with self._env() as env:
            # a real PostgreSQL error in the middle of the writes
            env.cr.execute(
                """
                CREATE FUNCTION crm_rfm_test_refuse() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'disk full (simulated by the test)'; END $$;
                """
            )
            env.cr.execute(
                f"""
                CREATE TRIGGER crm_rfm_test_refuse BEFORE INSERT ON crm_rfm_snapshot
                FOR EACH ROW WHEN (NEW.partner_id = {int(refused_id)})
                EXECUTE FUNCTION crm_rfm_test_refuse()
                """
            )
        self.addCleanup(self._drop_trigger)
        run_id = self._click_score_customers()
        with mute_logger("odoo.sql_db", "odoo.addons.crm_rfm.models.crm_rfm_run"):
            self._run_cron(QUEUE)
        state, error = self._run_values(run_id, "state", "error")
        self.assertEqual(state, "failed")
        self.assertIn("disk full (simulated by the test)", error)
        self.assertNotIn("aborted", error)
        self.assertTrue(self._lock_is_free(), "the advisory lock was released")
        self._drop_trigger()
        next_run_id = self._click_score_customers()
        self._run_cron(QUEUE)
        self.assertEqual(self._run_values(next_run_id, "state"), ("done",))

    def _drop_trigger(self):
        with self._env() as env:
            env.cr.execute(
                "DROP TRIGGER IF EXISTS crm_rfm_test_refuse ON crm_rfm_snapshot"
            )
            env.cr.execute("DROP FUNCTION IF EXISTS crm_rfm_test_refuse()")

    def test_a_run_whose_worker_died_is_failed_by_the_next_tick(self):
        # The worker: a database session of its own holding the company's
        # lock, as the cron worker does during a run.
        _name, params = sql_db.connection_info_for(self.env.cr.dbname)
        worker = psycopg2.connect(**params)
        self.addCleanup(worker.close)
        worker.autocommit = True
        worker.cursor().execute(
            "SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, self.company_id]
        )
        with self._env() as env:
            run = env["crm.rfm.run"].create(
                {
                    "company_id": self.company_id,
                    "state": "running",
                    "batch_count": 4,
                    "batches_done": 1,
                }
            )
            run_id = run.id
        self._run_cron(QUEUE)
        self.assertEqual(
            self._run_values(run_id, "state"), ("running",), "its worker is alive"
        )
        worker.close()  # the worker dies (kill -9, out of memory, restart)
        self._run_cron(QUEUE)
        state, error = self._run_values(run_id, "state", "error")
        self.assertEqual(state, "failed")
        self.assertIn("1 of 4 batches", error)
