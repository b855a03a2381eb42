# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.osv import expression


class WebTourTour(models.Model):
    """The daily tasks of the CRM as Odoo guided tours (web_tour). A user
    starts one from the plan; when they finish it, web_tour records it
    (``user_consumed_ids``), and the plan counts it toward readiness."""

    _inherit = "web_tour.tour"

    crm_rollout_training = fields.Boolean(string="Rollout Training")
    crm_rollout_title = fields.Char(string="Training", translate=True)
    crm_rollout_description = fields.Text(string="What It Teaches", translate=True)
    crm_rollout_module = fields.Char(
        string="Needs Module",
        help="Offered only when this module is installed (e.g. crm_campaigns).",
    )
    crm_rollout_capability_id = fields.Many2one(
        "crm.rollout.capability",
        string="For the Capability",
        ondelete="set null",
        help="Required only of the people whose wave gives this capability (and "
        "of the plan's team). Empty: required of everybody in the plan.",
    )

    @api.depends("crm_rollout_title")
    def _compute_display_name(self):
        result = super()._compute_display_name()
        for tour in self.filtered("crm_rollout_title"):
            tour.display_name = tour.crm_rollout_title
        return result

    @api.model
    def get_current_tour(self):
        # Training tours are started from a rollout plan, never pushed as
        # onboarding on whatever page a user opens.
        return super(
            WebTourTour, self.with_context(crm_rollout_hide_training=True)
        ).get_current_tour()

    @api.model
    def _search(self, domain, *args, **kwargs):
        if self.env.context.get("crm_rollout_hide_training"):
            domain = expression.AND([domain, [("crm_rollout_training", "=", False)]])
        return super()._search(domain, *args, **kwargs)

    @api.model
    def _crm_rollout_training_tours(self):
        """The training tours available in this database."""
        tours = self.sudo().search([("crm_rollout_training", "=", True)])
        needed = set(tours.mapped("crm_rollout_module")) - {False}
        installed = set(
            self.env["ir.module.module"]
            .sudo()
            .search([("name", "in", list(needed)), ("state", "=", "installed")])
            .mapped("name")
        )
        return tours.filtered(
            lambda t: not t.crm_rollout_module or t.crm_rollout_module in installed
        )

    @api.model
    def consume(self, tourName):
        """A finished training tour is recorded like any tour, then starts no
        onboarding tour after it, and the user's onboarding switch (that
        starting a tour turns on) goes back to what it was."""
        result = super().consume(tourName)
        if not self.sudo().search_count(
            [("name", "=", tourName), ("crm_rollout_training", "=", True)]
        ):
            return result
        user = self.env.user.sudo()
        if user.crm_rollout_restore_onboarding:
            user.write({"tour_enabled": False, "crm_rollout_restore_onboarding": False})
        return False

    def action_crm_rollout_start(self):
        """Start the tour for the current user, in the browser."""
        self.ensure_one()
        self.check_access("read")
        user = self.env.user.sudo()
        user.crm_rollout_restore_onboarding = not user.tour_enabled
        return {
            "type": "ir.actions.client",
            "tag": "crm_rollout_start_tour",
            "params": {
                "tour": self.name,
                "message": self.env._(
                    "Well done: “%(training)s” is recorded as done.",
                    training=self.crm_rollout_title or self.name,
                ),
            },
        }


class ResUsers(models.Model):
    _inherit = "res.users"

    crm_rollout_restore_onboarding = fields.Boolean(
        string="Switch Onboarding Off After Training",
        copy=False,
        help="Onboarding was off when the user started a rollout training tour: "
        "it is switched off again when they finish it.",
    )


class CrmRolloutPlanTraining(models.AbstractModel):
    _name = "crm.rollout.plan.training.mixin"
    _description = "Rollout Plan: Training"

    training_tour_ids = fields.Many2many(
        "web_tour.tour", string="Training Tours", compute="_compute_training"
    )
    training_status_ids = fields.One2many("crm.rollout.training.status", "plan_id")
    training_done_share = fields.Float(
        string="Training Done (%)", compute="_compute_training"
    )

    def _compute_training(self):
        tours = self.env["web_tour.tour"]._crm_rollout_training_tours()
        for plan in self:
            plan.training_tour_ids = tours
            statuses = plan.training_status_ids
            plan.training_done_share = (
                100.0 * len(statuses.filtered("done")) / len(statuses)
                if statuses
                else 0.0
            )
