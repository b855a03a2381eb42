# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The inputs of the recompute, as SQL: each customer's purchase and contact
history (the facts), the segments' typical intervals, and the cadence that
follows (the new rows). Plain statements, composed by the engine."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# A typical interval needs at least this many purchases (or contacts): two
# intervals. Below, the customer's segment gives it.
MIN_OWN_EVENTS = 3
# Recommended contact intervals are kept within these bounds (days): a
# customer who buys every day is not called every day.
MIN_CONTACT_INTERVAL = 7
MAX_CONTACT_INTERVAL = 365
# Columns of crm_next_action written from the new rows (all but the rule).
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


class CrmNextActionInputs(models.AbstractModel):
    _name = "crm.next.action.inputs"
    _description = "Next Best Action Run Inputs"

    # ------------------------------------------------------------------ facts
    def _facts_sql(self, company, partner_ids=None):
        """Per customer of the company: purchase days (as the scoring counts
        them) and contact days (touchpoints) in the analysis window, with
        their median intervals, the segment and the value at stake."""
        as_of = fields.Date.context_today(self)
        start = as_of - timedelta(days=company.rfm_window_days - 1)
        only_touchpoints = only_customers = SQL("TRUE")
        if partner_ids is not None:
            ids = list(partner_ids)
            only_touchpoints = SQL("touchpoint.partner_id = ANY(%s)", ids)
            only_customers = SQL("partner.id = ANY(%s)", ids)
        key = str(company.id)
        # Touchpoints: one sort, no de-duplication pass: touchpoints of the
        # same day give an interval of 0, left out of the median and of the
        # count of days.
        return SQL(
            """
            WITH purchases AS (%(purchases)s),
            contacts AS (
                SELECT partner_id,
                       COUNT(*) - COUNT(*) FILTER (WHERE gap = 0) AS events,
                       MAX(day) AS last_day,
                       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY NULLIF(gap, 0))
                           AS gap
                  FROM (SELECT touchpoint.partner_id, touchpoint.date::date AS day,
                               touchpoint.date::date
                                 - LAG(touchpoint.date::date) OVER (
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
            purchases=self._purchases_sql(company, start, as_of, partner_ids),
            only_touchpoints=only_touchpoints,
            only_customers=only_customers,
            company=company.id,
            start=start,
            key=key,
            allowed=self._allowed_partner_sql("partner"),
        )

    def _purchases_sql(self, company, start, as_of, partner_ids=None):
        """(partner_id, events, first_day, last_day, gap) of each customer
        with a purchase day in [start, as_of]: the number of purchase days,
        the first and last, and the median interval between them (a day with
        only refunds is no purchase, as for the scoring).

        A full run of a company scored from its orders reads crm_rfm's
        purchase summary (refreshed first): a million short arrays instead of
        every order. A recompute of a few customers, and companies scored from
        invoices or on margin, read their documents."""
        if (
            partner_ids is None
            and company.rfm_source == "orders"
            and company.rfm_monetary_basis != "margin"
        ):
            self.env["crm.purchase.summary"].sudo()._refresh()
            return SQL(
                """
                SELECT summary.partner_id, days.events, days.first_day,
                       days.last_day, days.gap
                  FROM crm_purchase_summary summary
                 CROSS JOIN LATERAL (
                       SELECT COUNT(*) AS events, MIN(day) AS first_day,
                              MAX(day) AS last_day,
                              PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY gap) AS gap
                         FROM (SELECT day, day - LAG(day) OVER (ORDER BY day) AS gap
                                 FROM UNNEST(summary.purchase_days) AS day
                                WHERE day BETWEEN %(start)s AND %(as_of)s) gaps
                       ) days
                 WHERE summary.company_id = %(company)s AND days.events > 0
                """,
                company=company.id,
                start=start,
                as_of=as_of,
            )
        documents = self.env["crm.rfm.run"]._documents_sql(company, start, as_of)
        only_documents = SQL("TRUE")
        if partner_ids is not None:
            only_documents = SQL("documents.partner_id = ANY(%s)", list(partner_ids))
        return SQL(
            """
            SELECT partner_id,
                   COUNT(*) - COUNT(*) FILTER (WHERE gap = 0) AS events,
                   MIN(day) AS first_day, MAX(day) AS last_day,
                   PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY NULLIF(gap, 0)) AS gap
              FROM (SELECT documents.partner_id, documents.day,
                           documents.day - LAG(documents.day) OVER (
                               PARTITION BY documents.partner_id
                               ORDER BY documents.day) AS gap
                      FROM (%(documents)s) documents
                     WHERE documents.amount >= 0 AND %(only_documents)s) gaps
             GROUP BY partner_id
            """,
            documents=documents,
            only_documents=only_documents,
        )

    @api.model
    def _allowed_partner_sql(self, alias):
        """Customers who get no cadence and no proposal: those who object to
        being profiled and contacted (one place, so that consent per purpose
        can extend it)."""
        return SQL(
            "NOT COALESCE(%s, FALSE)", SQL.identifier(alias, "profiling_objection")
        )

    # ------------------------------------------------------------------ segments
    def _store_segment_intervals(self, company, facts):
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
                  FROM %(facts)s facts
                 WHERE segment IS NOT NULL
                 GROUP BY segment
                """,
                min=MIN_OWN_EVENTS,
                facts=facts,
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

    # ------------------------------------------------------------------ cadence
    def _interval_sql(self, kind, default):
        """(days, source) of the customer's typical interval: their own median
        with enough events, else their segment's, else the company default."""
        count = SQL.identifier("facts", f"{kind}_count")
        gap = SQL.identifier("facts", f"{kind}_gap")
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

    def _cadence_sql(self, company, facts):
        """The new rows: one per customer with the values of ROW_COLUMNS.

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

        by_purchase = SQL(
            "(c.purchase_due > c.last_contact_date "
            "AND (c.contact_due IS NULL OR c.purchase_due <= c.contact_due))"
        )
        return SQL(
            """
            SELECT c.partner_id, c.segment,
                   ROUND(c.value_at_stake::numeric, 2) AS value_at_stake,
                   c.purchase_count, c.first_purchase_date, c.last_purchase_date,
                   c.purchase_interval_days, c.purchase_interval_source,
                   c.contact_count, c.last_contact_date, c.contact_interval_days,
                   c.contact_interval_source,
                   CASE WHEN %(by_purchase)s THEN c.purchase_due
                        ELSE c.contact_due END AS next_contact_date,
                   CASE WHEN %(by_purchase)s THEN 'purchase'
                        ELSE 'contact' END AS next_contact_basis
              FROM (SELECT facts.*,
                           CASE WHEN facts.purchase_count > 0
                                THEN %(purchase_days)s END AS purchase_interval_days,
                           CASE WHEN facts.purchase_count > 0
                                THEN %(purchase_source)s END
                               AS purchase_interval_source,
                           %(contact_days)s AS contact_interval_days,
                           %(contact_source)s AS contact_interval_source,
                           facts.last_purchase_date + %(purchase_bounded)s
                               AS purchase_due,
                           facts.last_contact_date + %(contact_bounded)s
                               AS contact_due
                      FROM %(facts)s facts
                      LEFT JOIN crm_next_action_segment seg
                             ON seg.company_id = %(company)s
                            AND seg.segment = facts.segment) c
            """,
            by_purchase=by_purchase,
            purchase_days=purchase_days,
            purchase_source=purchase_source,
            contact_days=contact_days,
            contact_source=contact_source,
            purchase_bounded=bounded(purchase_days),
            contact_bounded=bounded(contact_days),
            facts=facts,
            company=company.id,
        )
