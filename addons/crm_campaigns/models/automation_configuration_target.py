# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError
from odoo.osv import expression

from odoo.addons.crm_relationship.domains import DomainError, parse_domain

# The models a campaign can aim at, and the path from them to the customer.
CAMPAIGN_MODELS = {"res.partner": "", "crm.lead": "partner_id."}


class CrmCampaignTarget(models.AbstractModel):
    """The target of a campaign as a domain: the domain editor's filter
    (parsed, never evaluated), the customer-layer criteria, the company
    (automation.configuration inherits this)."""

    _name = "crm.campaign.target"
    _description = "Campaign Target"

    # ------------------------------------------------------------------ targets
    def _campaign_parse(self, text):
        """A domain typed in the domain editor, parsed (never evaluated) and
        checked against the campaign's model; a clear error otherwise."""
        try:
            domain = parse_domain(text)
        except DomainError:
            raise UserError(
                self.env._(
                    "The condition “%(domain)s” is not a valid filter: use the "
                    "domain editor (fixed values only).",
                    domain=str(text)[:200],
                )
            ) from None
        if domain and self.model_id:
            try:
                self._campaign_model()._where_calc(domain)
            except (ValueError, KeyError) as error:
                raise UserError(
                    self.env._(
                        "The condition “%(domain)s” does not fit %(model)s: %(error)s",
                        domain=str(text)[:200],
                        model=self.model_id.name,
                        error=str(error)[:200],
                    )
                ) from None
        return domain

    def _campaign_model(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        return self.env[self.model_id.model].with_company(company)

    def _campaign_domain(self):
        """The target as a domain on the campaign's model: the filter of the
        domain editor, the customer-layer criteria and the company."""
        self.ensure_one()
        domain = self._campaign_parse(
            self.filter_id.domain if self.filter_id else self.editable_domain
        )
        parts = [domain]
        if self.model_id.model in CAMPAIGN_MODELS:
            parts.append(self._campaign_target_criteria())
        Model = self._campaign_model()
        company = self.company_id or self.env.company
        if "company_id" in Model._fields:
            parts.append(
                ["|", ("company_id", "=", False), ("company_id", "=", company.id)]
            )
        return expression.AND(parts)

    def _campaign_target_criteria(self):
        """The customer-layer criteria of the target, as a domain on the
        campaign's model (contacts, or leads through their customer)."""
        prefix = CAMPAIGN_MODELS[self.model_id.model]
        domain = []
        if self.target_customer_type:
            domain.append((f"{prefix}customer_type", "=", self.target_customer_type))
        if self.target_segment_ids:
            keys = self.target_segment_ids.mapped("key")
            domain.append((f"{prefix}rfm_segment", "in", keys))
        if self.target_churn_min > 0:
            domain.append(
                (f"{prefix}churn_probability", ">=", self.target_churn_min / 100.0)
            )
        if self.target_churn_max < 100:
            domain.append(
                (f"{prefix}churn_probability", "<=", self.target_churn_max / 100.0)
            )
        if self.target_clv_min:
            domain.append((f"{prefix}clv", ">=", self.target_clv_min))
        if self.target_clv_max:
            domain.append((f"{prefix}clv", "<=", self.target_clv_max))
        if self.target_loyalty_min > 0:
            domain.append((f"{prefix}loyalty_score", ">=", self.target_loyalty_min))
        if self.target_loyalty_max < 100:
            domain.append((f"{prefix}loyalty_score", "<=", self.target_loyalty_max))
        if len(domain) > (1 if self.target_customer_type else 0):
            # Score ranges aim at scored customers: an unscored one has no
            # churn risk of 0, it has none.
            domain.append((f"{prefix}rfm_scored_at", "!=", False))
        if self.target_user_id:
            domain.append(("user_id", "=", self.target_user_id.id))
        if self.target_team_id:
            domain.append(("team_id", "=", self.target_team_id.id))
        customer = (
            f"{prefix}commercial_partner_id" if prefix else "commercial_partner_id"
        )
        bought = self._campaign_buyers(
            self.target_bought_product_id, self.target_bought_categ_id
        )
        if bought is not None:
            domain.append((customer, "in", bought))
        never = self._campaign_buyers(
            self.target_not_bought_product_id, self.target_not_bought_categ_id
        )
        if never is not None:
            domain.append((customer, "not in", never))
        return domain

    def _campaign_buyers(self, product, category):
        """Subquery of the customers (commercial partners) with a confirmed
        order line of the product or of the category, in the campaign's
        company; None when neither is set."""
        if not product and not category:
            return None
        company = self.company_id or self.env.company
        line_domain = [("state", "=", "sale"), ("company_id", "=", company.id)]
        if product:
            line_domain.append(("product_id", "=", product.id))
        else:
            line_domain.append(("product_id.categ_id", "child_of", category.id))
        lines = self.env["sale.order.line"].sudo()._search(line_domain)
        partners = self.env["res.partner"].sudo().with_context(active_test=False)
        return partners._search(
            [("id", "in", lines.subselect("order_partner_id"))]
        ).subselect("commercial_partner_id")

    def action_view_target(self):
        """The records of the target, as they are now."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Target of %(campaign)s", campaign=self.name),
            "res_model": self.model_id.model,
            "view_mode": "list,form",
            "domain": self._campaign_domain(),
            "context": {"create": False},
        }
