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
        complaints = rows._oldest_open_complaints()
        crosssell = self.env["res.partner"]._crosssell_offers(
            rows.partner_id, rows.company_id
        )
        for row in rows:
            figures = row._reason_figures(complaints, crosssell)
            row.reason = (
                self.env._(
                    "%(reason)s — %(figures)s",
                    reason=row.rule_id.reason,
                    figures=figures,
                )
                if figures
                else row.rule_id.reason
            )

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

    def _reason_figures(self, complaints, crosssell):
        """The customer's own figures that follow the rule's reason."""
        _ = self.env._
        kind = self.rule_id.reason_figures
        parts = []
        if kind == "purchase":
            if self.last_purchase_date:
                parts.append(
                    _(
                        "last order %(when)s",
                        when=self._days_ago(self.last_purchase_date),
                    )
                )
                parts.append(self._interval_text("purchase"))
            else:
                parts.append(_("no order in the analysis window"))
        elif kind == "contact" and self.next_contact_basis == "purchase":
            parts.append(
                _("last order %(when)s", when=self._days_ago(self.last_purchase_date))
            )
            parts.append(self._interval_text("purchase"))
        elif kind == "contact":
            if self.last_contact_date:
                parts.append(
                    _(
                        "last contact %(when)s",
                        when=self._days_ago(self.last_contact_date),
                    )
                )
            parts.append(self._interval_text("contact"))
        elif kind == "complaint" and self.partner_id.id in complaints:
            date, summary = complaints[self.partner_id.id]
            if len(summary or "") > SUMMARY_LENGTH:
                summary = summary[: SUMMARY_LENGTH - 1] + "…"
            parts.append(
                _(
                    "complaint made %(when)s, still open: %(summary)s",
                    when=self._days_ago(date.date()),
                    summary=summary,
                )
            )
        elif kind == "value":
            partner = self.partner_id.with_company(self.company_id)
            parts.append(
                _(
                    "churn risk %(risk)s%%, lifetime value %(clv)s",
                    risk=round((partner.churn_probability or 0.0) * 100),
                    clv=self.currency_id.format(partner.clv or 0.0),
                )
            )
        elif kind == "tenure" and self.first_purchase_date:
            parts.append(
                _("first order %(when)s", when=self._days_ago(self.first_purchase_date))
            )
        elif kind == "crosssell" and self.partner_id.id in crosssell:
            antecedent, consequent, lift = crosssell[self.partner_id.id]
            lift = round(lift, 1)
            parts.append(
                _(
                    "bought %(bought)s, not yet %(offer)s (lift %(lift)s)",
                    bought=antecedent,
                    offer=consequent,
                    lift=lift,
                )
            )
        return ", ".join(part for part in parts if part)
