# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

USERS = "crm_relationship.group_crm_relationship_user"


class ResPartner(models.Model):
    _inherit = "res.partner"

    crosssell_product_ids = fields.Many2many(
        "product.product",
        string="Likely to Want",
        compute="_compute_crosssell_product_ids",
        search="_search_crosssell_product_ids",
        groups=USERS,
        help="Products that customers who bought what this customer bought also "
        "bought (active cross-sell rules of CRM Campaigns).",
    )

    @api.depends_context("company")
    def _compute_crosssell_product_ids(self):
        offers = self._crosssell_offers(self.commercial_partner_id._origin, None, True)
        for partner in self:
            partner.crosssell_product_ids = offers.get(
                partner.commercial_partner_id._origin.id, []
            )

    def _search_crosssell_product_ids(self, operator, value):
        """Customers with a cross-sell offer (``!= False``), or with an offer
        of the given products."""
        offers = self._crosssell_sql(self.env.company)
        if operator == "!=" and value is False:
            return [("id", "in", SQL("(SELECT partner_id FROM (%s) offers)", offers))]
        if operator in ("=", "in"):
            ids = value if isinstance(value, (list, tuple)) else [value]
            if all(isinstance(i, int) for i in ids):
                return [
                    (
                        "id",
                        "in",
                        SQL(
                            "(SELECT partner_id FROM (%s) offers "
                            "WHERE consequent_id = ANY(%s))",
                            offers,
                            list(ids),
                        ),
                    )
                ]
        raise UserError(
            self.env._("Search likely products with “is set” or with products.")
        )

    # ------------------------------------------------------------------ cross-sell
    @api.model
    def _crosssell_sql(self, company, partner_ids=None):
        """(partner_id, antecedent_id, consequent_id, lift) of every active
        cross-sell rule whose antecedent the customer bought (confirmed orders
        of the company) and whose consequent they never bought."""
        Rule = self.env["crm.crosssell.rule"]
        rules = Rule.sudo()._search(
            [("active", "=", True), ("company_id", "=", company.id)]
        )
        only = SQL("TRUE")
        if partner_ids is not None:
            only = SQL("partner.commercial_partner_id = ANY(%s)", list(partner_ids))
        return SQL(
            """
            WITH bought AS (
                SELECT DISTINCT partner.commercial_partner_id AS partner_id,
                       line.product_id
                  FROM sale_order_line line
                  JOIN sale_order so ON so.id = line.order_id
                  JOIN res_partner partner ON partner.id = so.partner_id
                 WHERE so.state = 'sale' AND so.company_id = %(company)s AND %(only)s
            ),
            rules AS (%(rules)s)
            SELECT bought.partner_id, rules.antecedent_id, rules.consequent_id,
                   rules.lift
              FROM bought
              JOIN rules ON rules.antecedent_id = bought.product_id
             WHERE NOT EXISTS (SELECT 1 FROM bought had
                                WHERE had.partner_id = bought.partner_id
                                  AND had.product_id = rules.consequent_id)
            """,
            company=company.id,
            only=only,
            rules=rules.select(
                *(
                    SQL("%s AS %s", SQL.identifier(Rule._table, column), SQL(alias))
                    for column, alias in (
                        ("antecedent_product_id", "antecedent_id"),
                        ("consequent_product_id", "consequent_id"),
                        ("lift", "lift"),
                    )
                )
            ),
        )

    @api.model
    def _crosssell_offers(self, partners, companies, all_products=False):
        """{partner id: (antecedent name, consequent name, lift)} of the best
        offer (highest lift) of each customer, or {partner id: [product ids]}
        with ``all_products``."""
        if not partners:
            return {}
        result = {}
        for company in companies or self.env.company:
            rows = self.env.execute_query(
                SQL(
                    "SELECT * FROM (%s) offers ORDER BY lift DESC",
                    self._crosssell_sql(company, partners.ids),
                )
            )
            for partner_id, antecedent_id, consequent_id, lift in rows:
                if all_products:
                    result.setdefault(partner_id, []).append(consequent_id)
                elif partner_id not in result:
                    products = self.env["product.product"].browse(
                        [antecedent_id, consequent_id]
                    )
                    result[partner_id] = (
                        products[0].display_name,
                        products[1].display_name,
                        lift or 0.0,
                    )
        return result
