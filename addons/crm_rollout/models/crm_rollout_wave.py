# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmRolloutWave(models.Model):
    """Which users or sales teams get which capabilities from which date.
    Activation adds the capabilities' groups to the users and records what it
    added; rollback takes back exactly that (see crm.rollout.grant). Big Bang
    is one wave with everybody."""

    _name = "crm.rollout.wave"
    _description = "Rollout Wave"
    _inherit = ["crm.rollout.protected.mixin"]
    _order = "plan_id, sequence, id"
    _check_company_auto = True
    _rollout_protected = (
        "state",
        "activated_on",
        "activated_by_id",
        "rolled_back_on",
        "rolled_back_by_id",
    )

    plan_id = fields.Many2one(
        "crm.rollout.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    pilot = fields.Boolean(
        help="The pilot wave's users are the ones the readiness test looks at "
        "(their touchpoints, their training).",
    )
    everybody = fields.Boolean(
        help="Every internal user of the plan's company, whoever they are on the "
        "day of the activation (Big Bang).",
    )
    user_ids = fields.Many2many(
        "res.users",
        "crm_rollout_wave_user_rel",
        "wave_id",
        "user_id",
        string="Users",
        check_company=True,
        domain="[('share', '=', False)]",
    )
    team_ids = fields.Many2many(
        "crm.team",
        "crm_rollout_wave_team_rel",
        "wave_id",
        "team_id",
        string="Sales Teams",
        check_company=True,
        help="Every member of these teams is in the wave.",
    )
    capability_ids = fields.Many2many(
        "crm.rollout.capability",
        string="Capabilities",
        help="What the wave gives its users.",
    )
    date_start = fields.Date(
        string="From",
        help="The wave can be activated from this day.",
    )
    state = fields.Selection(
        [("draft", "Planned"), ("active", "Active"), ("rolled_back", "Rolled Back")],
        default="draft",
        required=True,
        copy=False,
    )
    activated_on = fields.Datetime(copy=False)
    activated_by_id = fields.Many2one("res.users", copy=False)
    rolled_back_on = fields.Datetime(copy=False)
    rolled_back_by_id = fields.Many2one("res.users", copy=False)
    grant_ids = fields.One2many("crm.rollout.grant", "wave_id", string="Access Given")
    user_count = fields.Integer(string="People", compute="_compute_user_count")

    @api.depends("user_ids", "team_ids", "everybody", "company_id")
    def _compute_user_count(self):
        for wave in self:
            wave.user_count = len(wave._effective_users())

    def _effective_users(self):
        """The internal users of the wave: its users, the members of its teams,
        or everybody in the plan's company."""
        self.ensure_one()
        if self.everybody:
            return (
                self.env["res.users"]
                .sudo()
                .search(
                    [("share", "=", False), ("company_ids", "in", self.company_id.ids)]
                )
            )
        users = self.user_ids | self.team_ids.sudo().crm_team_member_ids.user_id
        return users.filtered(lambda u: u.active and not u.share)

    def _needed_groups(self):
        groups = self.capability_ids.group_id
        return groups | groups.trans_implied_ids

    def unlink(self):
        if self.filtered(lambda w: w.state == "active"):
            raise UserError(self.env._("Roll back an active wave before deleting it."))
        return super().unlink()

    def action_activate(self):
        """Give the wave's capabilities to its users (the project leader only).
        Activating an active wave again gives them to the users added since;
        users who already had a group get nothing recorded for it."""
        self.ensure_one()
        self.plan_id._check_leader()
        today = fields.Date.context_today(self)
        if self.date_start and self.date_start > today:
            raise UserError(
                self.env._(
                    "The wave “%(wave)s” is planned from %(date)s. Change its date "
                    "to activate it today.",
                    wave=self.name,
                    date=self.date_start,
                )
            )
        users = self._effective_users()
        if not users:
            raise UserError(
                self.env._(
                    "Add users or sales teams to the wave “%(wave)s” first.",
                    wave=self.name,
                )
            )
        if not self.capability_ids:
            raise UserError(
                self.env._(
                    "Choose what the wave “%(wave)s” gives first.", wave=self.name
                )
            )
        groups = self.capability_ids._groups_to_grant()
        grants = self.env["crm.rollout.grant"]._give(self, users, groups)
        again = self.state == "active"
        self.sudo().write(
            {
                "state": "active",
                "activated_on": fields.Datetime.now(),
                "activated_by_id": self.env.uid,
                "date_start": self.date_start or today,
            }
        )
        self.plan_id._set_go_live(today)
        self._log(
            self.env._(
                "Wave “%(wave)s” activated again by %(user)s",
                wave=self.name,
                user=self.env.user.name,
            )
            if again
            else self.env._(
                "Wave “%(wave)s” activated by %(user)s",
                wave=self.name,
                user=self.env.user.name,
            ),
            self.env._(
                "%(users)s people; %(count)s group memberships added",
                users=len(users),
                count=len(grants),
            ),
            grants,
        )
        return True

    def action_rollback(self):
        """Take back what the wave's activations added (the project leader
        only), whoever is in the wave now."""
        self.ensure_one()
        self.plan_id._check_leader()
        if self.state != "active":
            raise UserError(self.env._("Only an active wave can be rolled back."))
        revoked, handed = self.grant_ids._take_back(self.env._("Wave rolled back"))
        self.sudo().write(
            {
                "state": "rolled_back",
                "rolled_back_on": fields.Datetime.now(),
                "rolled_back_by_id": self.env.uid,
            }
        )
        self._log(
            self.env._(
                "Wave “%(wave)s” rolled back by %(user)s",
                wave=self.name,
                user=self.env.user.name,
            ),
            self.env._(
                "%(count)s group memberships taken back; %(kept)s kept for "
                "another active wave or role",
                count=len(revoked),
                kept=len(handed),
            ),
            revoked,
        )
        return True

    def _log(self, title, summary, grants):
        """One message on the plan: what happened, and to whom (names escaped)."""
        lines = Markup("").join(
            Markup("<li>%s: %s</li>")
            % (
                user.name,
                ", ".join(
                    grants.filtered(lambda g, u=user: g.user_id == u).group_id.mapped(
                        "name"
                    )
                ),
            )
            for user in grants.user_id
        )
        body = Markup("<p><b>%s</b></p><p>%s</p>") % (title, summary)
        if lines:
            body += Markup("<ul>%s</ul>") % lines
        self.plan_id.message_post(body=body)

    def action_open_users(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("People of %(wave)s", wave=self.name),
            "res_model": "res.users",
            "view_mode": "list,form",
            "domain": [("id", "in", self._effective_users().ids)],
        }
