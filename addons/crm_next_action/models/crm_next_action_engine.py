# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The nightly recompute of cadence and next best actions, set-based.

Three statements build the run in temporary tables: every customer's purchase
and contact history (the facts), the cadence that follows (the new rows) and
the first rule each customer meets (each rule's condition compiled to SQL by
the ORM, evaluated once for the whole company, reading the new rows). Then,
per batch of customers, one upsert writes the rows that changed. The number of
statements per batch is constant whatever its size, nothing is loaded into
Python per customer, and each row is written at most once per run."""

import itertools
import logging
import time

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL

from .crm_next_action_inputs import ROW_COLUMNS

_logger = logging.getLogger(__name__)

MANAGERS = "crm_relationship.group_crm_relationship_manager"
BATCH_SIZE = 250_000
# Advisory lock namespace of the recompute (one per company at a time).
LOCK_NAMESPACE = 0x4E4241  # "NBA"
# Temporary tables of a full run (dropped at its end, or with its session).
FACTS = "crm_next_action_facts"
NEW_ROWS = "crm_next_action_new"
MATCHED = "crm_next_action_matched"
# The full recompute sorts a million customers' purchase days in memory (one
# sort, no spill to disk) and skips JIT compilation, for its own transaction
# only (set_config(..., true) = SET LOCAL).
RECOMPUTE_SETTINGS = (("work_mem", "1GB"), ("jit", "off"))
# What reads the rows, dropped from the cache after a partial recompute (the
# rest of the transaction's cache stays: a touchpoint logged in a batch job
# costs that job no re-read of its own records).
PARTNER_ROW_FIELDS = (
    "next_action_ids",
    "next_action_id",
    "next_action_rule_id",
    "next_action_reason",
    "purchase_interval_days",
    "contact_interval_days",
    "next_contact_date",
    "contact_overdue_days",
    "days_since_first_purchase",
    "open_complaint_age_days",
)


class CrmNextActionEngine(models.AbstractModel):
    _name = "crm.next.action.engine"
    _description = "Next Best Action Recompute"

    # ------------------------------------------------------------------ entry points
    @api.model
    def _cron_recompute(self):
        """Daily job: cadence and next best actions of every company, then the
        contact proposals. One transaction per company for the recompute."""
        if not (self.env.is_superuser() or self.env.user.has_group(MANAGERS)):
            raise AccessError(
                self.env._(
                    "Only CRM relationship administrators can recompute the next "
                    "best actions."
                )
            )
        companies = self.env["res.company"].sudo().search([])
        for index, company in enumerate(companies):
            self.sudo()._recompute(company)
            self._commit()
            self.sudo()._propose_contacts(company)
            self.env["ir.cron"]._notify_progress(
                done=index + 1, remaining=len(companies) - index - 1
            )

    def _commit(self):
        # Only the cron commits (its code sets the flag): between companies and
        # between batches of proposals.
        if self.env.context.get("crm_next_action_commit"):
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _demo_recompute(self):
        """Demo data: the demo customers of CRM Relationship get a salesperson
        (where they have none) so that "My Next Best Actions" has something to
        show, then their cadence and next best actions are computed."""
        demo = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [("module", "=", "crm_relationship"), ("model", "=", "res.partner")]
            )
        )
        partners = self.env["res.partner"].browse(demo.mapped("res_id")).exists()
        sellers = self.env.ref("base.user_admin") | self.env.ref(
            "base.user_demo", raise_if_not_found=False
        )
        for index, partner in enumerate(partners.filtered(lambda p: not p.user_id)):
            partner.user_id = sellers[index % len(sellers)]
        return self.sudo()._recompute(self.env.ref("base.main_company"))

    @api.model
    def _refresh_partners(self, partners, company=None):
        """Recompute at once the rows of these customers (after a touchpoint
        or a next best action), with the segments' intervals of the last run."""
        commercial = partners.commercial_partner_id
        if not commercial:
            return 0
        return self.sudo()._recompute(company or self.env.company, commercial.ids)

    # ------------------------------------------------------------------ recompute
    @api.model
    def _recompute(self, company, partner_ids=None, batch_size=BATCH_SIZE):
        """Recompute the company's rows; returns the number of customers.

        ``partner_ids`` limits the recompute to these customers (the segments'
        intervals are then those of the last full run)."""
        self.env.flush_all()
        rules = self._company_rules(company)
        if partner_ids is not None:
            return self._recompute_partners(company, rules, list(partner_ids))
        # Two full runs of one company never overlap; a transaction-level
        # lock is released with the transaction, whatever happens.
        locked = self.env.execute_query(
            SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", LOCK_NAMESPACE, company.id)
        )[0][0]
        if not locked:
            _logger.info(
                "crm_next_action: %s is already being recomputed", company.name
            )
            return 0
        for name, value in RECOMPUTE_SETTINGS:
            self.env.execute_query(SQL("SELECT set_config(%s, %s, true)", name, value))
        timings = [time.perf_counter()]
        facts, new, matched = (SQL.identifier(t) for t in (FACTS, NEW_ROWS, MATCHED))
        self._create_temp(facts, self._facts_sql(company))
        timings.append(time.perf_counter())
        self._store_segment_intervals(company, facts)
        self._create_temp(new, self._cadence_sql(company, facts))
        self._create_temp(matched, self._rules_sql(company, rules, new, []))
        timings.append(time.perf_counter())
        bounds = self.env.execute_query(
            SQL(
                """
                SELECT MIN(partner_id), MAX(partner_id)
                  FROM (SELECT partner_id,
                               (ROW_NUMBER() OVER (ORDER BY partner_id) - 1) / %s
                                   AS batch
                          FROM %s) numbered
                 GROUP BY batch ORDER BY 1
                """,
                batch_size,
                new,
            )
        )
        for low, high in bounds:
            self._write_rows(
                company,
                new,
                matched,
                SQL("new.partner_id BETWEEN %s AND %s", low, high),
            )
        self._delete_stale(company, new, SQL("TRUE"))
        timings.append(time.perf_counter())
        count = self.env.execute_query(SQL("SELECT COUNT(*) FROM %s", new))[0][0]
        for table in (facts, new, matched):
            self.env.execute_query(SQL("DROP TABLE %s", table))
        self.env.invalidate_all()
        _logger.info(
            "crm_next_action: %s customers of %s in %.1f s (history %.1f s, cadence "
            "and rules %.1f s, writes %.1f s)",
            count,
            company.name,
            timings[-1] - timings[0],
            *(b - a for a, b in itertools.pairwise(timings)),
        )
        return count

    def _create_temp(self, table, select):
        self.env.execute_query(SQL("DROP TABLE IF EXISTS %s", table))
        self.env.execute_query(SQL("CREATE TEMP TABLE %s AS %s", table, select))
        self.env.execute_query(SQL("CREATE INDEX ON %s (partner_id)", table))
        self.env.execute_query(SQL("ANALYZE %s", table))

    def _recompute_partners(self, company, rules, partner_ids):
        """The same statements for a few customers, as sub-queries rather
        than temporary tables (this runs inside ordinary requests)."""
        facts = SQL("(%s)", self._facts_sql(company, partner_ids))
        new = SQL("(%s)", self._cadence_sql(company, facts))
        matched = SQL(
            "(%s)", self._rules_sql(company, rules, new, [("id", "in", partner_ids)])
        )
        self._write_rows(company, new, matched, SQL("TRUE"))
        self._delete_stale(company, new, SQL("row.partner_id = ANY(%s)", partner_ids))
        self._invalidate_row_readers()
        return len(partner_ids)

    def _invalidate_row_readers(self):
        self.env["crm.next.action"].invalidate_model()
        self.env["res.partner"].invalidate_model(list(PARTNER_ROW_FIELDS))
        context = self.env["crm.customer.context.mixin"]._fields
        for model in self.env["crm.customer.context.mixin"]._inherit_children:
            self.env[model].invalidate_model(
                [name for name in context if name.startswith("customer_")]
            )

    @api.model
    def _company_rules(self, company):
        """The rules of the company that can run, in order, with their
        conditions parsed (a condition that no longer compiles is skipped
        with a warning, never fatal)."""
        rules = (
            self.env["crm.next.action.rule"]
            .sudo()
            .with_company(company)
            .with_context(active_test=True)
            .search([("company_id", "in", (False, company.id))])
        )
        usable = []
        for rule in rules:
            try:
                usable.append((rule, rule._parsed_domain()))
            except Exception as error:  # noqa: BLE001 - a bad rule must not stop the run
                _logger.warning("crm_next_action: rule %s skipped: %s", rule.id, error)
        return usable

    def _rules_sql(self, company, rules, new, only):
        """(partner_id, rule_id) of the first rule each new row meets: one CASE
        over the rules' conditions, compiled to SQL by the ORM. Conditions on
        the customer's cadence read the new rows (see res.partner
        ``_search_on_row``); ``only`` limits them to the customers of a
        partial recompute."""
        Partner = (
            self.env["res.partner"]
            .sudo()
            .with_company(company)
            .with_context(active_test=False, crm_next_action_rows=new)
        )
        cases = []
        for rule, domain in rules:
            try:
                query = Partner._search(expression.AND([domain, only]))
            except (ValueError, KeyError, TypeError) as error:
                _logger.warning("crm_next_action: rule %s skipped: %s", rule.id, error)
                continue
            cases.append(
                SQL("WHEN new.partner_id IN %s THEN %s", query.subselect(), rule.id)
            )
        choice = SQL("CASE %s END", SQL(" ").join(cases)) if cases else SQL("NULL")
        return SQL(
            "SELECT new.partner_id, (%s)::int AS rule_id FROM %s new", choice, new
        )

    def _write_rows(self, company, new, matched, condition):
        """Upsert the new rows meeting ``condition`` that differ from the
        stored ones (a join finds them: unchanged rows are not touched)."""
        columns = list(ROW_COLUMNS) + ["rule_id"]
        names = SQL(", ").join(SQL.identifier(c) for c in columns)
        values = SQL(", ").join(
            [SQL.identifier("new", c) for c in ROW_COLUMNS]
            + [SQL.identifier("matched", "rule_id")]
        )
        stored = SQL(", ").join(SQL.identifier("row", c) for c in columns)
        excluded = SQL(", ").join(
            SQL("EXCLUDED.%s", SQL.identifier(c)) for c in columns
        )
        self.env.execute_query(
            SQL(
                """
                INSERT INTO crm_next_action AS row (partner_id, company_id, %(names)s)
                SELECT new.partner_id, %(company)s, %(values)s
                  FROM %(new)s new
                  JOIN %(matched)s matched ON matched.partner_id = new.partner_id
                  LEFT JOIN crm_next_action row
                         ON row.company_id = %(company)s
                        AND row.partner_id = new.partner_id
                 WHERE %(condition)s
                   AND (row.id IS NULL OR (%(stored)s) IS DISTINCT FROM (%(values)s))
                ON CONFLICT (company_id, partner_id) DO UPDATE
                   SET (%(names)s) = (%(excluded)s)
                """,
                names=names,
                values=values,
                company=company.id,
                new=new,
                matched=matched,
                condition=condition,
                stored=stored,
                excluded=excluded,
            )
        )

    def _delete_stale(self, company, new, scope):
        """Customers no longer in scope (no history in the window, archived,
        objecting) lose their row."""
        self.env.execute_query(
            SQL(
                """
                DELETE FROM crm_next_action row
                 WHERE row.company_id = %(company)s AND %(scope)s
                   AND NOT EXISTS (SELECT 1 FROM %(new)s new
                                    WHERE new.partner_id = row.partner_id)
                """,
                company=company.id,
                scope=scope,
                new=new,
            )
        )
