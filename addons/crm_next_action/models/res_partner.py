# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.query import Query

USERS = "crm_relationship.group_crm_relationship_user"
# A "days" condition on the customer <-> a date condition on their row:
# "overdue by more than 3 days" is "next contact date before today - 3".
REVERSED = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "=", "!=": "!="}


class ResPartner(models.Model):
    _inherit = "res.partner"

    next_action_ids = fields.One2many(
        "crm.next.action", "partner_id", string="Next Best Actions", groups=USERS
    )
    next_action_id = fields.Many2one(
        "crm.next.action", compute="_compute_next_action", groups=USERS
    )
    next_action_rule_id = fields.Many2one(
        "crm.next.action.rule",
        string="Next Best Action",
        compute="_compute_next_action",
        search="_search_next_action_rule_id",
        groups=USERS,
    )
    next_action_reason = fields.Char(
        string="Why", compute="_compute_next_action", groups=USERS
    )
    purchase_interval_days = fields.Integer(
        string="Purchase Interval (Days)",
        compute="_compute_next_action",
        search="_search_purchase_interval_days",
        groups=USERS,
        help="Typical number of days between two purchases of the customer "
        "(their segment's when they bought fewer than three times).",
    )
    contact_interval_days = fields.Integer(
        string="Contact Interval (Days)",
        compute="_compute_next_action",
        search="_search_contact_interval_days",
        groups=USERS,
    )
    next_contact_date = fields.Date(
        compute="_compute_next_action",
        search="_search_next_contact_date",
        groups=USERS,
        help="Recommended date of the next contact with the customer.",
    )
    contact_overdue_days = fields.Integer(
        string="Days Overdue",
        compute="_compute_next_action",
        search="_search_contact_overdue_days",
        groups=USERS,
        help="Days since the recommended next-contact date (0: not overdue).",
    )
    days_since_first_purchase = fields.Integer(
        compute="_compute_next_action",
        search="_search_days_since_first_purchase",
        groups=USERS,
        help="Days since the customer's first purchase in the analysis window.",
    )
    open_complaint_age_days = fields.Integer(
        string="Oldest Open Complaint (Days)",
        compute="_compute_open_complaint_age_days",
        search="_search_open_complaint_age_days",
        groups=USERS,
    )

    # ------------------------------------------------------------------ computes
    @api.depends_context("company", "lang")
    def _compute_next_action(self):
        commercial = self.commercial_partner_id._origin
        NextAction = self.env["crm.next.action"]
        rows = NextAction.search_fetch(
            [
                ("partner_id", "in", commercial.ids),
                ("company_id", "=", self.env.company.id),
            ],
            NextAction._reason_fields() + ["next_contact_date"],
        )
        by_partner = {row.partner_id.id: row for row in rows}
        today = fields.Date.context_today(self)
        for partner in self:
            row = by_partner.get(partner.commercial_partner_id._origin.id)
            first = row.first_purchase_date if row else False
            partner.update(
                {
                    "next_action_id": row,
                    "next_action_rule_id": row.rule_id if row else False,
                    "next_action_reason": row.reason if row else False,
                    "purchase_interval_days": row.purchase_interval_days if row else 0,
                    "contact_interval_days": row.contact_interval_days if row else 0,
                    "next_contact_date": row.next_contact_date if row else False,
                    "contact_overdue_days": row.overdue_days if row else 0,
                    "days_since_first_purchase": (today - first).days if first else 0,
                }
            )

    def _compute_open_complaint_age_days(self):
        oldest = dict(
            self.env["crm.touchpoint"]._read_group(
                [
                    ("partner_id", "in", self.commercial_partner_id._origin.ids),
                    ("kind", "=", "complaint"),
                    ("resolved", "=", False),
                ],
                ["partner_id"],
                ["date:min"],
            )
        )
        now = fields.Datetime.now()
        for partner in self:
            date = oldest.get(partner.commercial_partner_id._origin)
            partner.open_complaint_age_days = (now - date).days if date else 0

    # ------------------------------------------------------------------ searches
    def _search_on_row(self, condition):
        """Customers whose row of the current company meets ``condition``.

        While the rows are recomputed, the rules read the new rows instead
        (context ``crm_next_action_rows``: the table or sub-query that holds
        them, with the columns of crm.next.action)."""
        rows = self.env.context.get("crm_next_action_rows")
        if rows is not None:
            fname, operator, value = condition
            query = Query(self.env, "next_action_rows", rows)
            query.add_where(
                self.env["crm.next.action"]._condition_to_sql(
                    "next_action_rows", fname, operator, value, query
                )
            )
            return [
                (
                    "id",
                    "in",
                    query.subselect(SQL.identifier("next_action_rows", "partner_id")),
                )
            ]
        return [
            (
                "next_action_ids",
                "any",
                [("company_id", "=", self.env.company.id), condition],
            )
        ]

    def _search_next_action_rule_id(self, operator, value):
        # the stored rows: the new ones have no rule yet
        stored = self.with_context(crm_next_action_rows=None)
        if operator in ("=", "in") and value in (False, [False]):
            return ["!"] + stored._search_on_row(("rule_id", "!=", False))
        if operator == "!=" and value is False:
            return stored._search_on_row(("rule_id", "!=", False))
        return stored._search_on_row(("rule_id", operator, value))

    def _search_purchase_interval_days(self, operator, value):
        return self._search_on_row(("purchase_interval_days", operator, value))

    def _search_contact_interval_days(self, operator, value):
        return self._search_on_row(("contact_interval_days", operator, value))

    def _search_next_contact_date(self, operator, value):
        return self._search_on_row(("next_contact_date", operator, value))

    def _days_to_date(self, operator, value):
        if operator not in REVERSED or not isinstance(value, (int, float)):
            raise UserError(
                self.env._(
                    "Search a number of days with =, !=, <, <=, > or >= and a number."
                )
            )
        today = fields.Date.context_today(self)
        return REVERSED[operator], today - timedelta(days=int(value))

    def _search_contact_overdue_days(self, operator, value):
        date_operator, date = self._days_to_date(operator, value)
        return self._search_on_row(("next_contact_date", date_operator, date))

    def _search_days_since_first_purchase(self, operator, value):
        date_operator, date = self._days_to_date(operator, value)
        return self._search_on_row(("first_purchase_date", date_operator, date))

    def _search_open_complaint_age_days(self, operator, value):
        """Customers whose oldest open complaint is older (or younger) than a
        number of days."""
        if operator not in (">", ">=", "<", "<=") or not isinstance(
            value, (int, float)
        ):
            raise UserError(
                self.env._("Search the age of complaints with <, <=, > or >= days.")
            )
        # age > N is age >= N + 1; age <= N is not (age >= N + 1)
        days = int(value) + (1 if operator in (">", "<=") else 0)
        limit = fields.Datetime.now() - timedelta(days=days)
        Touchpoint = self.env["crm.touchpoint"]
        open_complaints = [("kind", "=", "complaint"), ("resolved", "=", False)]
        old_enough = Touchpoint._search(open_complaints + [("date", "<=", limit)])
        if operator in (">", ">="):
            return [("id", "in", old_enough.subselect("partner_id"))]
        anytime = Touchpoint._search(open_complaints)
        return [
            ("id", "not in", old_enough.subselect("partner_id")),
            ("id", "in", anytime.subselect("partner_id")),
        ]

    # ------------------------------------------------------------------ actions
    def action_do_next_action(self):
        """One click does the customer's next best action."""
        self.ensure_one()
        self.check_access("read")
        row = self.next_action_id
        if not row:
            return self.env["crm.next.action"]._notify(
                self.env._("Nothing to do for this customer today."), "info"
            )
        return row._do(self.commercial_partner_id)
