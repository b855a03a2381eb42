# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


class CrmRolloutCapability(models.Model):
    """What a wave gives its users: a group of this addon that implies the
    groups doing the work. A capability that needs a module (campaigns need
    crm_campaigns) is offered only once that module is installed; the groups
    it then implies are named by external ID and linked when it is first
    granted, so that installing the module later is enough."""

    _name = "crm.rollout.capability"
    _description = "Rollout Capability"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    group_id = fields.Many2one(
        "res.groups",
        required=True,
        ondelete="restrict",
        help="The group an activation adds to the wave's users (with the groups "
        "it implies) and a rollback takes back.",
    )
    required_module = fields.Char(
        help="Technical name of the module this capability needs, e.g. "
        "crm_campaigns. Empty: always available.",
    )
    implied_xmlids = fields.Char(
        string="Groups of the Module",
        help="External IDs of groups (comma separated) that the capability's "
        "group must imply once the required module is installed, e.g. "
        "automation_oca.group_automation_user.",
    )
    available = fields.Boolean(compute="_compute_available", search="_search_available")
    implied_ids = fields.Many2many(
        related="group_id.implied_ids", string="Gives", readonly=True
    )

    @api.depends("required_module")
    def _compute_available(self):
        names = {c.required_module for c in self if c.required_module}
        installed = set()
        if names:
            installed = set(
                self.env["ir.module.module"]
                .sudo()
                .search([("name", "in", list(names)), ("state", "=", "installed")])
                .mapped("name")
            )
        for capability in self:
            capability.available = (
                not capability.required_module
                or capability.required_module in installed
            )

    def _search_available(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on availability."))
        installed = (
            self.env["ir.module.module"]
            .sudo()
            .search([("state", "=", "installed")])
            .mapped("name")
        )
        domain = [
            "|",
            ("required_module", "=", False),
            ("required_module", "in", installed),
        ]
        return domain if (operator == "=") == value else ["!"] + domain

    def _groups_to_grant(self):
        """The capabilities' groups, after linking the groups their modules
        bring (sudo: the caller checked the rights of the user)."""
        missing = self.filtered(lambda c: not c.available)
        if missing:
            raise UserError(
                self.env._(
                    "%(capabilities)s cannot be given yet: the module it needs is "
                    "not installed.",
                    capabilities=", ".join(missing.mapped("name")),
                )
            )
        for capability in self.sudo():
            for xmlid in (capability.implied_xmlids or "").split(","):
                group = xmlid.strip() and self.env.ref(
                    xmlid.strip(), raise_if_not_found=False
                )
                if (
                    group
                    and group._name == "res.groups"
                    and group not in capability.group_id.implied_ids
                ):
                    capability.group_id.implied_ids = [Command.link(group.id)]
        return self.group_id
