# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every customer's confirmed sale orders, summarised once.

The jobs that look at every customer (the rollout's objectives, the next best
action's cadence) would otherwise each read every confirmed order: ten
million rows at a million customers. They read this table instead, one row
per company and customer (the commercial partner):

* ``first_order_date``: the day of the customer's first confirmed order;
* ``first_purchase_date``: their first *purchase*, a day whose orders add up
  to more than zero (``crm_insight.kpis``);
* ``active_periods``: the days on which they were an active customer, as a
  ``datemultirange``: each purchase makes them active for ACTIVE_DAYS days
  (``crm_insight.kpis``), so "active at a date" is one containment test;
* ``purchase_days``: their purchase days as the scoring counts them (a day
  with an order that is no refund), sorted.

Days are UTC dates and amounts are in the company currency, as in the scoring
(``crm.rfm.run.inputs._documents_sql``).

The table is kept live: every reader first calls :meth:`_refresh`, which
re-summarises only the customers whose orders were written since the last
refresh (``sale_order.write_date``, indexed; a write of a stored computed
field such as the amount moves it too), and those queued by what moves
orders without writing them (an order given to another customer or deleted,
a contact or one of its addresses given another company, a merge): they
queue the former customers, so that users' edits never wait for a refresh.
Orders written by a transaction that started more than OVERLAP before a
refresh and committed after it are caught by the weekly job, which rebuilds
the whole table (also a safety net for changes made outside Odoo's ORM).

Amounts are converted to the company currency before a day's orders are
added up (as in the scoring), where the rollout's earlier query added the
orders' own amounts.

A plain SQL table rather than a model: an array of dates and a multirange
have no Odoo field type, and nobody reads it through the ORM.
"""

import logging

from psycopg2 import errors

from odoo import api, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

TABLE = "crm_purchase_summary"
STATE_TABLE = "crm_purchase_summary_state"
# Customers to summarise again at the next refresh, queued by what moves
# orders without writing them (never a conflict: rows are only added).
QUEUE_TABLE = "crm_purchase_summary_queue"
ORDER_INDEX = "sale_order_crm_purchase_summary_index"
# crm_insight.kpis: a customer is active for this many days after a purchase.
ACTIVE_DAYS = 365
# Orders written this long before the last refresh are read again: a
# transaction still open at that refresh may commit orders stamped earlier.
OVERLAP = "1 hour"
# Advisory lock of the refresh (one at a time, whatever the company).
LOCK_KEY = (0x52464D, 0x5053)  # "RFM", "PS"
# For the transaction of a refresh: no JIT compilation (PostgreSQL would
# compile the aggregate of a day's orders for longer than it runs); a full
# rebuild also aggregates every order in memory.
REFRESH_SETTINGS = (("jit", "off"),)
REBUILD_SETTINGS = (("work_mem", "512MB"), ("jit", "off"))


class CrmPurchaseSummary(models.AbstractModel):
    _name = "crm.purchase.summary"
    _description = "Customer Purchase Summary"

    # ------------------------------------------------------------------ schema
    def init(self):
        table, state = SQL.identifier(TABLE), SQL.identifier(STATE_TABLE)
        self.env.execute_query(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS %(table)s (
                    company_id integer NOT NULL
                        REFERENCES res_company (id) ON DELETE CASCADE,
                    partner_id integer NOT NULL
                        REFERENCES res_partner (id) ON DELETE CASCADE,
                    first_order_date date NOT NULL,
                    first_purchase_date date,
                    active_periods datemultirange NOT NULL DEFAULT '{}',
                    purchase_days date[] NOT NULL DEFAULT '{}',
                    PRIMARY KEY (company_id, partner_id)
                );
                CREATE INDEX IF NOT EXISTS %(partner_index)s
                    ON %(table)s (partner_id);
                CREATE TABLE IF NOT EXISTS %(state)s (
                    id integer PRIMARY KEY CHECK (id = 1),
                    refreshed_at timestamp NOT NULL
                );
                CREATE TABLE IF NOT EXISTS %(queue)s (partner_id integer NOT NULL);
                CREATE INDEX IF NOT EXISTS %(order_index)s
                    ON sale_order (write_date);
                """,
                table=table,
                state=state,
                queue=SQL.identifier(QUEUE_TABLE),
                partner_index=SQL.identifier(f"{TABLE}_partner_id_index"),
                order_index=SQL.identifier(ORDER_INDEX),
            )
        )

    @api.model
    def _drop_schema(self):
        """Uninstall: the tables and the index go with the addon."""
        self.env.execute_query(
            SQL(
                "DROP TABLE IF EXISTS %s, %s, %s; DROP INDEX IF EXISTS %s",
                SQL.identifier(TABLE),
                SQL.identifier(STATE_TABLE),
                SQL.identifier(QUEUE_TABLE),
                SQL.identifier(ORDER_INDEX),
            )
        )

    # ------------------------------------------------------------------ the rows
    def _rows_sql(self, condition):
        """The summary rows of the customers whose orders meet ``condition``
        (on ``partner``, the ordering contact, and ``so``, the order)."""
        return SQL(
            """
            WITH days AS (
                SELECT so.company_id, partner.commercial_partner_id AS partner_id,
                       (so.date_order AT TIME ZONE 'UTC')::date AS day,
                       SUM(so.amount_untaxed
                           / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS amount,
                       BOOL_OR(so.amount_untaxed >= 0) AS bought
                  FROM sale_order so
                  JOIN res_partner partner ON partner.id = so.partner_id
                 WHERE so.state = 'sale' AND %(condition)s
                 GROUP BY 1, 2, 3
            )
            SELECT company_id, partner_id, MIN(day) AS first_order_date,
                   MIN(day) FILTER (WHERE amount > 0) AS first_purchase_date,
                   COALESCE(RANGE_AGG(daterange(day, day + %(active)s))
                                FILTER (WHERE amount > 0), '{}') AS active_periods,
                   COALESCE(ARRAY_AGG(day ORDER BY day) FILTER (WHERE bought),
                            '{}') AS purchase_days
              FROM days
             GROUP BY company_id, partner_id
            """,
            condition=condition,
            active=ACTIVE_DAYS,
        )

    @api.model
    def _queue_customers(self, partner_ids):
        """Have the next refresh summarise these customers again (and the
        commercial partners of these contacts)."""
        ids = list(set(partner_ids))
        if ids:
            self.env.execute_query(
                SQL(
                    "INSERT INTO %s (partner_id) SELECT unnest(%s::int[])",
                    SQL.identifier(QUEUE_TABLE),
                    ids,
                )
            )

    @api.model
    def _refresh_customers(self, partner_ids):
        """Summarise these customers again from their orders (any company).
        Contacts count for their commercial partner."""
        self.env.flush_all()
        ids = list(
            {
                row[0]
                for row in self.env.execute_query(
                    SQL(
                        "SELECT commercial_partner_id FROM res_partner "
                        "WHERE id = ANY(%s) AND commercial_partner_id IS NOT NULL",
                        list(partner_ids),
                    )
                )
            }
            | set(partner_ids)
        )
        if not ids:
            return
        self._write(
            SQL("DELETE FROM %s WHERE partner_id = ANY(%s)", SQL.identifier(TABLE), ids)
        )
        self._insert(SQL("partner.commercial_partner_id = ANY(%s)", ids))

    def _write(self, query):
        """A statement that writes the summary. A conflict with a concurrent
        refresh is expected and handled by :meth:`_refresh`: not logged as a
        bad query."""
        self.env.cr.execute(query, log_exceptions=False)

    def _insert(self, condition):
        self._write(
            SQL(
                """
                INSERT INTO %(table)s (company_id, partner_id, first_order_date,
                                       first_purchase_date, active_periods,
                                       purchase_days)
                %(rows)s
                ON CONFLICT (company_id, partner_id) DO UPDATE
                   SET first_order_date = EXCLUDED.first_order_date,
                       first_purchase_date = EXCLUDED.first_purchase_date,
                       active_periods = EXCLUDED.active_periods,
                       purchase_days = EXCLUDED.purchase_days
                """,
                table=SQL.identifier(TABLE),
                rows=self._rows_sql(condition),
            )
        )

    # ------------------------------------------------------------------ refresh
    @api.model
    def _refresh(self):
        """Bring the summary up to date: the customers whose orders were
        written since the last refresh and the queued ones, or everything the
        first time. Returns the number of customers summarised again (None:
        rebuilt, or left to a concurrent refresh).

        One refresh at a time (an advisory lock). Transactions are repeatable
        read: one whose snapshot predates a concurrent refresh cannot write
        over it, and reads the summary as its snapshot shows it (the next
        refresh catches up); it never fails for that."""
        self.env.flush_all()
        self.env.execute_query(SQL("SELECT pg_advisory_xact_lock(%s, %s)", *LOCK_KEY))
        self._settings(REFRESH_SETTINGS)
        try:
            with self.env.cr.savepoint(flush=False):
                return self._refresh_locked()
        except (errors.SerializationFailure, errors.UniqueViolation) as error:
            _logger.info("crm_purchase_summary: refreshed concurrently (%s)", error)
            return None

    def _refresh_locked(self):
        state = self.env.execute_query(
            SQL("SELECT refreshed_at FROM %s", SQL.identifier(STATE_TABLE))
        )
        if not state:
            self._rebuild()
            return None
        queued = [
            row[0]
            for row in self.env.execute_query(
                SQL("SELECT DISTINCT partner_id FROM %s", SQL.identifier(QUEUE_TABLE))
            )
        ]
        changed = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT DISTINCT partner.commercial_partner_id
                      FROM sale_order so
                      JOIN res_partner partner ON partner.id = so.partner_id
                     WHERE so.write_date > %s - INTERVAL %s
                    """,
                    state[0][0],
                    OVERLAP,
                )
            )
            if row[0]
        ]
        customers = set(changed) | set(queued)
        if customers:
            self._refresh_customers(customers)
        if queued:
            self._write(
                SQL(
                    "DELETE FROM %s WHERE partner_id = ANY(%s)",
                    SQL.identifier(QUEUE_TABLE),
                    queued,
                )
            )
        self._stamp()
        return len(customers)

    @api.model
    def _rebuild(self):
        """Summarise every customer of every company again."""
        self.env.flush_all()
        self.env.execute_query(SQL("SELECT pg_advisory_xact_lock(%s, %s)", *LOCK_KEY))
        self._settings(REBUILD_SETTINGS)
        self._write(SQL("DELETE FROM %s", SQL.identifier(TABLE)))
        self._write(SQL("DELETE FROM %s", SQL.identifier(QUEUE_TABLE)))
        self._insert(SQL("TRUE"))
        self._stamp()
        self.env.execute_query(SQL("ANALYZE %s", SQL.identifier(TABLE)))

    def _settings(self, settings):
        """PostgreSQL settings for the rest of the transaction (SET LOCAL)."""
        self.env.execute_query(
            SQL(
                "SELECT %s",
                SQL(", ").join(
                    SQL("set_config(%s, %s, true)", name, value)
                    for name, value in settings
                ),
            )
        )

    def _stamp(self):
        self._write(
            SQL(
                """
                INSERT INTO %s (id, refreshed_at) VALUES (1, NOW() AT TIME ZONE 'UTC')
                ON CONFLICT (id) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at
                """,
                SQL.identifier(STATE_TABLE),
            )
        )

    @api.model
    def _cron_rebuild(self):
        """Weekly job: the whole table again (a safety net for orders changed
        outside Odoo's ORM)."""
        self._rebuild()
