# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.crm_relationship.models.res_partner import CUSTOMER_TYPES

from ..uplift import MIN_CONTROLS, holdout_size
from .automation_configuration_target import CAMPAIGN_MODELS

MANAGERS = "crm_relationship.group_crm_relationship_manager"
# automation_oca's own managers configure automations (campaigns included).
ENGINE_MANAGERS = "automation_oca.group_automation_manager"
GOALS = [
    ("none", "No goal"),
    ("order", "Order confirmed"),
    ("won", "Opportunity won"),
    ("stage", "Stage reached"),
    ("domain", "Condition met"),
]


class AutomationConfiguration(models.Model):
    """A campaign is an automation configuration (OCA automation_oca) with a
    target built from the customer layer, a goal, and a hold-out group. Its
    jobs are abstract models of their own: the target, the enrolment, the
    results and their buttons, the demo data."""

    _name = "automation.configuration"
    _inherit = [
        "automation.configuration",
        "crm.campaign.target",
        "crm.campaign.enrolment",
        "crm.campaign.results",
        "crm.campaign.actions",
        "crm.campaigns.demo",
    ]
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
    target_team_id = fields.Many2one(
        "crm.team", string="Sales Team", check_company=True
    )
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
    goal_stage_id = fields.Many2one("crm.stage")
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
        result = super().start_automation()
        # A campaign enrols its target at once; periodic ones again on every
        # run of automation_oca's cron.
        self.run_automation()
        return result

    def run_automation(self):
        self.ensure_one()
        if not self.env.su:
            self._check_campaign_manager()
            self.check_access("write")
        if self.state not in ("periodic", "ondemand"):
            return
        self.sudo()._campaign_enrol()

    def cron_automation(self):
        for campaign in self.search([("state", "=", "periodic")]):
            campaign.run_automation()

    def _get_automation_records_to_create(self):
        # automation_oca's own entry point, with the parsed (never evaluated)
        # domain, the customer-layer target and the company.
        self.ensure_one()
        return self._campaign_model().browse(self._campaign_new_ids())

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
