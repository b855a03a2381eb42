# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The nightly recompute of cadence and next best actions, set-based.

One SQL statement stages every customer's purchase and contact history
(count, first and last day, median interval); the segments' typical intervals
come from that stage; then, per batch of customers, one upsert writes the
cadence and one update picks the first matching rule (each rule's condition
compiled to SQL by the ORM). The number of statements per batch is constant,
whatever its size, and nothing is loaded into Python per customer."""

import logging
import time
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

MANAGERS = "crm_relationship.group_crm_relationship_manager"
BATCH_SIZE = 250_000
# A typical interval needs at least this many purchases (or contacts): two
# intervals. Below, the customer's segment gives it.
MIN_OWN_EVENTS = 3
# Recommended contact intervals are kept within these bounds (days): a
# customer who buys every day is not called every day.
MIN_CONTACT_INTERVAL = 7
MAX_CONTACT_INTERVAL = 365
# Advisory lock namespace of the recompute (one per company at a time).
LOCK_NAMESPACE = 0x4E4241  # "NBA"
STAGE = "crm_next_action_stage"
# The full recompute sorts a million customers' purchase days in memory (one
# sort, no spill to disk) and skips JIT compilation, for its own transaction
# only (set_config(..., true) = SET LOCAL).
RECOMPUTE_SETTINGS = (("work_mem", "1GB"), ("jit", "off"))
# Columns written from the stage into crm_next_action (all but the rule).
ROW_COLUMNS = (
    "segment",
    "value_at_stake",
    "purchase_count",
    "first_purchase_date",
    "last_purchase_date",
    "purchase_interval_days",
    "purchase_interval_source",
    "contact_count",
    "last_contact_date",
    "contact_interval_days",
    "contact_interval_source",
    "next_contact_date",
    "next_contact_basis",
)


class CrmNextAction(models.Model):
    _inherit = "crm.next.action"

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
        """Stage, then write in batches; returns the number of customers.

        ``partner_ids`` limits the recompute to these customers (the segments'
        intervals are then read from the last full run)."""
        started = time.perf_counter()
        self.env.flush_all()
        if partner_ids is None:
            # Two full runs of one company never overlap; a transaction-level
            # lock is released with the transaction, whatever happens.
            locked = self.env.execute_query(
                SQL(
                    "SELECT pg_try_advisory_xact_lock(%s, %s)",
                    LOCK_NAMESPACE,
                    company.id,
                )
            )[0][0]
            if not locked:
                _logger.info(
                    "crm_next_action: %s is already being recomputed", company.name
                )
                return 0
        rules = self._company_rules(company)
        if partner_ids is not None:
            return self._recompute_partners(company, rules, list(partner_ids))
        for name, value in RECOMPUTE_SETTINGS:
            self.env.execute_query(SQL("SELECT set_config(%s, %s, true)", name, value))
        stage = SQL.identifier(STAGE)
        self.env.execute_query(SQL("DROP TABLE IF EXISTS %s", stage))
        self.env.execute_query(
            SQL("CREATE TEMP TABLE %s AS %s", stage, self._stage_sql(company))
        )
        self.env.execute_query(SQL("CREATE INDEX ON %s (partner_id)", stage))
        self.env.execute_query(SQL("ANALYZE %s", stage))
        self._store_segment_intervals(company)
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
                stage,
            )
        )
        for low, high in bounds:
            in_batch = SQL("stage.partner_id BETWEEN %s AND %s", low, high)
            self._write_rows(company, stage, in_batch)
        # One pass for the rules: each condition is evaluated once for the
        # whole company (per batch, a condition on touchpoints or on the rows
        # would scan them again and again).
        self._apply_rules(company, rules, stage, SQL("TRUE"), [])
        self._delete_stale(company, stage, SQL("TRUE"))
        count = self.env.execute_query(SQL("SELECT COUNT(*) FROM %s", stage))[0][0]
        self.env.execute_query(SQL("DROP TABLE %s", stage))
        self.env.invalidate_all()
        _logger.info(
            "crm_next_action: %s customers of %s in %.1f s",
            count,
            company.name,
            time.perf_counter() - started,
        )
        return count

    def _recompute_partners(self, company, rules, partner_ids):
        """The same statements for a few customers, without a staging table
        (this runs inside ordinary requests)."""
        stage = SQL("(%s)", self._stage_sql(company, partner_ids))
        self._write_rows(company, stage, SQL("TRUE"))
        rows = SQL(
            "(SELECT partner_id FROM crm_next_action "
            "WHERE company_id = %s AND partner_id = ANY(%s))",
            company.id,
            partner_ids,
        )
        self._apply_rules(
            company, rules, rows, SQL("TRUE"), [("id", "in", partner_ids)]
        )
        self._delete_stale(company, stage, SQL("row.partner_id = ANY(%s)", partner_ids))
        self.env.invalidate_all()
        return len(partner_ids)

    def _stage_sql(self, company, partner_ids=None):
        """Per customer of the company: purchase days (as the scoring counts
        them) and contact days (touchpoints) in the analysis window, with
        their median intervals, the segment and the value at stake."""
        as_of = fields.Date.context_today(self)
        start = as_of - timedelta(days=company.rfm_window_days - 1)
        documents = self.env["crm.rfm.run"]._documents_sql(company, start, as_of)
        only_partners = only_touchpoints = only_customers = SQL("TRUE")
        if partner_ids is not None:
            ids = list(partner_ids)
            only_partners = SQL("documents.partner_id = ANY(%s)", ids)
            only_touchpoints = SQL("touchpoint.partner_id = ANY(%s)", ids)
            only_customers = SQL("partner.id = ANY(%s)", ids)
        key = str(company.id)
        # One sort per source, no de-duplication pass: rows of the same day
        # give an interval of 0, left out of the median and of the count of
        # days (a day with only refunds is no purchase, as for the scoring).
        return SQL(
            """
            WITH documents AS (%(documents)s),
            purchases AS (
                SELECT partner_id,
                       COUNT(*) - COUNT(*) FILTER (WHERE gap = 0) AS events,
                       MIN(day) AS first_day, MAX(day) AS last_day,
                       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY NULLIF(gap, 0))
                           AS gap
                  FROM (SELECT documents.partner_id, documents.day,
                               documents.day - LAG(documents.day) OVER (
                                   PARTITION BY documents.partner_id
                                   ORDER BY documents.day) AS gap
                          FROM documents
                         WHERE documents.amount >= 0 AND %(only_partners)s) gaps
                 GROUP BY partner_id
            ),
            contacts AS (
                SELECT partner_id,
                       COUNT(*) - COUNT(*) FILTER (WHERE gap = 0) AS events,
                       MAX(day) AS last_day,
                       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY NULLIF(gap, 0))
                           AS gap
                  FROM (SELECT touchpoint.partner_id, touchpoint.date::date AS day,
                               touchpoint.date::date - LAG(touchpoint.date::date) OVER (
                                   PARTITION BY touchpoint.partner_id
                                   ORDER BY touchpoint.date) AS gap
                          FROM crm_touchpoint touchpoint
                         WHERE touchpoint.company_id = %(company)s
                           AND touchpoint.date >= %(start)s
                           AND %(only_touchpoints)s) gaps
                 GROUP BY partner_id
            )
            SELECT partner.id AS partner_id,
                   COALESCE(p.events, 0) AS purchase_count,
                   p.first_day AS first_purchase_date,
                   p.last_day AS last_purchase_date, p.gap AS purchase_gap,
                   COALESCE(c.events, 0) AS contact_count,
                   GREATEST(c.last_day, p.last_day) AS last_contact_date,
                   c.gap AS contact_gap,
                   partner.rfm_segment ->> %(key)s AS segment,
                   COALESCE((partner.clv ->> %(key)s)::float8, 0)
                     * COALESCE((partner.churn_probability ->> %(key)s)::float8, 0)
                       AS value_at_stake
              FROM res_partner partner
              LEFT JOIN purchases p ON p.partner_id = partner.id
              LEFT JOIN contacts c ON c.partner_id = partner.id
             WHERE (p.partner_id IS NOT NULL OR c.partner_id IS NOT NULL)
               AND %(only_customers)s
               AND partner.active
               AND partner.id = partner.commercial_partner_id
               AND (partner.company_id IS NULL OR partner.company_id = %(company)s)
               AND %(allowed)s
            """,
            documents=documents,
            only_partners=only_partners,
            only_touchpoints=only_touchpoints,
            only_customers=only_customers,
            company=company.id,
            start=start,
            key=key,
            allowed=self._allowed_partner_sql("partner"),
        )

    @api.model
    def _allowed_partner_sql(self, alias):
        """Customers who get no cadence and no proposal: those who object to
        being profiled and contacted (one place, so that consent per purpose
        can extend it)."""
        return SQL(
            "NOT COALESCE(%s, FALSE)", SQL.identifier(alias, "profiling_objection")
        )

    def _store_segment_intervals(self, company):
        """The typical purchase and contact intervals of each segment: the
        median of its members' own intervals (members with enough history)."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT segment,
                       ROUND(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY purchase_gap)
                             FILTER (WHERE purchase_count >= %(min)s)),
                       ROUND(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY contact_gap)
                             FILTER (WHERE contact_count >= %(min)s)),
                       COUNT(*)
                  FROM %(stage)s
                 WHERE segment IS NOT NULL
                 GROUP BY segment
                """,
                min=MIN_OWN_EVENTS,
                stage=SQL.identifier(STAGE),
            )
        )
        Segment = self.env["crm.next.action.segment"].sudo()
        Segment.search([("company_id", "=", company.id)]).unlink()
        Segment.create(
            [
                {
                    "company_id": company.id,
                    "segment": segment,
                    "purchase_interval_days": purchase or 0,
                    "contact_interval_days": contact or 0,
                    "customer_count": count,
                }
                for segment, purchase, contact, count in rows
            ]
        )
        self.env.flush_all()

    def _interval_sql(self, kind, default):
        """(days, source) of the customer's typical interval: their own median
        with enough events, else their segment's, else the company default."""
        count = SQL.identifier("stage", f"{kind}_count")
        gap = SQL.identifier("stage", f"{kind}_gap")
        segment = SQL.identifier("seg", f"{kind}_interval_days")
        days = SQL(
            "CASE WHEN %(count)s >= %(min)s THEN GREATEST(ROUND(%(gap)s), 1)::int "
            "ELSE COALESCE(NULLIF(%(segment)s, 0), %(default)s) END",
            count=count,
            gap=gap,
            segment=segment,
            min=MIN_OWN_EVENTS,
            default=default,
        )
        source = SQL(
            "CASE WHEN %(count)s >= %(min)s THEN 'own' "
            "WHEN COALESCE(%(segment)s, 0) > 0 THEN 'segment' ELSE 'default' END",
            count=count,
            segment=segment,
            min=MIN_OWN_EVENTS,
        )
        return days, source

    def _write_rows(self, company, stage, condition):
        """Upsert the cadence of the staged customers meeting ``condition``
        (rows that did not change are left alone).

        The next contact is due when the customer would usually buy again
        (if that is still ahead of the last contact), or when their usual
        contact interval has passed since the last contact, whichever comes
        first; both intervals are kept within MIN/MAX_CONTACT_INTERVAL."""
        default = company.next_action_default_interval_days or 90
        purchase_days, purchase_source = self._interval_sql("purchase", default)
        contact_days, contact_source = self._interval_sql("contact", default)

        def bounded(days):
            return SQL(
                "LEAST(GREATEST(%s, %s), %s)",
                days,
                MIN_CONTACT_INTERVAL,
                MAX_CONTACT_INTERVAL,
            )

        cadence = SQL(
            """
            SELECT stage.*,
                   CASE WHEN stage.purchase_count > 0 THEN %(purchase_days)s END
                       AS purchase_interval_days,
                   CASE WHEN stage.purchase_count > 0 THEN %(purchase_source)s END
                       AS purchase_interval_source,
                   %(contact_days)s AS contact_interval_days,
                   %(contact_source)s AS contact_interval_source,
                   stage.last_purchase_date + %(purchase_bounded)s AS purchase_due,
                   stage.last_contact_date + %(contact_bounded)s AS contact_due
              FROM %(stage)s stage
              LEFT JOIN crm_next_action_segment seg
                     ON seg.company_id = %(company)s AND seg.segment = stage.segment
             WHERE %(condition)s
            """,
            purchase_days=purchase_days,
            purchase_source=purchase_source,
            contact_days=contact_days,
            contact_source=contact_source,
            purchase_bounded=bounded(purchase_days),
            contact_bounded=bounded(contact_days),
            stage=stage,
            company=company.id,
            condition=condition,
        )
        by_purchase = SQL(
            "(c.purchase_due > c.last_contact_date "
            "AND (c.contact_due IS NULL OR c.purchase_due <= c.contact_due))"
        )
        values = SQL(
            """
            c.segment, ROUND(c.value_at_stake::numeric, 2), c.purchase_count,
            c.first_purchase_date, c.last_purchase_date, c.purchase_interval_days,
            c.purchase_interval_source, c.contact_count, c.last_contact_date,
            c.contact_interval_days, c.contact_interval_source,
            CASE WHEN %(by_purchase)s THEN c.purchase_due ELSE c.contact_due END,
            CASE WHEN %(by_purchase)s THEN 'purchase' ELSE 'contact' END
            """,
            by_purchase=by_purchase,
        )
        columns = SQL(", ").join(SQL.identifier(c) for c in ROW_COLUMNS)
        excluded = SQL(", ").join(
            SQL("EXCLUDED.%s", SQL.identifier(c)) for c in ROW_COLUMNS
        )
        current = SQL(", ").join(SQL("row.%s", SQL.identifier(c)) for c in ROW_COLUMNS)
        self.env.execute_query(
            SQL(
                """
                INSERT INTO crm_next_action AS row (partner_id, company_id, %(columns)s)
                SELECT c.partner_id, %(company)s, %(values)s
                  FROM (%(cadence)s) c
                ON CONFLICT (company_id, partner_id) DO UPDATE
                   SET (%(columns)s) = (%(excluded)s)
                 WHERE (%(current)s) IS DISTINCT FROM (%(excluded)s)
                """,
                columns=columns,
                company=company.id,
                values=values,
                cadence=cadence,
                excluded=excluded,
                current=current,
            )
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
        for rule in rules.filtered("available"):
            try:
                usable.append((rule, rule._parsed_domain()))
            except Exception as error:  # noqa: BLE001 - a bad rule must not stop the run
                _logger.warning("crm_next_action: rule %s skipped: %s", rule.id, error)
        return usable

    def _apply_rules(self, company, rules, stage, condition, only):
        """First matching rule of each staged customer: one CASE over the
        rules' conditions, compiled to SQL by the ORM (``only``: a domain that
        limits the conditions to the customers of a partial recompute)."""
        Partner = (
            self.env["res.partner"]
            .sudo()
            .with_company(company)
            .with_context(active_test=False)
        )
        cases = []
        for rule, domain in rules:
            try:
                query = Partner._search(expression.AND([domain, only]))
            except (ValueError, KeyError, TypeError) as error:
                _logger.warning("crm_next_action: rule %s skipped: %s", rule.id, error)
                continue
            cases.append(
                SQL("WHEN stage.partner_id IN %s THEN %s", query.subselect(), rule.id)
            )
        choice = SQL("CASE %s END", SQL(" ").join(cases)) if cases else SQL("NULL")
        self.env.execute_query(
            SQL(
                """
                UPDATE crm_next_action row
                   SET rule_id = matched.rule_id
                  FROM (SELECT stage.partner_id, (%(choice)s)::int AS rule_id
                          FROM %(stage)s stage
                         WHERE %(condition)s) matched
                 WHERE row.company_id = %(company)s
                   AND row.partner_id = matched.partner_id
                   AND row.rule_id IS DISTINCT FROM matched.rule_id
                """,
                choice=choice,
                stage=stage,
                condition=condition,
                company=company.id,
            )
        )

    def _delete_stale(self, company, stage, scope):
        """Customers no longer in scope (no history in the window, archived,
        objecting) lose their row."""
        self.env.execute_query(
            SQL(
                """
                DELETE FROM crm_next_action row
                 WHERE row.company_id = %(company)s AND %(scope)s
                   AND NOT EXISTS (SELECT 1 FROM %(stage)s stage
                                    WHERE stage.partner_id = row.partner_id)
                """,
                company=company.id,
                scope=scope,
                stage=stage,
            )
        )
