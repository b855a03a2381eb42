# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import api, models
from odoo.tools import SQL

from ..scorecard import ACTIVE_DAYS, ACTIVITY_DAYS, PORTFOLIO_KPIS, portfolio_rates

TOUCHPOINT_USERS = "crm_relationship.group_crm_relationship_user"
MEASURE_SETTINGS = (("jit", "off"),)


class CrmRolloutKpi(models.AbstractModel):
    """The KPIs of the rollout objectives, measured from live data with one
    set-based query each, for a company at a date.

    * churn rate, retention rate, portfolio growth (percent): the formulas of
      ``crm_insight.kpis`` over the 365 days up to the date, from confirmed
      sale orders (a purchase is a customer-day whose orders add up to more
      than zero; a customer is active for 365 days after a purchase), read
      from crm_rfm's purchase summary rather than from every order;
    * complaint resolution time (hours): the median time from a complaint to
      its resolution, over the complaints opened in the 30 days up to the date
      and resolved: the helpdesk's complaint tickets when
      crm_relationship_helpdesk is installed (its ``complaint_kpis``), the
      complaint touchpoints otherwise;
    * customers with a type and a way to reach them (percent): customers (a
      confirmed order of the company, or marked as customers of the company)
      whose type is set and who have a valid e-mail or a phone number (of
      their own or of a contact);
    * touchpoints logged per active user per week: touchpoints logged by hand
      (not from an order, a lead or an e-mail) in the last 30 days by the
      company's active users who may log them, per user and per week;
    * confirmed orders whose customer had a touchpoint (other than an order)
      in the 30 days before, in percent, over the orders of the last 30 days.

    Values are None when there is nothing to measure.
    """

    _name = "crm.rollout.kpi"
    _description = "Rollout KPI Measurement"

    @api.model
    def _measure(self, company, day, kpis):
        """{kpi: value or None} of ``kpis`` for ``company`` at the end of
        ``day``."""
        self.env.flush_all()
        # no JIT compilation for the rest of the transaction: PostgreSQL
        # would compile these aggregates for longer than they run
        self.env["crm.purchase.summary"]._settings(MEASURE_SETTINGS)
        kpis = set(kpis)
        values = {}
        if kpis & set(PORTFOLIO_KPIS):
            counts = self._portfolio_counts(company, day)
            rates = portfolio_rates(*counts[:3])
            for kpi in PORTFOLIO_KPIS:
                values[kpi] = None if rates[kpi] is None else 100.0 * rates[kpi]
        for kpi in kpis - set(PORTFOLIO_KPIS):
            values[kpi] = getattr(self, f"_measure_{kpi}")(company, day)
        return {kpi: values[kpi] for kpi in kpis}

    @staticmethod
    def _end(day):
        """The instant after ``day`` (UTC), the exclusive upper bound."""
        return datetime.datetime.combine(
            day + datetime.timedelta(days=1), datetime.time()
        )

    # ------------------------------------------------------------------ portfolio
    @api.model
    def _portfolio_counts(self, company, day):
        """(S, E, N, retained) of the period of 365 days ending on ``day``, as
        ``crm_insight.kpis.period_kpis`` counts them, from crm_rfm's purchase
        summary: a customer is active at a date when it lies in their active
        periods, new when their first purchase falls in the period."""
        self.env["crm.purchase.summary"].sudo()._refresh()
        start = day - datetime.timedelta(days=ACTIVE_DAYS)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT COUNT(*) FILTER (WHERE active_periods @> %(start)s::date),
                       COUNT(*) FILTER (WHERE active_periods @> %(day)s::date),
                       COUNT(*) FILTER (WHERE first_purchase_date > %(start)s
                                          AND first_purchase_date <= %(day)s),
                       COUNT(*) FILTER (WHERE active_periods @> %(start)s::date
                                          AND active_periods @> %(day)s::date)
                  FROM crm_purchase_summary
                 WHERE company_id = %(company)s
                """,
                company=company.id,
                start=start,
                day=day,
            )
        )
        return tuple(int(v) for v in rows[0])

    # ------------------------------------------------------------------ complaints
    @api.model
    def _measure_complaint_resolution_hours(self, company, day):
        """Median hours from the opening of a complaint to its resolution, over
        the complaints opened in the 30 days up to ``day`` and resolved. With
        the helpdesk (crm_relationship_helpdesk installed) the complaints are
        its complaint tickets, read from its complaint KPIs; otherwise the
        complaint touchpoints."""
        if "crm.complaint.report" in self.env:
            return self._helpdesk_complaint_hours(company, day)
        return self._touchpoint_complaint_hours(company, day)

    @api.model
    def _helpdesk_complaint_hours(self, company, day):
        """``complaint_kpis`` of crm_relationship_helpdesk over the 30 days up
        to ``day``, read as the figures of the plan (whatever the helpdesk
        rights of the reader). The daily job runs as OdooBot, who may not work
        in the plan's company: the figures are then read as a user who does."""
        Report = self.env["crm.complaint.report"].sudo()
        if company not in Report.env.user.company_ids:
            member = (
                self.env["res.users"]
                .sudo()
                .search(
                    [("share", "=", False), ("company_ids", "in", company.ids)],
                    limit=1,
                )
            )
            if not member:
                return None
            Report = Report.with_user(member).sudo()
        kpis = Report.complaint_kpis(
            company.id, day - datetime.timedelta(days=ACTIVITY_DAYS - 1), day
        )
        return kpis["median_resolution_hours"]

    @api.model
    def _touchpoint_complaint_hours(self, company, day):
        end = self._end(day)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT percentile_cont(0.5) WITHIN GROUP (
                           ORDER BY EXTRACT(EPOCH FROM (resolved_at - date)) / 3600.0)
                  FROM crm_touchpoint
                 WHERE date >= %(start)s AND date < %(end)s
                   AND kind = 'complaint' AND resolved
                   AND resolved_at >= date
                   AND company_id = %(company)s
                """,
                company=company.id,
                start=end - datetime.timedelta(days=ACTIVITY_DAYS),
                end=end,
            )
        )
        value = rows[0][0]
        return None if value is None else float(value)

    # ------------------------------------------------------------------ data quality
    @api.model
    def _customers_sql(self, company, day):
        """The company's customers on ``day``: the commercial partners that had
        a confirmed order of the company by then, and the partners of the
        company marked as customers (invoiced), active and created by then.
        Reads crm_rfm's purchase summary: its callers refresh it first
        (``_reachable_counts`` does)."""
        end = self._end(day)
        return SQL(
            """
            SELECT customer.id
              FROM res_partner customer
             WHERE customer.company_id = %(company)s
               AND customer.customer_rank > 0
               AND customer.active
               AND customer.id = customer.commercial_partner_id
               AND customer.create_date < %(end)s
             UNION
            SELECT customer.id
              FROM crm_purchase_summary summary
              JOIN res_partner customer ON customer.id = summary.partner_id
             WHERE summary.company_id = %(company)s
               AND summary.first_order_date <= %(day)s
               AND customer.active
               AND customer.create_date < %(end)s
            """,
            company=company.id,
            end=end,
            day=day,
        )

    @api.model
    def _unreachable_sql(self, company, day, customers=None):
        """The customers without a type, or without a valid e-mail or a phone
        number (six digits or more) of their own or of one of their contacts
        (among ``customers``, an SQL query of ids: by default the company's
        customers on ``day``)."""
        # Set-based (a hash anti-join over one pass on the contacts): a probe
        # of each customer's contacts costs a million index scans.
        customers = customers or self._customers_sql(company, day)
        return SQL(
            """
            SELECT customer.id
              FROM res_partner customer
              JOIN (%(customers)s) customers ON customers.id = customer.id
             WHERE customer.customer_type IS NULL
             UNION
            SELECT customers.id
              FROM (%(customers)s) customers
             WHERE NOT EXISTS (
                   SELECT 1 FROM res_partner contact
                    WHERE contact.commercial_partner_id = customers.id
                      AND (contact.email_normalized IS NOT NULL
                           OR length(regexp_replace(
                                  COALESCE(contact.phone, '')
                                  || COALESCE(contact.mobile, ''),
                                  '[^0-9]', '', 'g')) >= 6))
             ORDER BY 1
            """,
            customers=customers,
        )

    @api.model
    def _reachable_counts(self, company, day):
        """(customers, customers with a type and a way to reach them), with
        crm_rfm's purchase summary refreshed first."""
        self.env["crm.purchase.summary"].sudo()._refresh()
        # the customers once (a union of two queries)
        rows = self.env.execute_query(
            SQL(
                "WITH customers AS MATERIALIZED (%s) "
                "SELECT (SELECT COUNT(*) FROM customers), "
                "(SELECT COUNT(*) FROM (%s) unreachable)",
                self._customers_sql(company, day),
                self._unreachable_sql(
                    company, day, customers=SQL("SELECT id FROM customers")
                ),
            )
        )
        total, unreachable = (int(v) for v in rows[0])
        return total, total - unreachable

    @api.model
    def _measure_reachable_share(self, company, day):
        total, reachable = self._reachable_counts(company, day)
        return 100.0 * reachable / total if total else None

    # ------------------------------------------------------------------ activity
    @api.model
    def _logging_users(self, company):
        """The company's active internal users who may log touchpoints."""
        group = self.env.ref(TOUCHPOINT_USERS)
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("share", "=", False),
                    ("groups_id", "in", group.ids),
                    ("company_ids", "in", company.ids),
                ]
            )
        )

    @api.model
    def _logged_touchpoints_sql(self, company, users, start, end):
        """Touchpoints logged by hand (not by an event: order, lead, e-mail,
        activity) by ``users`` in [start, end), counted per user."""
        return SQL(
            """
            SELECT user_id, COUNT(*)
              FROM crm_touchpoint
             WHERE user_id = ANY(%(users)s)
               AND event_ref IS NULL
               AND company_id = %(company)s
               AND date >= %(start)s AND date < %(end)s
             GROUP BY user_id
            """,
            users=users.ids,
            company=company.id,
            start=start,
            end=end,
        )

    @api.model
    def _measure_touchpoints_per_user_week(self, company, day):
        users = self._logging_users(company)
        if not users:
            return None
        end = self._end(day)
        rows = self.env.execute_query(
            self._logged_touchpoints_sql(
                company, users, end - datetime.timedelta(days=ACTIVITY_DAYS), end
            )
        )
        logged = sum(count for _user, count in rows)
        return logged / len(users) / (ACTIVITY_DAYS / 7.0)

    @api.model
    def _measure_orders_with_touchpoint_share(self, company, day):
        end = self._end(day)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT COUNT(*),
                       COUNT(*) FILTER (WHERE EXISTS (
                           SELECT 1 FROM crm_touchpoint touchpoint
                            WHERE touchpoint.partner_id = partner.commercial_partner_id
                              AND touchpoint.date >= so.date_order - INTERVAL '30 days'
                              AND touchpoint.date < so.date_order
                              AND touchpoint.res_model IS DISTINCT FROM 'sale.order'))
                  FROM sale_order so
                  JOIN res_partner partner ON partner.id = so.partner_id
                 WHERE so.state = 'sale'
                   AND so.company_id = %(company)s
                   AND so.date_order >= %(start)s AND so.date_order < %(end)s
                """,
                company=company.id,
                start=end - datetime.timedelta(days=ACTIVITY_DAYS),
                end=end,
            )
        )
        total, prepared = rows[0]
        return 100.0 * prepared / total if total else None
