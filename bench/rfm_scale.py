#!/usr/bin/env python3
"""Benchmark of crm_rfm at a million customers (a benchmark, not a test).

In database ``crm_rfm_bench`` (created on first use, crm_rfm installed without
demo data), generates directly in PostgreSQL 1,000,000 customers and
10,000,000 confirmed sale orders over two years (once; later runs reuse them).
Then, in one process:

* the floor: the bare SQL aggregate of the scoring's inputs (the orders
  aggregate and the touchpoint aggregate, fetched), timed;
* ``crm.rfm.run.action_run()`` end to end (aggregate, crm_insight scoring,
  bulk writes of the partners' scores and of the snapshots), timed;
* the peak memory of the process.

Targets: a full rescore under 120 s on 2 cores, under 4x the floor, peak
memory under 4 GB. It prints the figures and the ratio.

Usage: python bench/rfm_scale.py [--database crm_rfm_bench] [--customers N]
       [--orders N]
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from run_suites import odoo_registry  # noqa: E402


def generate(env, customers, orders):
    """Customers and confirmed orders straight into PostgreSQL (the ORM would
    take hours for ten million orders)."""
    from odoo.tools import SQL

    cr = env.cr
    cr.execute("SELECT count(*) FROM res_partner WHERE ref LIKE 'RFMB%'")
    have = cr.fetchone()[0]
    if have < customers:
        print(f"generating {customers - have:,} customers...", flush=True)
        env.execute_query(
            SQL(
                """
                INSERT INTO res_partner
                    (name, complete_name, ref, autopost_bills, active, type,
                     is_company, customer_type, customer_rank, create_date,
                     write_date)
                SELECT 'Bench ' || g, 'Bench ' || g, 'RFMB' || g, 'ask', TRUE,
                       'contact', mod(g, 4) = 0,
                       (ARRAY['consumer', 'b2b', 'distributor', 'consumer'])
                           [1 + mod(g, 4)],
                       1, now(), now()
                  FROM generate_series(%s, %s) g
                """,
                have + 1,
                customers,
            )
        )
        cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id "
            "WHERE commercial_partner_id IS NULL"
        )
        cr.commit()
    cr.execute("SELECT count(*) FROM sale_order WHERE name LIKE 'RFMB%'")
    have = cr.fetchone()[0]
    if have < orders:
        print(f"generating {orders - have:,} confirmed orders (minutes)...", flush=True)
        cr.execute("SELECT min(id) FROM res_partner WHERE ref LIKE 'RFMB%'")
        first_partner = cr.fetchone()[0]
        company = env.ref("base.main_company")
        # the trigram index on the order name would triple the load time
        cr.execute("DROP INDEX IF EXISTS sale_order__name_index")
        step = 1_000_000
        for start in range(have, orders, step):
            env.execute_query(
                SQL(
                    """
                    INSERT INTO sale_order
                        (name, partner_id, partner_invoice_id, partner_shipping_id,
                         company_id, currency_id, date_order, state, amount_untaxed,
                         amount_tax, amount_total, currency_rate, create_date,
                         write_date)
                    SELECT 'RFMB' || g, p, p, p, %s, %s, d, 'sale', a, 0, a, 1.0,
                           d, d
                      FROM (SELECT g,
                                   %s + floor(power(random(), 1.6) * %s)::int AS p,
                                   round((random() * 200 + 5)::numeric, 2) AS a,
                                   (now() AT TIME ZONE 'UTC') - make_interval(
                                       secs => floor(random() * 63072000)::int)
                                       AS d
                              FROM generate_series(%s, %s) g) s
                    """,
                    company.id,
                    company.currency_id.id,
                    first_partner,
                    customers,
                    start + 1,
                    min(start + step, orders),
                )
            )
            cr.commit()
            print(f"  {min(start + step, orders):,} orders", flush=True)
        cr.execute(
            "CREATE INDEX IF NOT EXISTS sale_order__name_index "
            "ON sale_order USING gin (name gin_trgm_ops)"
        )
        cr.execute("ANALYZE sale_order")
        cr.execute("ANALYZE res_partner")
        cr.commit()


def summary_ready(env):
    """crm_rfm's purchase summary built (timed the first time: what an
    install or the weekly rebuild costs). The database must have been
    updated with the addon's code (``-u crm_rfm``) for its table to exist."""
    env.cr.execute("SELECT to_regclass('crm_purchase_summary_state') IS NOT NULL")
    if not env.cr.fetchone()[0]:
        raise SystemExit(
            "crm_rfm predates the purchase summary in this database: update it "
            "first (python -m odoo -c odoo.conf -d <database> -u crm_rfm "
            "--stop-after-init)"
        )
    env.cr.execute("SELECT count(*) FROM crm_purchase_summary_state")
    if not env.cr.fetchone()[0]:
        start = time.perf_counter()
        env["crm.purchase.summary"]._rebuild()
        env.cr.commit()
        print(
            f"purchase summary, full rebuild (install, weekly) "
            f"{time.perf_counter() - start:7.1f} s",
            flush=True,
        )


