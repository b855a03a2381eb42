# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from odoo.addons.crm_relationship.models.res_partner import CUSTOMER_TYPES

from ..domains import DomainError, parse_domain
from ..uplift import MIN_CONTROLS, holdout_size

MANAGERS = "crm_relationship.group_crm_relationship_manager"
# automation_oca's own managers configure automations (campaigns included).
ENGINE_MANAGERS = "automation_oca.group_automation_manager"
# The models a campaign can aim at, and the path from them to the customer.
CAMPAIGN_MODELS = {"res.partner": "", "crm.lead": "partner_id."}
GOALS = [
    ("none", "No goal"),
    ("order", "Order confirmed"),
    ("won", "Opportunity won"),
    ("stage", "Stage reached"),
    ("domain", "Condition met"),
]


class AutomationConfiguration(models.Model):
    """A campaign is an automation configuration (OCA automation_oca) with a
    target built from the customer layer, a goal, and a hold-out group."""

    _inherit = "automation.configuration"
    _check_company_auto = True

    name = fields.Char(translate=True)
    company_id = fields.Many2one(default=lambda self: self.env.company, index=True)
    description = fields.Text(
        translate=True, help="What the campaign is for, in a sentence or two."
    )
    is_crm_campaign = fields.Boolean(
        compute="_compute_is_crm_campaign",
        help="Aimed at contacts or at leads and opportunities.",
    )
    # ------------------------------------------------------------------ target
    target_customer_type = fields.Selection(
        CUSTOMER_TYPES,
        string="Customer Type",
        help="Only customers of this type (empty: every type).",
    )
    target_segment_ids = fields.Many2many(
        "crm.campaign.segment",
        string="Segments",
        help="Only customers in one of these RFM segments (scores of the "
        "campaign's company).",
    )
    target_churn_min = fields.Float(
        string="Churn Risk From (%)",
        help="Churn risk in percent, from this value (0 to 100).",
    )
    target_churn_max = fields.Float(
        string="Churn Risk To (%)",
        default=100.0,
        help="Churn risk in percent, up to this value (0 to 100).",
    )
    target_clv_min = fields.Float(string="Lifetime Value From")
    target_clv_max = fields.Float(
        string="Lifetime Value To", help="0 means no upper limit."
    )
    target_loyalty_min = fields.Float(string="Loyalty From")
    target_loyalty_max = fields.Float(string="Loyalty To", default=100.0)
    target_bought_product_id = fields.Many2one(
        "product.product",
        string="Bought Product",
        check_company=True,
        help="Only customers with a confirmed order of this product.",
    )
    target_bought_categ_id = fields.Many2one(
        "product.category",
        string="Bought Category",
        help="Only customers with a confirmed order of a product of this category.",
    )
    target_not_bought_product_id = fields.Many2one(
        "product.product",
        string="Never Bought Product",
        check_company=True,
        help="Leave out customers with a confirmed order of this product.",
    )
    target_not_bought_categ_id = fields.Many2one(
        "product.category",
        string="Never Bought Category",
        help="Leave out customers with a confirmed order of a product of this "
        "category.",
    )
    target_user_id = fields.Many2one(
        "res.users", string="Salesperson", check_company=True
    )
    target_team_id = fields.Many2one("crm.team", string="Sales Team", check_company=True)
    target_count = fields.Integer(
        string="In the Target",
        compute="_compute_target_count",
        help="How many records the target holds now (the opted-out included).",
    )
    target_excluded_count = fields.Integer(
        string="Opted Out in the Target", compute="_compute_target_count"
    )
    # ------------------------------------------------------------------ goal
    goal_type = fields.Selection(
        GOALS,
        string="Goal",
        default="order",
        required=True,
        help="What counts as a conversion: a confirmed order of the customer, an "
        "opportunity won, a stage reached or a condition becoming true, within "
        "the attribution window after enrolment. Reaching the goal stops the "
        "sequence for that participant.",
    )
    goal_stage_id = fields.Many2one("crm.stage", string="Goal Stage")
    goal_domain = fields.Char(
        string="Goal Condition",
        default="[]",
        help="The participant converts when its record matches this condition.",
    )
    attribution_days = fields.Integer(
        string="Attribution Window (days)",
        default=30,
        help="Conversions and revenue count this many days after enrolment.",
    )
    # ------------------------------------------------------------------ hold-out
    holdout_percent = fields.Float(
        string="Hold-out (%)",
        help="Share of the enrolled drawn at random as a control group: enrolled "
        "but given no step, to measure what the campaign changes. At least "
        f"{MIN_CONTROLS} controls are needed.",
    )
    holdout_seed = fields.Integer(
        string="Random Seed",
        readonly=True,
        copy=False,
        help="Seed of the random draw of the control group, recorded when the "
        "campaign starts: the same enrolment gives the same group.",
    )
    started_on = fields.Datetime(readonly=True, copy=False)

    # ------------------------------------------------------------------ constraints
    @api.constrains("holdout_percent")
    def _check_holdout_percent(self):
        if any(not 0 <= c.holdout_percent <= 50 for c in self):
            raise ValidationError(
                self.env._("The hold-out is a percentage between 0 and 50.")
            )

    @api.constrains("target_churn_min", "target_churn_max")
    def _check_churn_range(self):
        for campaign in self:
            low, high = campaign.target_churn_min, campaign.target_churn_max
            if not 0 <= low <= high <= 100:
                raise ValidationError(
                    self.env._(
                        "The churn risk range goes from 0 to 100%% and its start "
                        "is not above its end (got %(low)s to %(high)s).",
                        low=low,
                        high=high,
                    )
                )

    @api.constrains("attribution_days")
    def _check_attribution_days(self):
        if any(c.attribution_days < 1 for c in self):
            raise ValidationError(
                self.env._("The attribution window is at least one day.")
            )

    @api.constrains("editable_domain", "goal_domain", "model_id")
    def _check_domains(self):
        for campaign in self:
            if campaign.model_id:
                try:
                    campaign._campaign_parse(campaign.editable_domain)
                    campaign._campaign_parse(campaign.goal_domain)
                except UserError as error:
                    raise ValidationError(str(error)) from None

    @api.constrains("goal_type", "goal_stage_id", "model_id")
    def _check_goal(self):
        for campaign in self:
            if campaign.goal_type == "stage" and not campaign.goal_stage_id:
                raise ValidationError(self.env._("Choose the stage of the goal."))

    # ------------------------------------------------------------------ computes
    @api.depends("model_id")
    def _compute_is_crm_campaign(self):
        for campaign in self:
            campaign.is_crm_campaign = campaign.model_id.model in CAMPAIGN_MODELS

    @api.depends(
        "model_id",
        "editable_domain",
        "filter_id",
        "company_id",
        "target_customer_type",
        "target_segment_ids",
        "target_churn_min",
        "target_churn_max",
        "target_clv_min",
        "target_clv_max",
        "target_loyalty_min",
        "target_loyalty_max",
        "target_bought_product_id",
        "target_bought_categ_id",
        "target_not_bought_product_id",
        "target_not_bought_categ_id",
        "target_user_id",
        "target_team_id",
    )
    def _compute_target_count(self):
        for campaign in self:
            campaign.target_count = campaign.target_excluded_count = 0
            if not campaign.model_id:
                continue
            try:
                domain = campaign._campaign_domain()
            except UserError:
                continue
            Model = campaign._campaign_model()
            campaign.target_count = Model.search_count(domain)
            if campaign.is_crm_campaign:
                campaign.target_excluded_count = len(
                    campaign._campaign_exclusions(Model.search(domain).ids)
                )

    @api.onchange("filter_id")
    def _onchange_filter(self):
        # automation_oca empties the model of a new campaign (no filter yet):
        # only a chosen filter decides the model.
        if self.filter_id:
            self.model_id = self.filter_id.model_id

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
            parts.append(["|", ("company_id", "=", False), ("company_id", "=", company.id)])
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
        customer = f"{prefix}commercial_partner_id" if prefix else "commercial_partner_id"
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

    # ------------------------------------------------------------------ access
    def _check_campaign_manager(self):
        user = self.env.user
        if not (
            self.env.su or user.has_group(MANAGERS) or user.has_group(ENGINE_MANAGERS)
        ):
            raise AccessError(
                self.env._(
                    "Only CRM relationship administrators can create, start and "
                    "stop campaigns."
                )
            )

    def start_automation(self):
        self._check_campaign_manager()
        self.check_access("write")
        for campaign in self:
            campaign._campaign_check_holdout()
            campaign.write(
                {
                    "holdout_seed": campaign.holdout_seed
                    or secrets.randbelow(2**31 - 1) + 1,
                    "started_on": fields.Datetime.now(),
                }
            )
        return super().start_automation()

    def done_automation(self):
        self._check_campaign_manager()
        self.check_access("write")
        return super().done_automation()

    def back_to_draft(self):
        self._check_campaign_manager()
        self.check_access("write")
        return super().back_to_draft()

    def _campaign_check_holdout(self):
        """Refuse a hold-out that would leave fewer than MIN_CONTROLS controls."""
        self.ensure_one()
        if self.holdout_percent <= 0:
            return
        eligible = self.target_count - self.target_excluded_count
        controls = holdout_size(eligible, self.holdout_percent)
        if controls < MIN_CONTROLS:
            raise UserError(
                self.env._(
                    "A hold-out of %(percent)s%% of %(count)s customers leaves "
                    "%(controls)s in the control group; at least %(minimum)s are "
                    "needed to measure anything. Widen the target, raise the "
                    "hold-out or set it to 0.",
                    percent=self.holdout_percent,
                    count=eligible,
                    controls=controls,
                    minimum=MIN_CONTROLS,
                )
            )
