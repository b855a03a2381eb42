# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .crm_rollout_common import PHASES

PHASE_CODES = [(code, label) for code, label in PHASES if code != "closed"]


class CrmRolloutPhase(models.Model):
    """A phase of the plan: a checklist and a gate that only the plan's project
    leader approves (who and when are kept, and logged on the plan)."""

    _name = "crm.rollout.phase"
    _description = "Rollout Phase"
    _inherit = ["crm.rollout.protected.mixin"]
    _order = "plan_id, sequence, id"
    _rollout_protected = ("state", "approved_by_id", "approved_on")

    plan_id = fields.Many2one(
        "crm.rollout.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    code = fields.Selection(PHASE_CODES, required=True)
    name = fields.Char(required=True, translate=True)
    goal = fields.Text(translate=True, help="What the phase must achieve.")
    checklist_ids = fields.One2many("crm.rollout.checklist.item", "phase_id", copy=True)
    checklist_done = fields.Integer(compute="_compute_checklist")
    checklist_total = fields.Integer(compute="_compute_checklist")
    checklist_progress = fields.Float(compute="_compute_checklist")
    state = fields.Selection(
        [("open", "Open"), ("approved", "Gate Approved")],
        default="open",
        required=True,
        copy=False,
    )
    approved_by_id = fields.Many2one("res.users", copy=False)
    approved_on = fields.Datetime(copy=False)
    gate_note = fields.Text(
        copy=False, help="What the project leader noted when approving the gate."
    )
    is_current = fields.Boolean(compute="_compute_is_current")
    can_reopen = fields.Boolean(compute="_compute_is_current")

    @api.depends("checklist_ids.done")
    def _compute_checklist(self):
        for phase in self:
            total = len(phase.checklist_ids)
            done = len(phase.checklist_ids.filtered("done"))
            phase.checklist_total = total
            phase.checklist_done = done
            phase.checklist_progress = 100.0 * done / total if total else 100.0

    @api.depends("plan_id.phase", "code", "state", "plan_id.phase_ids.state")
    def _compute_is_current(self):
        for phase in self:
            phase.is_current = phase.plan_id.phase == phase.code
            approved = phase._ordered_siblings().filtered(
                lambda p: p.state == "approved"
            )
            phase.can_reopen = bool(approved) and approved[-1] == phase

    def _ordered_siblings(self):
        return self.plan_id.phase_ids.sorted(lambda p: (p.sequence, p.id))

    def action_approve_gate(self):
        """Approve the gate: the checklist done, the phases before approved and,
        for the pre-go-live test, a readiness verdict of "go"."""
        self.ensure_one()
        self.plan_id._check_leader()
        if self.state == "approved":
            raise UserError(self.env._("This gate is already approved."))
        siblings = self._ordered_siblings()
        earlier = siblings[: list(siblings).index(self)]
        if earlier.filtered(lambda p: p.state != "approved"):
            raise UserError(
                self.env._(
                    "Approve the gate of “%(phase)s” first: phases are passed in "
                    "order.",
                    phase=earlier.filtered(lambda p: p.state != "approved")[0].name,
                )
            )
        pending = self.checklist_ids.filtered(lambda i: not i.done)
        if pending:
            raise UserError(
                self.env._(
                    "The checklist of “%(phase)s” is not done: %(items)s.",
                    phase=self.name,
                    items="; ".join(pending.mapped("name")),
                )
            )
        if self.code == "test" and self.plan_id.readiness_state != "go":
            raise UserError(
                self.env._(
                    "The readiness test says no-go (or was not run): check the "
                    "readiness and fix its failing items before going live."
                )
            )
        self.sudo().write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_on": fields.Datetime.now(),
            }
        )
        self.plan_id.message_post(
            body=Markup("%s")
            % self.env._(
                "Gate of “%(phase)s” approved by %(user)s.",
                phase=self.name,
                user=self.env.user.name,
            )
            + (Markup("<br/>%s") % self.gate_note if self.gate_note else Markup())
        )
        return True

    def action_reopen_gate(self):
        """Reopen the last approved gate (the phases after it still open)."""
        self.ensure_one()
        self.plan_id._check_leader()
        siblings = self._ordered_siblings()
        later = siblings[list(siblings).index(self) + 1 :]
        if self.state != "approved" or later.filtered(lambda p: p.state == "approved"):
            raise UserError(
                self.env._("Only the last approved gate of a plan can be reopened.")
            )
        self.sudo().write(
            {"state": "open", "approved_by_id": False, "approved_on": False}
        )
        self.plan_id.message_post(
            body=self.env._(
                "Gate of “%(phase)s” reopened by %(user)s.",
                phase=self.name,
                user=self.env.user.name,
            )
        )
        return True


class CrmRolloutChecklistItem(models.Model):
    _name = "crm.rollout.checklist.item"
    _description = "Rollout Checklist Item"
    _inherit = ["crm.rollout.protected.mixin"]
    _order = "phase_id, sequence, id"
    _rollout_protected = ("done_by_id", "done_on")

    phase_id = fields.Many2one(
        "crm.rollout.phase", required=True, ondelete="cascade", index=True
    )
    plan_id = fields.Many2one(related="phase_id.plan_id", store=True)
    company_id = fields.Many2one(related="phase_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    done = fields.Boolean(copy=False)
    done_by_id = fields.Many2one("res.users", copy=False)
    done_on = fields.Datetime(copy=False)
    note = fields.Text(copy=False)

    def _check_phase_open(self, phases):
        if not self.env.su and phases.filtered(lambda p: p.state == "approved"):
            raise UserError(
                self.env._(
                    "The gate of “%(phase)s” is approved: reopen it to change its "
                    "checklist.",
                    phase=phases.filtered(lambda p: p.state == "approved")[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_phase_open(
            self.env["crm.rollout.phase"].browse(
                [v["phase_id"] for v in vals_list if v.get("phase_id")]
            )
        )
        return super().create(vals_list)

    def unlink(self):
        self._check_phase_open(self.phase_id)
        return super().unlink()

    def write(self, vals):
        self._check_phase_open(self.phase_id)
        result = super().write(vals)
        if "done" in vals:
            stamp = (
                {"done_by_id": self.env.uid, "done_on": fields.Datetime.now()}
                if vals["done"]
                else {"done_by_id": False, "done_on": False}
            )
            super(CrmRolloutChecklistItem, self.sudo()).write(stamp)
        return result
