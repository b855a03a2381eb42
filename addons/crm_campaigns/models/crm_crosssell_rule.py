# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import time

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .automation_configuration import MANAGERS

try:
    from crm_insight.crosssell import association_rules
except ImportError:  # pragma: no cover - reported by external_dependencies
    association_rules = None

_logger = logging.getLogger(__name__)


class CrmCrosssellRule(models.Model):
    """ "Customers who bought A also bought B": an association rule mined from
    the confirmed order lines of a company (crm_insight). Mined rules start
    switched off; a manager reviews them and switches on the useful ones."""

    _name = "crm.crosssell.rule"
    _description = "Cross-sell Rule"
    _order = "lift desc, confidence desc, id"
    _check_company_auto = True
    _rec_name = "consequent_product_id"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    antecedent_product_id = fields.Many2one(
        "product.product",
        string="Customers Who Bought",
        required=True,
        ondelete="cascade",
        check_company=True,
        index=True,
    )
    consequent_product_id = fields.Many2one(
        "product.product",
        string="Also Bought",
        required=True,
        ondelete="cascade",
        check_company=True,
    )
    orders_together = fields.Integer(
        readonly=True, help="Confirmed orders with both products."
    )
    support = fields.Float(
        digits=(6, 4),
        readonly=True,
        aggregator="avg",
        help="Share of the confirmed orders that hold both products.",
    )
    confidence = fields.Float(
        digits=(6, 4),
        readonly=True,
        aggregator="avg",
        help="Of the orders with the first product, the share that also hold the "
        "second one.",
    )
    lift = fields.Float(
        digits=(8, 2),
        readonly=True,
        aggregator="avg",
        help="How much more often the second product is bought with the first "
        "than on its own: above 1, the first product makes the second likelier.",
    )
    active = fields.Boolean(
        string="Switched On",
        default=False,
        help="Only switched-on rules are suggested on quotations and customers.",
    )
    mined_on = fields.Datetime(readonly=True)
    suggestion = fields.Char(compute="_compute_suggestion")

    _sql_constraints = [
        (
            "rule_unique",
            "UNIQUE(company_id, antecedent_product_id, consequent_product_id)",
            "This rule already exists.",
        ),
    ]

    @api.depends_context("lang")
    def _compute_suggestion(self):
        for rule in self:
            lift = format(rule.lift, ".1f")
            rule.suggestion = self.env._(
                "Customers who bought %(antecedent)s also bought %(consequent)s "
                "(lift %(lift)s)",
                antecedent=rule.antecedent_product_id.display_name,
                consequent=rule.consequent_product_id.display_name,
                lift=lift,
            )

    # ------------------------------------------------------------------ mining
    def _check_manager(self):
        if not (self.env.su or self.env.user.has_group(MANAGERS)):
            raise AccessError(
                self.env._("Only CRM relationship administrators can mine rules.")
            )

    def action_mine(self):
        """Mine the rules of the current company now (button)."""
        self._check_manager()
        count = self.sudo()._mine(self.env.company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s cross-sell rules found in the confirmed orders.",
                    count=count,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _cron_mine(self):
        """Nightly: every company, one commit each."""
        self._check_manager()
        companies = self.env["res.company"].sudo().search([])
        for index, company in enumerate(companies):
            self.sudo()._mine(company)
            self.env["ir.cron"]._notify_progress(
                done=index + 1, remaining=len(companies) - index - 1
            )

    def _fetch_lines(self, company):
        """(order ids, product ids) of the company's confirmed order lines:
        one query, streamed into two arrays."""
        import numpy as np

        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT order_id, product_id FROM sale_order_line
                 WHERE state = 'sale' AND company_id = %s
                   AND product_id IS NOT NULL AND display_type IS NULL
                """,
                company.id,
            )
        )
        orders, products = [], []
        while rows := self.env.cr.fetchmany(200_000):
            chunk = np.array(rows, dtype=np.int64)
            orders.append(chunk[:, 0])
            products.append(chunk[:, 1])
        if not orders:
            return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
        return np.concatenate(orders), np.concatenate(products)

    def _mine(self, company):
        """Recompute the company's rules from its confirmed order lines with
        crm_insight; switched-on rules stay on, rules no longer found and
        never switched on go. Returns the number of rules found."""
        if association_rules is None:
            raise UserError(
                self.env._("The crm_insight Python package is not installed.")
            )
        started = time.perf_counter()
        orders, products = self._fetch_lines(company)
        rules = association_rules(
            orders,
            products,
            min_support=company.crosssell_min_support,
            min_confidence=company.crosssell_min_confidence,
            top_n=company.crosssell_top_n,
        )
        rules = rules[
            (rules["lift"] >= company.crosssell_min_lift)
            & (rules["orders_together"] >= company.crosssell_min_orders)
        ]
        now = fields.Datetime.now()
        self.env.execute_query(
            SQL(
                """
                CREATE TEMPORARY TABLE IF NOT EXISTS crm_crosssell_stage (
                    antecedent int, consequent int, together int,
                    support float8, confidence float8, lift float8
                ) ON COMMIT DROP;
                TRUNCATE crm_crosssell_stage;
                INSERT INTO crm_crosssell_stage
                SELECT * FROM unnest(%s::int[], %s::int[], %s::int[],
                                     %s::float8[], %s::float8[], %s::float8[]);
                DELETE FROM crm_crosssell_rule r
                 WHERE r.company_id = %s AND NOT r.active
                   AND NOT EXISTS (SELECT 1 FROM crm_crosssell_stage s
                                    WHERE s.antecedent = r.antecedent_product_id
                                      AND s.consequent = r.consequent_product_id);
                INSERT INTO crm_crosssell_rule
                    (company_id, antecedent_product_id, consequent_product_id,
                     orders_together, support, confidence, lift, active, mined_on,
                     create_uid, create_date, write_uid, write_date)
                SELECT %s, s.antecedent, s.consequent, s.together, s.support,
                       s.confidence, s.lift, FALSE, %s, %s, %s, %s, %s
                  FROM crm_crosssell_stage s
                ON CONFLICT (company_id, antecedent_product_id, consequent_product_id)
                DO UPDATE SET orders_together = EXCLUDED.orders_together,
                              support = EXCLUDED.support,
                              confidence = EXCLUDED.confidence,
                              lift = EXCLUDED.lift,
                              mined_on = EXCLUDED.mined_on,
                              write_date = EXCLUDED.write_date
                """,
                rules["antecedent"].astype(int).tolist(),
                rules["consequent"].astype(int).tolist(),
                rules["orders_together"].astype(int).tolist(),
                rules["support"].astype(float).tolist(),
                rules["confidence"].astype(float).tolist(),
                rules["lift"].astype(float).tolist(),
                company.id,
                company.id,
                now,
                self.env.uid,
                now,
                self.env.uid,
                now,
            )
        )
        self.invalidate_model()
        _logger.info(
            "cross-sell: %s rules for %s from %s order lines in %.1f s",
            len(rules),
            company.name,
            len(orders),
            time.perf_counter() - started,
        )
        return len(rules)

    # ------------------------------------------------------------------ suggestions
    @api.model
    def _suggestions(self, products, limit=5):
        """Switched-on rules of the company whose first product is among
        ``products`` and whose second is not, strongest first."""
        if not products:
            return self.browse()
        rules = self.search(
            [
                ("company_id", "=", self.env.company.id),
                ("antecedent_product_id", "in", products.ids),
                ("consequent_product_id", "not in", products.ids),
            ],
            order="lift desc, confidence desc, id",
        )
        best = {}
        for rule in rules:
            best.setdefault(rule.consequent_product_id.id, rule)
        return self.browse([rule.id for rule in best.values()][:limit])

    @api.model
    def _suggestions_for_customer(self, partner, limit=5):
        lines = self.env["sale.order.line"].search(
            [
                ("order_partner_id", "child_of", partner.id),
                ("state", "=", "sale"),
                ("company_id", "=", self.env.company.id),
            ]
        )
        return self._suggestions(lines.product_id, limit)

    def action_add_to_order(self):
        """One click on a quotation: add the suggested product."""
        self.ensure_one()
        order = (
            self.env["sale.order"]
            .browse(self.env.context.get("crosssell_order_id"))
            .exists()
        )
        if not order:
            raise UserError(self.env._("Open a quotation to add the product to it."))
        order.check_access("write")
        if order.state not in ("draft", "sent"):
            raise UserError(
                self.env._("Products are added to quotations, not to confirmed orders.")
            )
        self.env["sale.order.line"].create(
            {"order_id": order.id, "product_id": self.consequent_product_id.id}
        )
        return True