def a_day_of_orders(env, orders=10_000):
    """``orders`` confirmed orders written since the last refresh of the
    purchase summary (a day ago), and none other: what a day of business
    leaves to the nightly jobs' refresh."""
    env.cr.execute(
        """
        UPDATE crm_purchase_summary_state
           SET refreshed_at = (now() AT TIME ZONE 'UTC') - INTERVAL '1 day';
        UPDATE sale_order
           SET write_date = (now() AT TIME ZONE 'UTC') - INTERVAL '3 days'
         WHERE write_date > (now() AT TIME ZONE 'UTC') - INTERVAL '3 days';
        """
    )
    env.cr.execute(
        """
        UPDATE sale_order
           SET write_date = (now() AT TIME ZONE 'UTC') - INTERVAL '12 hours'
         WHERE id IN (SELECT id FROM sale_order WHERE state = 'sale'
                       ORDER BY random() LIMIT %s)
        """,
        [orders],
    )
    env.cr.commit()


def time_floor(env, company):
    """The bare aggregates of the run's inputs, fetched like the run does."""
    Run = env["crm.rfm.run"].with_company(company)
    from odoo import fields

    as_of = fields.Date.context_today(Run)
    start = time.perf_counter()
    rows = env.execute_query(Run._summary_sql(company, as_of))
    env.execute_query(Run._touchpoint_sql(company))
    return time.perf_counter() - start, len(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="crm_rfm_bench")
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--orders", type=int, default=10_000_000)
    parser.add_argument("--python", default=os.environ.get("PYTHON", sys.executable))
    args = parser.parse_args()
    registry = odoo_registry(args.python, args.database, "crm_rfm")

    from odoo import SUPERUSER_ID, api
    from odoo.tools import SQL

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        generate(env, args.customers, args.orders)
        company = env.ref("base.main_company")
        settings = {}
        for name in ("shared_buffers", "work_mem", "max_wal_size"):
            cr.execute(SQL("SELECT current_setting(%s)", name))
            settings[name] = cr.fetchone()[0]
        print("PostgreSQL:", ", ".join(f"{k} {v}" for k, v in settings.items()))
        cr.execute(
            "SELECT setting::bigint * 8192 FROM pg_settings "
            "WHERE name = 'shared_buffers'"
        )
        if cr.fetchone()[0] < 1024**3:
            print(
                "note: shared_buffers is under 1 GB; a database with a million "
                "customers is served with more (README, Benchmarks)"
            )
        cr.execute("SELECT count(*) FROM sale_order WHERE state = 'sale'")
        print(
            f"{cr.fetchone()[0]:,} confirmed orders; warming the cache...", flush=True
        )
        time_floor(env, company)  # same pages in memory for both timings
        floor, customers = time_floor(env, company)
        print(
            f"floor (bare input aggregates)   {floor:8.1f} s   {customers:,} customers"
        )
        start = time.perf_counter()
        run = env["crm.rfm.run"].with_company(company).action_run()
        elapsed = time.perf_counter() - start
        cr.commit()
        memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
        ratio = elapsed / floor
        print(
            f"action_run() end to end         {elapsed:8.1f} s   {run.partner_count:,} "
            f"customers scored, {run.batch_count} batches  target < 120 s  "
            f"{'PASS' if elapsed < 120 else 'MISS'}"
        )
        print(
            f"ratio to the floor              {ratio:8.2f} x   target < 4x     "
            f"{'PASS' if ratio < 4 else 'MISS'}"
        )
        print(
            f"peak memory of the process      {memory:8.2f} GB  target < 4 GB  "
            f"{'PASS' if memory < 4 else 'MISS'}"
        )
        print(
            f"churn model {run.churn_model or 'none'} ({run.churn_status}, chosen "
            f"by {run.churn_method}), spend model {run.spend_status}; "
            f"warnings: {run.warnings or 'none'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
