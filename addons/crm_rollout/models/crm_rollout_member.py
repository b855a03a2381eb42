# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .crm_rollout_common import LEADERS

ROLES = [
    ("project_leader", "Project Leader"),
    ("consultant", "Consultant"),
    ("crm_admin", "CRM Administrator"),
    ("key_user", "Key User"),
]
# Role -> the group of this addon it gives.
ROLE_GROUPS = {
    "project_leader": "crm_rollout.group_rollout_leader",
    "consultant": "crm_rollout.group_rollout_consultant",
    "crm_admin": "crm_rollout.group_rollout_consultant",
    "key_user": "crm_rollout.group_rollout_user",
}


class CrmRolloutMember(models.Model):
    """A member of the rollout team. The role gives its group to the user
    (recorded, and taken back when the member leaves the team or changes
    role): consultants and CRM administrators edit the plan, key users read
    it, the project leader approves gates and activates waves."""

    _name = "crm.rollout.member"
    _description = "Rollout Team Member"
    _order = "plan_id, role, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "crm.rollout.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users",
        required=True,
        ondelete="cascade",
        check_company=True,
        domain="[('share', '=', False)]",
    )
    role = fields.Selection(ROLES, required=True, default="key_user")
    grant_ids = fields.One2many("crm.rollout.grant", "member_id")

    _sql_constraints = [
        (
            "plan_user_unique",
            "UNIQUE(plan_id, user_id)",
            "A person has one role in the team of a plan.",
        ),
    ]

    @api.constrains("plan_id", "role")
    def _check_one_leader(self):
        for plan in self.plan_id:
            if len(plan.member_ids.filtered(lambda m: m.role == "project_leader")) > 1:
                raise ValidationError(
                    self.env._(
                        "A plan has one project leader; change the other's role first."
                    )
                )

    @api.constrains("user_id")
    def _check_internal(self):
        for member in self:
            if member.user_id.share:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not an internal user and cannot be in the "
                        "rollout team.",
                        user=member.user_id.name,
                    )
                )

    def _needed_groups(self):
        """The group of the member's role and the groups it implies."""
        self.ensure_one()
        group = self.env.ref(ROLE_GROUPS[self.role])
        return group | group.trans_implied_ids

    def _check_leader_change(self, vals_list):
        """Naming, changing or removing the project leader is for a project
        leader (when the plan has none, or it is them) or an administrator of
        access rights: it gives the power to approve and activate."""
        user = self.env.user
        if self.env.su or user.has_group("base.group_erp_manager"):
            return
        involved = any(v.get("role") == "project_leader" for v in vals_list) or any(
            m.role == "project_leader" for m in self
        )
        if not involved:
            return
        plans = self.plan_id | self.env["crm.rollout.plan"].browse(
            [v["plan_id"] for v in vals_list if v.get("plan_id")]
        )
        if not user.has_group(LEADERS) or any(
            p.leader_id and p.leader_id != user for p in plans
        ):
            raise AccessError(
                self.env._(
                    "Only the project leader or an administrator can name, change "
                    "or remove the project leader of a plan."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self.browse()._check_leader_change(vals_list)
        members = super().create(vals_list)
        members._give_role_groups()
        return members

    def write(self, vals):
        self._check_leader_change([vals])
        if {"role", "user_id"} & set(vals):
            self.grant_ids._take_back(self.env._("Role changed"))
        result = super().write(vals)
        if {"role", "user_id"} & set(vals):
            self._give_role_groups()
        return result

    def unlink(self):
        self._check_leader_change([])
        self.grant_ids._take_back(self.env._("Left the team"))
        return super().unlink()

    def _give_role_groups(self):
        Grant = self.env["crm.rollout.grant"]
        for member in self.filtered(lambda m: not m.plan_id.is_template):
            Grant._give(member, member.user_id, self.env.ref(ROLE_GROUPS[member.role]))
