# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import format_date

from odoo.addons.crm_rfm.models.res_partner import SEGMENTS

INTERVAL_SOURCES = [
    ("own", "Their own history"),
    ("segment", "Their segment"),
    ("default", "Company default"),
]
# A summary longer than this is cut in the one-line reason.
SUMMARY_LENGTH = 60


class CrmNextAction(models.Model):
    """What to do next with a customer, and when to contact them: one row per
    customer and company, recomputed set-based every night from the
    customer's purchases, touchpoints and scores (see crm_next_action_engine)."""

    _name = "crm.next.action"
    # One job per file: this one is the row and its reason line.
    _inherit = [
        "crm.next.action.inputs",  # each customer's history and cadence, in SQL
        "crm.next.action.engine",  # the nightly recompute, set-based
        "crm.next.action.do",  # one click does the action
        "crm.next.action.proposal",  # the daily contact proposals
    ]
    _description = "Next Best Action"
    _order = "value_at_stake desc, id"
    _rec_name = "partner_id"
    # Written in bulk by the nightly job: no create/write columns (and their
    # foreign keys to check for a million rows).
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", compute_sudo=True
    )
    customer_type = fields.Selection(related="partner_id.customer_type")
    segment = fields.Selection(SEGMENTS, readonly=True)
    rule_id = fields.Many2one(
        "crm.next.action.rule",
        string="Next Best Action",
        ondelete="set null",
        readonly=True,
        index="btree_not_null",
    )
    reason = fields.Char(compute="_compute_reason")
    value_at_stake = fields.Monetary(
        readonly=True,
        help="Lifetime value times churn risk: what the company may lose if "
        "nothing is done.",
    )
    purchase_count = fields.Integer(
        string="Purchases", readonly=True, help="Days with a purchase in the window."
    )
    first_purchase_date = fields.Date(readonly=True)
    last_purchase_date = fields.Date(readonly=True)
    purchase_interval_days = fields.Integer(
        string="Purchase Interval (Days)",
        readonly=True,
        help="Typical number of days between two purchases: the median of the "
        "customer's own intervals, or of their segment's when they bought fewer "
        "than three times.",
    )
    purchase_interval_source = fields.Selection(INTERVAL_SOURCES, readonly=True)
    contact_count = fields.Integer(
        string="Contacts", readonly=True, help="Days with a touchpoint in the window."
    )
    last_contact_date = fields.Date(readonly=True)
    contact_interval_days = fields.Integer(
        string="Contact Interval (Days)",
        readonly=True,
        help="Typical number of days between two contacts (any touchpoint), "
        "from the customer's history or their segment's.",
    )
    contact_interval_source = fields.Selection(INTERVAL_SOURCES, readonly=True)
    next_contact_date = fields.Date(
        readonly=True,
        index=True,
        help="Recommended date of the next contact: before the customer would "
        "usually buy again, and within their usual contact interval.",
    )
    next_contact_basis = fields.Selection(
        [("purchase", "Purchase rhythm"), ("contact", "Contact rhythm")],
        readonly=True,
        help="What sets the next-contact date: when the customer would usually buy "
        "again, or their usual contact interval.",
    )
    overdue_days = fields.Integer(
        string="Days Overdue", compute="_compute_overdue_days"
    )
    proposed_for_date = fields.Date(
        readonly=True,
        help="Technical: the next-contact date for which a contact was proposed.",
    )
    done_rule_id = fields.Many2one("crm.next.action.rule", readonly=True)
    done_date = fields.Date(readonly=True)
    done_user_id = fields.Many2one("res.users", string="Done By", readonly=True)
    is_done = fields.Boolean(string="Done", compute="_compute_is_done")
    done_label = fields.Char(compute="_compute_is_done")

    _sql_constraints = [
        (
            "company_partner_unique",
            "UNIQUE(company_id, partner_id)",
            "A customer has one next best action per company.",
        )
    ]

    @api.model
    def _reason_fields(self):
        """What the reason line and the done state read (fetched together)."""
        return [
            "partner_id",
            "company_id",
            "rule_id",
            "last_purchase_date",
            "first_purchase_date",
            "last_contact_date",
            "purchase_interval_days",
            "purchase_interval_source",
            "contact_interval_days",
            "contact_interval_source",
            "next_contact_basis",
            "done_rule_id",
            "done_date",
            "done_user_id",
        ]

    # ------------------------------------------------------------------ computes
    @api.depends("next_contact_date")
    def _compute_overdue_days(self):
        today = fields.Date.context_today(self)
        for row in self:
            date = row.next_contact_date
            row.overdue_days = max((today - date).days, 0) if date else 0

    @api.depends("done_rule_id", "done_date", "rule_id", "contact_interval_days")
    def _compute_is_done(self):
        today = fields.Date.context_today(self)
        for row in self:
            done = bool(
                row.rule_id
                and row.done_rule_id == row.rule_id
                and row.done_date
                and (today - row.done_date).days < max(row.contact_interval_days, 7)
            )
            row.is_done = done
            row.done_label = (
                self.env._(
                    "Done on %(date)s by %(user)s",
                    date=format_date(self.env, row.done_date),
                    user=row.done_user_id.name or "",
                )
                if done
                else False
            )

    @api.depends_context("lang", "company")
    def _compute_reason(self):
        rows = self.filtered("rule_id")
        (self - rows).reason = False
        if not rows:
            return
        data = rows._reason_data()
        for row in rows:
            kind = row.rule_id.reason_figures
            method = getattr(row, f"_figures_{kind}", None)
            parts = method(data) if method else []
            figures = ", ".join(part for part in parts if part)
            # punctuation, the same in every language
            row.reason = " — ".join(filter(None, (row.rule_id.reason, figures)))

    def _reason_data(self):
        """What the figures of these rows need, read once for all of them
        ({key: {partner id: value}}; add-ons add their own keys)."""
        return {"complaints": self._oldest_open_complaints()}

    def _oldest_open_complaints(self):
        """{partner id: (date, summary)} of the oldest open complaint of each
        customer (one query for the batch)."""
        partners = self.filtered(
            lambda r: r.rule_id.reason_figures == "complaint"
        ).partner_id
        if not partners:
            return {}
        oldest = {}
        touchpoints = self.env["crm.touchpoint"].search_fetch(
            [
                ("partner_id", "in", partners.ids),
                ("kind", "=", "complaint"),
                ("resolved", "=", False),
            ],
            ["partner_id", "date", "summary"],
            order="date asc, id asc",
        )
        for touchpoint in touchpoints:
            oldest.setdefault(
                touchpoint.partner_id.id, (touchpoint.date, touchpoint.summary)
            )
        return oldest

    def _days_ago(self, date):
        days = (fields.Date.context_today(self) - date).days
        if days <= 0:
            return self.env._("today")
        if days == 1:
            return self.env._("yesterday")
        return self.env._("%(days)s days ago", days=days)

    def _interval_text(self, kind):
        """“usually every 30 days” from the customer's own history, the
        segment's, or the company default."""
        _ = self.env._
        if kind == "purchase":
            days, source = self.purchase_interval_days, self.purchase_interval_source
        else:
            days, source = self.contact_interval_days, self.contact_interval_source
        if not days:
            return ""
        if source == "own":
            return _("usually every %(days)s days", days=days)
        if source == "segment":
            return _("every %(days)s days for customers like them", days=days)
        return _("recommended every %(days)s days", days=days)

    # The figures that follow the rule's reason, one method per kind of
    # figures (``reason_figures``): a list of short phrases.
    def _figures_purchase(self, data):
        _ = self.env._
        if not self.last_purchase_date:
            return [_("no order in the analysis window")]
        return [
            _("last order %(when)s", when=self._days_ago(self.last_purchase_date)),
            self._interval_text("purchase"),
        ]

    def _figures_contact(self, data):
        if self.next_contact_basis == "purchase":
            return self._figures_purchase(data)
        parts = []
        if self.last_contact_date:
            parts.append(
                self.env._(
                    "last contact %(when)s",
                    when=self._days_ago(self.last_contact_date),
                )
            )
        parts.append(self._interval_text("contact"))
        return parts

    def _figures_complaint(self, data):
        if self.partner_id.id not in data["complaints"]:
            return []
        date, summary = data["complaints"][self.partner_id.id]
        if len(summary or "") > SUMMARY_LENGTH:
            summary = summary[: SUMMARY_LENGTH - 1] + "…"
        return [
            self.env._(
                "complaint made %(when)s, still open: %(summary)s",
                when=self._days_ago(date.date()),
                summary=summary,
            )
        ]

    def _figures_value(self, data):
        partner = self.partner_id.with_company(self.company_id)
        return [
            self.env._(
                "churn risk %(risk)s%%, lifetime value %(clv)s",
                risk=round((partner.churn_probability or 0.0) * 100),
                clv=self.currency_id.format(partner.clv or 0.0),
            )
        ]

    def _figures_tenure(self, data):
        if not self.first_purchase_date:
            return []
        return [
            self.env._(
                "first order %(when)s", when=self._days_ago(self.first_purchase_date)
            )
        ]
