# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.models import parse_read_group_spec
from odoo.tools import SQL


class CrmComplaintReport(models.Model):
    """One row per complaint ticket of a customer, for the complaint KPIs:
    how many, how fast they are resolved (median, computed by PostgreSQL for
    every cell of the pivot), and the share resolved within the SLA."""

    _name = "crm.complaint.report"
    _description = "Complaint KPIs"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    customer_type = fields.Selection(
        selection="_selection_customer_type", readonly=True
    )
    rfm_segment = fields.Selection(
        selection="_selection_rfm_segment",
        string="Segment",
        readonly=True,
        help="The customer's current value segment (Customer Value addon).",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Helpdesk Team", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Assigned To", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", readonly=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", readonly=True)
    date = fields.Datetime(string="Opened On", readonly=True)
    closed_date = fields.Datetime(string="Resolved On", readonly=True)
    is_resolved = fields.Boolean(string="Resolved", readonly=True)
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    resolution_hours = fields.Float(
        string="Median Resolution Time (hours)",
        digits=(16, 1),
        aggregator="median",
        readonly=True,
        help="Hours from the opening of the complaint to its resolution; the "
        "median of the resolved complaints of each group.",
    )
    sla_status = fields.Selection(
        [
            ("met", "Within SLA"),
            ("missed", "SLA missed"),
            ("pending", "Pending"),
            ("none", "No SLA"),
        ],
        string="SLA",
        readonly=True,
        help="Within SLA: resolved before the deadline. SLA missed: resolved "
        "after it, or still open past it. Pending: open, still in time.",
    )
    within_sla = fields.Float(
        string="Resolved within SLA (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Of the complaints with an SLA whose outcome is known (resolved, "
        "or the deadline has passed), the share resolved within it.",
    )

    @api.model
    def _selection_customer_type(self):
        field = self.env["res.partner"]._fields["customer_type"]
        return field._description_selection(self.env)

    @api.model
    def _selection_rfm_segment(self):
        # crm_rfm is optional: without it there is no segment to group by.
        field = self.env["res.partner"]._fields.get("rfm_segment")
        return field._description_selection(self.env) if field else []

    # The columns the query reads, by model: changes still in the ORM's cache
    # are written before the report is read.
    SOURCES = {
        "helpdesk.ticket": [
            "commercial_partner_id",
            "company_id",
            "team_id",
            "user_id",
            "category_id",
            "channel_id",
            "stage_id",
            "create_date",
            "closed_date",
            "is_complaint",
            "active",
        ],
        "helpdesk.ticket.stage": ["closed"],
        "helpdesk.ticket.sla": ["ticket_id", "state", "deadline"],
        "res.partner": ["customer_type", "rfm_segment"],
    }

    def _sources_to_flush(self):
        """An empty SQL fragment naming the source columns (Odoo flushes the
        fields of an SQL object before running it)."""
        fields_ = [
            self.env[model]._fields[name]
            for model, names in self.SOURCES.items()
            for name in names
            if name in self.env[model]._fields
        ]
        return SQL("%s" * len(fields_), *(SQL("", to_flush=f) for f in fields_))

    @property
    def _table_query(self):
        segment = SQL("NULL::varchar")
        field = self.env["res.partner"]._fields.get("rfm_segment")
        if field and field.company_dependent:
            # one jsonb value per company: the segment in the ticket's company
            segment = SQL("partner.rfm_segment ->> ticket.company_id::text")
        now = SQL("(now() at time zone 'UTC')")
        return SQL(
            """%(flush)s
            SELECT ticket.id AS id,
                   ticket.id AS ticket_id,
                   ticket.commercial_partner_id AS partner_id,
                   partner.customer_type AS customer_type,
                   %(segment)s AS rfm_segment,
                   ticket.company_id AS company_id,
                   ticket.team_id AS team_id,
                   ticket.user_id AS user_id,
                   ticket.category_id AS category_id,
                   ticket.channel_id AS channel_id,
                   ticket.stage_id AS stage_id,
                   ticket.create_date AS date,
                   resolution.closed_date AS closed_date,
                   resolution.closed_date IS NOT NULL AS is_resolved,
                   1 AS complaint_count,
                   EXTRACT(EPOCH FROM resolution.closed_date - ticket.create_date)
                       / 3600.0 AS resolution_hours,
                   CASE WHEN sla.lines = 0 THEN 'none'
                        WHEN sla.missed > 0 THEN 'missed'
                        WHEN resolution.closed_date IS NOT NULL THEN 'met'
                        ELSE 'pending'
                   END AS sla_status,
                   CASE WHEN sla.lines = 0 THEN NULL
                        WHEN sla.missed > 0 THEN 0.0
                        WHEN resolution.closed_date IS NOT NULL THEN 100.0
                   END AS within_sla
              FROM helpdesk_ticket ticket
              JOIN res_partner partner ON partner.id = ticket.commercial_partner_id
              LEFT JOIN helpdesk_ticket_stage stage ON stage.id = ticket.stage_id
             CROSS JOIN LATERAL (
                   SELECT CASE WHEN stage.closed THEN ticket.closed_date END
                          AS closed_date
                   ) resolution
             CROSS JOIN LATERAL (
                   SELECT count(*) AS lines,
                          count(*) FILTER (
                              WHERE line.state = 'expired'
                                 OR (line.state = 'in_progress'
                                     AND line.deadline
                                         < COALESCE(resolution.closed_date, %(now)s))
                          ) AS missed
                     FROM helpdesk_ticket_sla line
                    WHERE line.ticket_id = ticket.id
                   ) sla
             WHERE ticket.is_complaint AND ticket.active
            """,
            flush=self._sources_to_flush(),
            segment=segment,
            now=now,
        )

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        if "rfm_segment" not in self.env["res.partner"]._fields:
            for node in arch.xpath("//*[@name='rfm_segment' or @name='group_segment']"):
                node.getparent().remove(node)
        return arch, view

    # ------------------------------------------------------------------ median
    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec != "__count":
            fname, _property, func = parse_read_group_spec(aggregate_spec)
            if func == "median":
                field = self._fields.get(fname)
                if not field or field.aggregator != "median":
                    raise ValueError(f"Invalid aggregate {aggregate_spec!r}")
                expr = self._field_to_sql(self._table, fname, query)
                return SQL("percentile_cont(0.5) WITHIN GROUP (ORDER BY %s)", expr)
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------------ API
    @api.model
    def complaint_kpis(self, company_id, date_from, date_to, domain=None):
        """Complaint KPIs of a company over a period, for the rollout plan's
        "complaint resolution time" objective and any other reader.

        :param int company_id: a company of the current user
        :param date_from: first day of the period (date or "YYYY-MM-DD")
        :param date_to: last day of the period, included
        :param list domain: optional extra filter on this model, for instance
            ``[("customer_type", "=", "b2b")]`` or ``[("rfm_segment", "=",
            "champions")]``
        :return: a dict for the complaint tickets opened in the period (days
            in the user's time zone), read with the current user's rights::

              {"count": complaints opened,
               "resolved": of which resolved,
               "median_resolution_hours": median hours from opening to
                   resolution of the resolved ones, or None,
               "within_sla_share": percentage (0-100) of those with a known
                   SLA outcome that were resolved within the SLA, or None,
               "sla_count": complaints with a known SLA outcome}
        """
        company = self.env["res.company"].browse(int(company_id))
        if company not in self.env.user.company_ids:
            raise AccessError(
                self.env._("You can only read the complaint KPIs of your companies.")
            )
        try:
            start, end = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        except ValueError:
            start = end = None
        if not start or not end or start > end:
            raise UserError(
                self.env._(
                    "The period of the complaint KPIs needs a first day on or "
                    "before its last day (got %(start)s to %(end)s).",
                    start=date_from,
                    end=date_to,
                )
            )
        tz = pytz.timezone(self.env.user.tz or "UTC")

        def utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        [(count, median, resolved, share, sla_count)] = self._read_group(
            [
                ("company_id", "=", company.id),
                ("date", ">=", utc(start)),
                ("date", "<", utc(end + timedelta(days=1))),
                *(domain or []),
            ],
            [],
            [
                "__count",
                "resolution_hours:median",
                "resolution_hours:count",
                "within_sla:avg",
                "within_sla:count",
            ],
        )
        return {
            "count": count,
            "resolved": resolved,
            "median_resolution_hours": median if resolved else None,
            "within_sla_share": share if sla_count else None,
            "sla_count": sla_count,
        }
