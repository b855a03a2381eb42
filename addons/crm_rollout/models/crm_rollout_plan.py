# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

from .crm_rollout_common import CONSULTANTS, LEADERS, METHODOLOGIES, PHASES

# A template's waves other than the pilot start this long after the plan.
LATER_WAVE_DAYS = 60
OBJECTIVE_MONTHS = 6


class CrmRolloutPlan(models.Model):
    _name = "crm.rollout.plan"
    _description = "CRM Rollout Plan"
    # one abstract model per job (measurements, readiness test, training, RFM
    # grids, steering report, demo data), in their own files
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.rollout.protected.mixin",
        "crm.rollout.plan.measure.mixin",
        "crm.rollout.plan.readiness.mixin",
        "crm.rollout.plan.training.mixin",
        "crm.rollout.plan.rfm.mixin",
        "crm.rollout.plan.report.mixin",
        "crm.rollout.plan.demo.mixin",
    ]
    _order = "is_template desc, start_date desc, id desc"
    _check_company_auto = True
    _rollout_protected = (
        "phase",
        "leader_id",
        "go_live_date",
        "readiness_state",
        "readiness_checked_at",
    )

    # translatable: the templates' names and scopes are read in every language
    name = fields.Char(required=True, tracking=True, translate=True)
    active = fields.Boolean(default=True)
    is_template = fields.Boolean(
        string="Template",
        copy=False,
        help="A template is the starting point of new plans: its phases, "
        "checklists, objectives, processes and waves are copied into the plan.",
    )
    description = fields.Text(string="Scope", translate=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True, tracking=True
    )
    methodology = fields.Selection(
        METHODOLOGIES,
        required=True,
        default="gradual",
        tracking=True,
        help="Gradual: a pilot wave of users first, then the others. Big Bang: "
        "everybody from the go-live date, in one wave.",
    )
    start_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The baselines of the objectives are measured at this date.",
    )
    phase = fields.Selection(
        PHASES,
        compute="_compute_phase",
        store=True,
        tracking=True,
        help="The first phase whose gate is not approved yet.",
    )
    phase_ids = fields.One2many(
        "crm.rollout.phase", "plan_id", string="Phases", copy=True
    )
    member_ids = fields.One2many("crm.rollout.member", "plan_id", string="Team")
    leader_id = fields.Many2one(
        "res.users",
        string="Project Leader",
        compute="_compute_leader_id",
        store=True,
        tracking=True,
    )
    objective_ids = fields.One2many("crm.rollout.objective", "plan_id", copy=True)
    process_ids = fields.One2many("crm.rollout.process", "plan_id", copy=True)
    wave_ids = fields.One2many("crm.rollout.wave", "plan_id", copy=True)
    grant_ids = fields.One2many("crm.rollout.grant", "plan_id", string="Access Log")
    go_live_date = fields.Date(
        string="Go-live Date",
        readonly=True,
        copy=False,
        tracking=True,
        help="The day the first wave was activated: the evaluation counts its "
        "months from there.",
    )
    objective_count = fields.Integer(compute="_compute_counts")
    objective_reached_count = fields.Integer(compute="_compute_counts")
    objective_at_risk_count = fields.Integer(compute="_compute_counts")
    wave_active_count = fields.Integer(compute="_compute_counts")
    grant_active_count = fields.Integer(compute="_compute_counts")
    color = fields.Integer()

    _sql_constraints = [
        (
            "template_or_company",
            "CHECK(is_template OR company_id IS NOT NULL)",
            "A rollout plan belongs to a company; only templates are shared.",
        ),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("phase_ids.state", "phase_ids.sequence")
    def _compute_phase(self):
        for plan in self:
            pending = plan.phase_ids.sorted(lambda p: (p.sequence, p.id)).filtered(
                lambda p: p.state != "approved"
            )
            plan.phase = pending[:1].code or (
                "closed" if plan.phase_ids else "planning"
            )

    @api.depends("member_ids.role", "member_ids.user_id")
    def _compute_leader_id(self):
        for plan in self:
            leaders = plan.member_ids.filtered(lambda m: m.role == "project_leader")
            plan.leader_id = leaders[:1].user_id

    @api.depends("objective_ids.status", "wave_ids.state", "grant_ids.state")
    def _compute_counts(self):
        for plan in self:
            statuses = plan.objective_ids.mapped("status")
            plan.objective_count = len(statuses)
            plan.objective_reached_count = statuses.count("reached")
            plan.objective_at_risk_count = statuses.count("at_risk")
            plan.wave_active_count = len(
                plan.wave_ids.filtered(lambda w: w.state == "active")
            )
            plan.grant_active_count = len(
                plan.grant_ids.filtered(lambda g: g.state == "active")
            )

    # ------------------------------------------------------------------ checks
    @api.constrains("start_date")
    def _check_deadlines(self):
        self.objective_ids._check_deadline()

    def _check_leader(self):
        """Only the plan's project leader approves gates and activates or rolls
        back waves; checked before any sudo."""
        self.check_access("read")
        user = self.env.user
        for plan in self:
            if plan.is_template:
                raise UserError(
                    self.env._("A template is not rolled out; create a plan from it.")
                )
            if plan.leader_id != user or not user.has_group(LEADERS):
                raise AccessError(
                    self.env._(
                        "Only the project leader of “%(plan)s” (%(leader)s) can "
                        "approve its gates and activate or roll back its waves.",
                        plan=plan.name,
                        leader=plan.leader_id.name or self.env._("nobody yet"),
                    )
                )

    def unlink(self):
        if self.wave_ids.filtered(lambda w: w.state == "active"):
            raise UserError(
                self.env._(
                    "Roll back the active waves of the plan before deleting it: "
                    "their users would keep the access they were given."
                )
            )
        self.member_ids.unlink()  # takes back what the team roles gave
        return super().unlink()

    # ------------------------------------------------------------------ templates
    def action_use_template(self):
        """Button of a template: a new plan of the current company, in one
        click, that the consultant then adapts."""
        self.ensure_one()
        self.check_access("read")
        self.env["crm.rollout.plan"].check_access("create")
        if not self.is_template:
            raise UserError(self.env._("Only a template can be used to create plans."))
        plan = self._create_plan_from_template(self.env.company)
        return plan._form_action()

    def _create_plan_from_template(self, company, start=None, name=None, user=None):
        """A plan of ``company`` copied from this template, led (or, without
        the rights to lead, drafted) by ``user`` (default: the current user),
        with its baselines measured at ``start`` (default: today)."""
        self.ensure_one()
        user = user or self.env.user
        start = start or fields.Date.context_today(self)
        plan = self.copy(
            {
                "is_template": False,
                "company_id": company.id,
                "start_date": start,
                "name": name
                or self.env._("CRM rollout of %(company)s", company=company.name),
            }
        )
        for wave in plan.wave_ids.filtered(lambda w: not w.date_start):
            wave.date_start = (
                start if wave.pilot else start + relativedelta(days=LATER_WAVE_DAYS)
            )
        for objective in plan.objective_ids.filtered(lambda o: not o.deadline):
            objective.deadline = start + relativedelta(months=OBJECTIVE_MONTHS)
        role = "project_leader" if user.has_group(LEADERS) else "consultant"
        plan.member_ids = [Command.create({"user_id": user.id, "role": role})]
        plan.objective_ids._measure_baseline()
        plan.message_post(
            body=self.env._(
                "Created from the template “%(template)s”.", template=self.name
            )
        )
        return plan

    def _form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.rollout.plan",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------------ go-live
    def _set_go_live(self, day):
        """The first activation of a wave is the go-live: the evaluation
        starts there and the RFM grid of that day is kept."""
        for plan in self.filtered(lambda p: not p.go_live_date):
            plan.sudo().go_live_date = day
            plan._capture_rfm_grid("golive")

    # ------------------------------------------------------------------ actions
    def action_open_objectives(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_rollout.crm_rollout_objective_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_import_baselines(self):
        self.ensure_one()
        self.check_access("write")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_rollout.crm_rollout_baseline_import_action"
        )
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_open_grants(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_rollout.crm_rollout_grant_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        return action

    @api.model
    def _cron_measure(self):
        """Daily job: the objectives' current values, this month's evaluation,
        today's RFM grid and the readiness of every plan under way."""
        if not (self.env.is_superuser() or self.env.user.has_group(CONSULTANTS)):
            raise AccessError(
                self.env._("Only rollout consultants can measure the rollout plans.")
            )
        domain = [("is_template", "=", False), ("phase", "!=", "closed")]
        if not self.env.is_superuser():
            # by hand: the plans of the companies the user works in
            domain.append(("company_id", "in", self.env.companies.ids))
        plans = self.sudo().search(domain)
        for index, plan in enumerate(plans):
            plan._measure_all()
            plan._check_readiness()
            self.env["ir.cron"]._notify_progress(
                done=index + 1, remaining=len(plans) - index - 1
            )
