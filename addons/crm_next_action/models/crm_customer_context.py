# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.query import Query

from odoo.addons.crm_relationship.models.res_partner import CUSTOMER_TYPES
from odoo.addons.crm_rfm.models.res_partner import SEGMENTS

USERS = "crm_relationship.group_crm_relationship_user"
CHURN_RISKS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
# Churn risk bands (the dashboard's "high churn" filter starts at 50%).
CHURN_MEDIUM = 0.25
CHURN_HIGH = 0.5
LAST_TOUCHPOINTS = 3


class CrmCustomerContextMixin(models.AbstractModel):
    """The customer's context on a sales document (opportunity, quotation):
    type, segment, churn risk, lifetime value, open complaints, the last
    touchpoints and the next best action, in one compact block.

    Scores are company-dependent partner fields and cannot be stored on the
    documents; the segment and the churn risk band are read in SQL from the
    customer's scores for the *document's* company (``_field_to_sql``), so the
    pipeline and the quotation list filter, group and sort by them, and a
    document of company B shows company B's scores even while company A is the
    current one."""

    _name = "crm.customer.context.mixin"
    _description = "Customer Context on a Sales Document"

    customer_type = fields.Selection(
        CUSTOMER_TYPES, compute="_compute_customer_scores", groups=USERS
    )
    customer_segment = fields.Selection(
        SEGMENTS,
        compute="_compute_customer_scores",
        search="_search_customer_segment",
        groups=USERS,
    )
    customer_churn_risk = fields.Selection(
        CHURN_RISKS,
        string="Churn Risk",
        compute="_compute_customer_scores",
        search="_search_customer_churn_risk",
        groups=USERS,
        help="Low: under 25%. Medium: 25 to 50%. High: 50% or more.",
    )
    customer_churn_probability = fields.Float(
        string="Churn Probability", compute="_compute_customer_scores", groups=USERS
    )
    customer_clv = fields.Monetary(
        string="Lifetime Value",
        compute="_compute_customer_scores",
        currency_field="customer_currency_id",
        groups=USERS,
    )
    customer_currency_id = fields.Many2one(
        "res.currency", compute="_compute_customer_scores", groups=USERS
    )
    customer_open_complaint_count = fields.Integer(
        string="Open Complaints", compute="_compute_customer_complaints", groups=USERS
    )
    customer_touchpoint_ids = fields.Many2many(
        "crm.touchpoint",
        string="Last Touchpoints",
        compute="_compute_customer_touchpoints",
        groups=USERS,
    )
    customer_next_action_id = fields.Many2one(
        "crm.next.action", compute="_compute_customer_next_action", groups=USERS
    )
    customer_next_action_reason = fields.Char(
        string="Next Best Action", compute="_compute_customer_next_action", groups=USERS
    )
    customer_next_action_done = fields.Char(
        compute="_compute_customer_next_action", groups=USERS
    )

    # ------------------------------------------------------------------ helpers
    def _customer_context_company(self):
        self.ensure_one()
        return self.company_id or self.env.company

    def _customer_context_partner(self):
        """The commercial partner, with the document's company."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        return partner.with_company(self._customer_context_company())

    # ------------------------------------------------------------------ computes
    @api.depends("partner_id", "company_id")
    @api.depends_context("company")
    def _compute_customer_scores(self):
        for document in self:
            company = document._customer_context_company()
            partner = document._customer_context_partner()
            churn = partner.churn_probability if partner else 0.0
            scored = bool(partner and partner.rfm_segment)
            document.update(
                {
                    "customer_type": partner.customer_type if partner else False,
                    "customer_segment": partner.rfm_segment if partner else False,
                    "customer_churn_probability": churn,
                    "customer_churn_risk": _churn_band(churn) if scored else False,
                    "customer_clv": partner.clv if partner else 0.0,
                    "customer_currency_id": company.currency_id,
                }
            )

    @api.depends("partner_id")
    def _compute_customer_complaints(self):
        counts = dict(
            self.env["crm.touchpoint"]._read_group(
                [
                    ("partner_id", "in", self.partner_id.commercial_partner_id.ids),
                    ("kind", "=", "complaint"),
                    ("resolved", "=", False),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for document in self:
            document.customer_open_complaint_count = counts.get(
                document.partner_id.commercial_partner_id, 0
            )

    @api.depends("partner_id")
    def _compute_customer_touchpoints(self):
        Touchpoint = self.env["crm.touchpoint"]
        for document in self:
            commercial = document.partner_id.commercial_partner_id
            document.customer_touchpoint_ids = (
                Touchpoint.search_fetch(
                    [("partner_id", "=", commercial.id)],
                    ["date", "channel", "kind", "summary", "resolved"],
                    limit=LAST_TOUCHPOINTS,
                )
                if commercial
                else Touchpoint
            )

    @api.depends("partner_id", "company_id")
    @api.depends_context("lang")
    def _compute_customer_next_action(self):
        NextAction = self.env["crm.next.action"]
        rows = NextAction.search_fetch(
            [
                ("partner_id", "in", self.partner_id.commercial_partner_id.ids),
                ("company_id", "in", (self.company_id | self.env.company).ids),
            ],
            NextAction._reason_fields(),
        )
        by_key = {(row.partner_id.id, row.company_id.id): row for row in rows}
        for document in self:
            row = by_key.get(
                (
                    document.partner_id.commercial_partner_id.id,
                    document._customer_context_company().id,
                ),
                rows.browse(),
            )
            document.customer_next_action_id = row
            document.customer_next_action_reason = row.reason if row else False
            document.customer_next_action_done = row.done_label if row else False

    # ------------------------------------------------------------------ SQL
    def _field_to_sql(self, alias, fname, query=None, flush=True):
        """The customer's segment and churn band for the document's company,
        joined from the commercial partner's company-dependent scores."""
        if fname not in ("customer_segment", "customer_churn_risk"):
            return super()._field_to_sql(alias, fname, query, flush)
        if query is None:
            raise ValueError(f"{fname} needs a query to be converted to SQL")
        self.check_field_access_rights("read", [fname])
        Partner = self.env["res.partner"]
        Partner.check_field_access_rights("read", ["rfm_segment", "churn_probability"])
        partner_alias = query.make_alias(alias, "partner_id")
        query.add_join(
            "LEFT JOIN",
            partner_alias,
            "res_partner",
            SQL(
                "%s = %s",
                SQL.identifier(alias, "partner_id"),
                SQL.identifier(partner_alias, "id"),
            ),
        )
        commercial_alias = query.make_alias(partner_alias, "commercial_partner_id")
        query.add_join(
            "LEFT JOIN",
            commercial_alias,
            "res_partner",
            SQL(
                "%s = %s",
                SQL.identifier(partner_alias, "commercial_partner_id"),
                SQL.identifier(commercial_alias, "id"),
            ),
        )
        company = SQL(
            "COALESCE(%s, %s)::text",
            SQL.identifier(alias, "company_id"),
            self.env.company.id,
        )
        if fname == "customer_segment":
            column = SQL.identifier(
                commercial_alias,
                "rfm_segment",
                to_flush=Partner._fields["rfm_segment"] if flush else None,
            )
            return SQL("(%s ->> %s)", column, company)
        column = SQL.identifier(
            commercial_alias,
            "churn_probability",
            to_flush=Partner._fields["churn_probability"] if flush else None,
        )
        segment = SQL.identifier(commercial_alias, "rfm_segment")
        churn = SQL("COALESCE((%s ->> %s)::float8, 0)", column, company)
        return SQL(
            "(CASE WHEN (%(segment)s ->> %(company)s) IS NULL THEN NULL "
            "WHEN %(churn)s >= %(high)s THEN 'high' "
            "WHEN %(churn)s >= %(medium)s THEN 'medium' ELSE 'low' END)",
            segment=segment,
            company=company,
            churn=churn,
            high=CHURN_HIGH,
            medium=CHURN_MEDIUM,
        )

    def _search_customer_context(self, fname, operator, value):
        query = Query(self.env, self._table, self._table_sql)
        query.add_where(
            self._condition_to_sql(self._table, fname, operator, value, query)
        )
        return [("id", "in", query)]

    def _search_customer_segment(self, operator, value):
        return self._search_customer_context("customer_segment", operator, value)

    def _search_customer_churn_risk(self, operator, value):
        return self._search_customer_context("customer_churn_risk", operator, value)

    # ------------------------------------------------------------------ actions
    def action_view_customer_open_complaints(self):
        self.ensure_one()
        self.check_access("read")
        return self.partner_id.commercial_partner_id.action_view_open_complaints()

    def action_do_next_action(self):
        """One click does the customer's next best action, from this document."""
        self.ensure_one()
        self.check_access("read")
        row = self.customer_next_action_id
        if not row:
            return self.env["crm.next.action"]._notify(
                self.env._("Nothing to do for this customer today."), "info"
            )
        return row._do(self)


def _churn_band(churn):
    if churn >= CHURN_HIGH:
        return "high"
    if churn >= CHURN_MEDIUM:
        return "medium"
    return "low"
