#!/usr/bin/env python3
"""Benchmark of crm_relationship on a real Odoo 18 (a benchmark, not a test).

In database ``crm_bench`` (created on first use, crm_relationship installed
without demo data): 10,000 customers (ORM) and 1,000,000 touchpoints (generated
in PostgreSQL). Then, in the server process:

* the first timeline page (50 rows) of a customer, as the web client asks for
  it: the customer form's ``web_read`` (profile and timeline) and the
  touchpoint list's ``web_search_read``; median and worst of 50 customers, with
  the ORM cache emptied before each call (server time, no network);
* 100,000 touchpoints imported through Odoo's standard import
  (``base_import.import.execute_import`` in batches of 2,000 rows, as the
  Import button does), rolled back afterwards so that the benchmark can run
  again.

Targets: first timeline page < 50 ms; 100,000 rows imported < 5 minutes.

Usage: python bench/touchpoints.py [--database crm_bench] [--import-rows 100000]
"""

import argparse
import csv
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from run_suites import odoo_registry  # noqa: E402

PARTNERS = 10_000
TOUCHPOINTS = 1_000_000
IMPORT_OPTIONS = {
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
    "encoding": "utf-8",
    "separator": ",",
    "quoting": '"',
    "date_format": "%Y-%m-%d",
    "datetime_format": "%Y-%m-%d %H:%M:%S",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "advanced": True,
    "has_headers": True,
    "keep_matches": False,
    "limit": 2000,  # the web client's batch size
    "skip": 0,
}
TIMELINE_SPEC = {
    "display_name": {},
    "customer_type": {},
    "touchpoint_count": {},
    "complaint_count": {},
    "open_complaint_count": {},
    "suggestion_count": {},
    "last_touchpoint_date": {},
    "days_since_last_contact": {},
    "average_satisfaction": {},
    "preferred_channel": {},
    "timeline_touchpoint_ids": {
        "fields": {
            "date": {},
            "channel": {},
            "direction": {},
            "kind": {},
            "summary": {},
            "satisfaction": {},
            "resolved": {},
            "user_id": {"fields": {"display_name": {}}},
        },
        "limit": 50,
        "order": "date DESC, id DESC",
    },
}
LIST_SPEC = {
    "date": {},
    "partner_id": {"fields": {"display_name": {}}},
    "channel": {},
    "direction": {},
    "kind": {},
    "summary": {},
    "satisfaction": {},
    "user_id": {"fields": {"display_name": {}}},
}


def populate(env):
    from odoo.tools import SQL

    Partner = env["res.partner"].with_context(tracking_disable=True)
    have = Partner.search_count([("ref", "=like", "BP%")])
    if have < PARTNERS:
        print(f"creating {PARTNERS - have:,} customers...", flush=True)
        types = ["consumer", "b2b", "distributor", "internal"]
        Partner.create(
            [
                {
                    "name": f"Bench Customer {i:05d}",
                    "ref": f"BP{i:05d}",
                    "email": f"customer{i:05d}@bench.example.com",
                    "is_company": i % 3 == 0,
                    "customer_type": types[i % 4],
                    "customer_rank": 1,
                }
                for i in range(have, PARTNERS)
            ]
        )
        env.cr.commit()
    env.cr.execute("SELECT count(*) FROM crm_touchpoint")
    count = env.cr.fetchone()[0]
    if count < TOUCHPOINTS:
        print(
            f"generating {TOUCHPOINTS - count:,} touchpoints in PostgreSQL...",
            flush=True,
        )
        per_partner = (TOUCHPOINTS - count) // PARTNERS
        env.execute_query(
            SQL(
                """
                INSERT INTO crm_touchpoint
                    (partner_id, date, channel, direction, kind, summary,
                     satisfaction, satisfaction_score, resolved, user_id, company_id,
                     customer_type, create_uid, create_date, write_uid, write_date)
                SELECT p.id,
                       now() - make_interval(secs => floor(random() * 63072000)::int),
                       (ARRAY['phone','email','web','fax','ivr','chat','meeting',
                              'visit','social','sms','postal','other'])
                           [1 + floor(random() * 12)::int],
                       (ARRAY['inbound','outbound'])[1 + floor(random() * 2)::int],
                       (ARRAY['inquiry','purchase','complaint','suggestion','support',
                              'feedback','marketing','follow_up','other'])
                           [1 + floor(random() * 9)::int],
                       'Bench touchpoint ' || g,
                       s.score::text, s.score, random() < 0.5, %s, %s,
                       p.customer_type, %s, now(), %s, now()
                  FROM res_partner p
                 CROSS JOIN generate_series(1, %s) g
                 CROSS JOIN LATERAL (SELECT floor(random() * 6)::int AS score
                                     WHERE g > 0) s
                 WHERE p.ref LIKE %s
                """,
                env.uid,
                env.company.id,
                env.uid,
                env.uid,
                per_partner,
                "BP%",
            )
        )
        env.cr.execute("ANALYZE crm_touchpoint")
        env.cr.commit()


