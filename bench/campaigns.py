#!/usr/bin/env python3
"""Benchmark of crm_campaigns (a benchmark, not a test).

Database ``camp_bench`` (crm_campaigns installed without demo data, created on
first use) gets, straight in PostgreSQL, 100,000 contacts in one RFM segment
("At risk") and 1,000,000 confirmed order lines. Then, in one process:

* enrolment of the 100,000-customer segment (``start_automation()``);
* one activity step over the 100,000 participants (the step runner, as the
  cron runs it: batches committed one by one, a touchpoint per step);
* one mail step over 10,000 participants (e-mails queued, not sent);
* cross-sell mining over the 1,000,000 order lines, end to end (SQL, rules,
  rules written).

Side by side, database ``camp_bench_oca`` holds the same contacts with
automation_oca alone (unmodified), where the same enrolment, activity step and
mail step run through automation_oca's own code, on a part of the data
(``--oca-*`` sizes: its row-by-row code takes minutes per ten thousand). The
ratios compare rates (participants per second).

Targets: enrolment < 30 s; activity step >= 1,000 participants/s; mail step
>= 200 queued/s; nothing slower than automation_oca unmodified; mining of
1,000,000 order lines < 60 s. Every figure and ratio is printed.

Usage: python bench/campaigns.py [--contacts N] [--mail N] [--lines N]
       [--oca-enrol N] [--oca-activity N] [--oca-mail N] [--skip-oca]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from run_suites import odoo_registry  # noqa: E402

PREFIX = "CAMPB"


def generate_contacts(env, count):
    """``count`` contacts with an e-mail, in the "At risk" segment of the main
    company (company-dependent value), straight in PostgreSQL."""
    from odoo.tools import SQL

    cr = env.cr
    cr.execute(SQL("SELECT count(*) FROM res_partner WHERE ref = %s", PREFIX))
    have = cr.fetchone()[0]
    if have < count:
        print(f"generating {count - have:,} contacts...", flush=True)
        # accounting's columns, where accounting is installed
        account = "autopost_bills" in env["res.partner"]._fields
        env.execute_query(
            SQL(
                """
                INSERT INTO res_partner
                    (name, complete_name, ref, email, email_normalized,
                     active, type, is_company, create_date, write_date %s)
                SELECT 'Bench ' || g, 'Bench ' || g, %s,
                       'bench' || g || '@example.com',
                       'bench' || g || '@example.com', TRUE, 'contact',
                       FALSE, now(), now() %s
                  FROM generate_series(%s, %s) g
                """,
                SQL(", autopost_bills, customer_rank") if account else SQL(),
                PREFIX,
                SQL(", 'ask', 1") if account else SQL(),
                have + 1,
                count,
            )
        )
        cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id "
            "WHERE commercial_partner_id IS NULL"
        )
    company = env.ref("base.main_company")
    if "rfm_segment" in env["res.partner"]._fields:
        env.execute_query(
            SQL(
                "UPDATE res_partner SET rfm_segment = jsonb_build_object(%s, "
                "'at_risk') WHERE ref = %s AND rfm_segment IS NULL",
                str(company.id),
                PREFIX,
            )
        )
    cr.execute("ANALYZE res_partner")
    cr.commit()


def generate_order_lines(env, lines, products=500, per_order=4):
    """``lines`` confirmed order lines over ``products`` products, in orders
    of ``per_order`` lines; baskets drawn so that some products go together."""
    from odoo.tools import SQL

    cr = env.cr
    cr.execute(
        SQL(
            "SELECT count(*) FROM sale_order_line l JOIN sale_order o "
            "ON o.id = l.order_id WHERE o.name LIKE %s",
            PREFIX + "%",
        )
    )
    if cr.fetchone()[0] >= lines:
        return
    print(f"generating {lines:,} confirmed order lines...", flush=True)
    Product = env["product.product"]
    existing = Product.search([("default_code", "=like", PREFIX + "%")])
    if len(existing) < products:
        Product.create(
            [
                {"name": f"Bench product {i}", "default_code": f"{PREFIX}{i}"}
                for i in range(len(existing), products)
            ]
        )
    product_ids = Product.search([("default_code", "=like", PREFIX + "%")]).ids
    company = env.ref("base.main_company")
    cr.execute(
        SQL("SELECT array_agg(id ORDER BY id) FROM res_partner WHERE ref = %s", PREFIX)
    )
    contacts = cr.fetchone()[0]
    orders = lines // per_order
    cr.execute("DROP INDEX IF EXISTS sale_order__name_index")
    env.execute_query(
        SQL(
            """
            INSERT INTO sale_order
                (name, partner_id, partner_invoice_id, partner_shipping_id,
                 company_id, currency_id, date_order, state, amount_untaxed,
                 amount_tax, amount_total, currency_rate, create_date, write_date)
            SELECT %s || g, p, p, p, %s, %s, now() - interval '30 days', 'sale',
                   100, 0, 100, 1.0, now(), now()
              FROM (SELECT g, (%s::int[])[1 + mod(g * 7919, %s)] AS p
                      FROM generate_series(1, %s) g) s
            """,
            PREFIX,
            company.id,
            company.currency_id.id,
            contacts,
            len(contacts),
            orders,
        )
    )
    # Line k of an order: a product of the order's "family" (50 orders share
    # one), so that some products are bought together more than by chance.
    env.execute_query(
        SQL(
            """
            INSERT INTO sale_order_line
                (order_id, name, product_id, product_uom_qty, price_unit,
                 customer_lead, state, company_id, currency_id, create_date,
                 write_date)
            SELECT o.id, 'line', (%s::int[])[1 + mod(
                       (o.id / 50) * 7 + k * (1 + mod(o.id, 3)), %s)],
                   1, 25, 0, 'sale', o.company_id, o.currency_id, now(), now()
              FROM sale_order o, generate_series(0, %s) k
             WHERE o.name LIKE %s
            """,
            product_ids,
            len(product_ids),
            per_order - 1,
            PREFIX + "%",
        )
    )
    cr.execute(
        "CREATE INDEX IF NOT EXISTS sale_order__name_index "
        "ON sale_order USING gin (name gin_trgm_ops)"
    )
    cr.execute("ANALYZE sale_order")
    cr.execute("ANALYZE sale_order_line")
    cr.commit()


def campaign(env, name, step, limit=None):
    """A campaign on the generated contacts (the first ``limit`` of them)."""
    domain = [("ref", "=", PREFIX)]
    if limit:
        env.cr.execute(
            "SELECT id FROM res_partner WHERE ref = %s ORDER BY id LIMIT 1 OFFSET %s",
            (PREFIX, limit - 1),
        )
        domain.append(("id", "<=", env.cr.fetchone()[0]))
    vals = {
        "name": name,
        "model_id": env.ref("base.model_res_partner").id,
        "editable_domain": repr(domain),
    }
    config = env["automation.configuration"].create(vals)
    env["automation.configuration.step"].create(
        dict(step, name=name, configuration_id=config.id, trigger_type="start")
    )
    return config


def steps(env):
    template = env["mail.template"].search([("name", "=", "Bench offer")], limit=1)
    if not template:
        template = env["mail.template"].create(
            {
                "name": "Bench offer",
                "model_id": env.ref("base.model_res_partner").id,
                "subject": "An offer for you",
                "partner_to": "{{ object.id }}",
                "body_html": "<p>Hello <t t-out='object.name'/>, an offer.</p>",
            }
        )
    activity = {
        "step_type": "activity",
        "activity_type_id": env.ref("mail.mail_activity_data_call").id,
        "activity_summary": "Call",
        "activity_user_type": "specific",
        "activity_user_id": env.ref("base.user_admin").id,
        "trigger_interval": 0,
    }
    mail = {"step_type": "mail", "mail_template_id": template.id, "trigger_interval": 0}
    return activity, mail


def clean(env):
    """Campaigns of a previous run go (their mails and activities too)."""
    old = env["automation.configuration"].search([("name", "like", "bench:")])
    if old:
        env.cr.execute(
            "DELETE FROM mail_mail WHERE mail_message_id IN (SELECT id FROM "
            "mail_message WHERE model = 'res.partner' AND subject = 'An offer for "
            "you')"
        )
        env.cr.execute(
            "DELETE FROM mail_message WHERE model = 'res.partner' AND subject = "
            "'An offer for you'"
        )
        env.cr.execute("DELETE FROM mail_activity WHERE summary = 'Call'")
        if "crm.touchpoint" in env:
            env.cr.execute(
                "DELETE FROM crm_touchpoint WHERE event_ref LIKE '%campaign-step-%'"
            )
        env.cr.execute(
            "DELETE FROM automation_record WHERE configuration_id = ANY(%s)",
            (old.ids,),
        )
        env.cr.execute(
            "DELETE FROM automation_record_step WHERE configuration_id = ANY(%s)",
            (old.ids,),
        )
        old.automation_step_ids.unlink()
        old.unlink()
    env.cr.commit()


def timed(label, function):
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    return elapsed, result


def run_ours(env, args):
    """crm_campaigns on camp_bench; returns the figures."""
    activity, mail = steps(env)
    figures = {}
    config = campaign(env, "bench: activity", activity)
    env.cr.commit()
    elapsed, _ = timed("enrol", config.start_automation)
    env.cr.commit()
    count = env["automation.record"].search_count(
        [("configuration_id", "=", config.id)]
    )
    figures["enrol"] = (count, elapsed)
    cron = env.ref("automation_oca.cron_step_execute")
    progress = env["ir.cron.progress"].create(
        {"cron_id": cron.id, "remaining": 0, "done": 0}
    )
    env.cr.commit()
    Step = env["automation.record.step"].with_context(ir_cron_progress_id=progress.id)
    elapsed, done = timed(
        "activity", lambda: Step._cron_automation_steps(time_budget=10**6)
    )
    env.cr.commit()
    figures["activity"] = (done, elapsed)
    config.done_automation()
    config = campaign(env, "bench: mail", mail, limit=args.mail)
    config.start_automation()
    env.cr.commit()
    elapsed, done = timed(
        "mail", lambda: Step._cron_automation_steps(time_budget=10**6)
    )
    env.cr.commit()
    queued = env["mail.mail"].search_count(
        [("automation_record_step_id.configuration_id", "=", config.id)]
    )
    figures["mail"] = (queued, elapsed)
    company = env.ref("base.main_company")
    company.write(
        {
            "crosssell_min_support": 0.001,
            "crosssell_min_confidence": 0.05,
            "crosssell_min_lift": 1.0,
        }
    )
    env.cr.commit()
    elapsed, rules = timed(
        "mining", lambda: env["crm.crosssell.rule"].sudo()._mine(company)
    )
    env.cr.commit()
    env.cr.execute("SELECT count(*) FROM sale_order_line WHERE state = 'sale'")
    figures["mining"] = (env.cr.fetchone()[0], elapsed, rules)
    return figures


def run_oca(env, args):
    """automation_oca alone, unmodified, on camp_bench_oca."""
    activity, mail = steps(env)
    figures = {}
    config = campaign(env, "bench: oca enrol", activity, limit=args.oca_enrol)
    config.start_automation()
    env.cr.commit()
    started = time.perf_counter()
    records = env["automation.record"]
    for record in config._get_automation_records_to_create():
        records |= config._create_record(record)
    env.cr.commit()
    figures["enrol"] = (len(records), time.perf_counter() - started)
    config.done_automation()
    for key, step, size in (
        ("activity", activity, args.oca_activity),
        ("mail", mail, args.oca_mail),
    ):
        config = campaign(env, f"bench: oca {key}", step, limit=size)
        config.start_automation()
        for record in config._get_automation_records_to_create():
            config._create_record(record)
        env.cr.commit()
        due = env["automation.record.step"].search(
            [("configuration_id", "=", config.id), ("state", "=", "scheduled")]
        )
        started = time.perf_counter()
        for step_record in due:  # as its cron does, one by one
            step_record.run(trigger_activity=False)
        env.cr.commit()
        figures[key] = (len(due), time.perf_counter() - started)
        config.done_automation()
        env.cr.commit()
    return figures


def rate(pair):
    count, elapsed = pair[0], pair[1]
    return count / elapsed if elapsed else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--mail", type=int, default=10_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--oca-enrol", type=int, default=10_000)
    parser.add_argument("--oca-activity", type=int, default=2_000)
    parser.add_argument("--oca-mail", type=int, default=1_000)
    parser.add_argument("--skip-oca", action="store_true")
    parser.add_argument("--oca-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--python", default=os.environ.get("PYTHON", sys.executable))
    args = parser.parse_args()

    from odoo import SUPERUSER_ID, api

    if args.oca_only:
        # Its own process: one Odoo configuration per process.
        registry = odoo_registry(
            args.python, "camp_bench_oca", "automation_oca,contacts"
        )
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            generate_contacts(env, args.contacts)
            clean(env)
            print("OCA_FIGURES " + json.dumps(run_oca(env, args)), flush=True)
        return 0
    oca = None
    if not args.skip_oca:
        proc = subprocess.run(
            [args.python, __file__, "--oca-only"]
            + [f"--contacts={args.contacts}", f"--oca-enrol={args.oca_enrol}"]
            + [f"--oca-activity={args.oca_activity}", f"--oca-mail={args.oca_mail}"],
            capture_output=True,
            text=True,
            check=False,
        )
        for line in proc.stdout.splitlines():
            if line.startswith("OCA_FIGURES "):
                oca = json.loads(line.split(" ", 1)[1])
        if oca is None:
            print("automation_oca run failed:", proc.stderr[-2000:])
    registry = odoo_registry(args.python, "camp_bench", "crm_campaigns")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        generate_contacts(env, args.contacts)
        generate_order_lines(env, args.lines)
        clean(env)
        ours = run_ours(env, args)

    count, elapsed = ours["enrol"]
    print(
        f"enrolment        {count:>9,} participants {elapsed:8.1f} s "
        f"{rate(ours['enrol']):9,.0f}/s  target < 30 s "
        f"{'PASS' if elapsed < 30 else 'MISS'}"
    )
    count, elapsed = ours["activity"]
    print(
        f"activity step    {count:>9,} participants {elapsed:8.1f} s "
        f"{rate(ours['activity']):9,.0f}/s  target >= 1,000/s "
        f"{'PASS' if rate(ours['activity']) >= 1000 else 'MISS'}"
    )
    count, elapsed = ours["mail"]
    print(
        f"mail step        {count:>9,} queued       {elapsed:8.1f} s "
        f"{rate(ours['mail']):9,.0f}/s  target >= 200/s "
        f"{'PASS' if rate(ours['mail']) >= 200 else 'MISS'}"
    )
    lines, elapsed, rules = ours["mining"]
    print(
        f"cross-sell mining {lines:>8,} order lines  {elapsed:8.1f} s "
        f"({rules:,} rules)  target < 60 s {'PASS' if elapsed < 60 else 'MISS'}"
    )
    if oca:
        print("automation_oca unmodified, same contacts (rates; sizes in brackets):")
        for key in ("enrol", "activity", "mail"):
            ratio = rate(ours[key]) / rate(oca[key]) if rate(oca[key]) else 0.0
            print(
                f"  {key:<9} {rate(oca[key]):9,.0f}/s [{oca[key][0]:,} in "
                f"{oca[key][1]:.1f} s]  crm_campaigns / automation_oca = "
                f"{ratio:6.1f}x  {'PASS' if ratio >= 1 else 'MISS'}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