def median_ms(samples):
    return statistics.median(samples) * 1000, max(samples) * 1000


def bench_timeline(env):
    Partner = env["res.partner"]
    Touchpoint = env["crm.touchpoint"]
    ids = Partner.search([("ref", "=like", "BP%")]).ids
    rng = random.Random(3)
    sample = rng.sample(ids, 50)
    form, listing = [], []
    for partner_id in sample:
        env.invalidate_all()
        start = time.perf_counter()
        Partner.browse(partner_id).web_read(TIMELINE_SPEC)
        form.append(time.perf_counter() - start)
        env.invalidate_all()
        start = time.perf_counter()
        Touchpoint.web_search_read(
            [("partner_id", "=", partner_id)],
            LIST_SPEC,
            limit=50,
            order="date DESC, id DESC",
        )
        listing.append(time.perf_counter() - start)
    return median_ms(form), median_ms(listing)


def bench_import(env, rows):
    partners = env["res.partner"].search_read([("ref", "=like", "BP%")], ["ref"])
    refs = [p["ref"] for p in partners]
    channels = ["phone", "email", "web", "chat", "visit", "ivr"]
    kinds = ["inquiry", "purchase", "complaint", "suggestion", "support"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "External Reference",
            "Customer",
            "Date",
            "Channel",
            "Direction",
            "Kind",
            "Summary",
            "Satisfaction",
        ]
    )
    rng = random.Random(5)
    for i in range(rows):
        writer.writerow(
            [
                f"IMPORT-{i:07d}",
                refs[i % len(refs)],
                f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:00",
                channels[i % len(channels)],
                "inbound" if i % 3 else "outbound",
                kinds[i % len(kinds)],
                f"Imported call {i}",
                str(rng.randint(1, 5)),
            ]
        )
    fields = [
        "ref",
        "partner_id",
        "date",
        "channel",
        "direction",
        "kind",
        "summary",
        "satisfaction",
    ]
    admin = env.ref("base.user_admin")
    wizard = (
        env["base_import.import"]
        .with_user(admin)
        .create(
            {
                "res_model": "crm.touchpoint",
                "file": out.getvalue().encode(),
                "file_type": "text/csv",
            }
        )
    )
    # As the Import button does: batches of 2,000 rows, each call continuing
    # at the row the previous one returned.
    start = time.perf_counter()
    options = dict(IMPORT_OPTIONS)
    imported, errors = 0, []
    while True:
        result = wizard.execute_import(fields, fields, dict(options))
        imported += len(result["ids"] or [])
        errors += [m for m in result["messages"] if m.get("type") == "error"]
        if errors or not result.get("nextrow"):
            break
        options["skip"] = result["nextrow"]
        # each batch is a request of its own in the web client: fresh caches
        env.flush_all()
        env.invalidate_all()
        env.transaction.clear()
    elapsed = time.perf_counter() - start
    return elapsed, imported, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="crm_bench")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--python", default=os.environ.get("PYTHON", sys.executable))
    args = parser.parse_args()
    registry = odoo_registry(args.python, args.database, "crm_relationship")

    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        populate(env)
        cr.execute("SELECT count(*), count(DISTINCT partner_id) FROM crm_touchpoint")
        total, partners = cr.fetchone()
        print(f"{total:,} touchpoints on {partners:,} customers")
        (form_median, form_max), (list_median, list_max) = bench_timeline(env)
        print(
            f"timeline page (form web_read)      median {form_median:6.1f} ms  "
            f"worst {form_max:6.1f} ms  target < 50 ms  "
            f"{'PASS' if form_median < 50 else 'MISS'}"
        )
        print(
            f"timeline page (list, 50 rows)      median {list_median:6.1f} ms  "
            f"worst {list_max:6.1f} ms  target < 50 ms  "
            f"{'PASS' if list_median < 50 else 'MISS'}"
        )
        elapsed, imported, errors = bench_import(env, args.import_rows)
        cr.rollback()
        print(
            f"standard import of {args.import_rows:,} rows  {elapsed:8.1f} s "
            f"({imported:,} created, {len(errors)} errors)  target < 300 s  "
            f"{'PASS' if elapsed < 300 and imported == args.import_rows else 'MISS'}"
        )
        print(f"import throughput                  {imported / elapsed:8.0f} rows/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
