# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Command
from odoo.tools import SQL


class CrmRolloutGrant(models.Model):
    """One group that a wave's activation (or a team role) added to one user,
    who did not have it before. A rollback takes back exactly these, and
    nothing else: a user who already had a group keeps it, and a group still
    needed by another active wave or role of the user is handed over to it
    instead of being removed."""

    _name = "crm.rollout.grant"
    _description = "Rollout Access Grant"
    _order = "granted_on desc, id desc"
    _rec_name = "group_id"

    plan_id = fields.Many2one(
        "crm.rollout.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    wave_id = fields.Many2one("crm.rollout.wave", ondelete="set null", index=True)
    member_id = fields.Many2one(
        "crm.rollout.member", ondelete="set null", index="btree_not_null"
    )
    source = fields.Char(compute="_compute_source")
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade")
    group_id = fields.Many2one("res.groups", required=True, ondelete="cascade")
    state = fields.Selection(
        [
            ("active", "Given"),
            ("revoked", "Taken Back"),
            ("handed_over", "Handed Over"),
        ],
        default="active",
        required=True,
    )
    granted_on = fields.Datetime(default=fields.Datetime.now, required=True)
    granted_by_id = fields.Many2one("res.users", string="Given By")
    revoked_on = fields.Datetime(string="Taken Back On")
    revoked_by_id = fields.Many2one("res.users", string="Taken Back By")
    note = fields.Char()

    @api.depends("wave_id", "member_id")
    def _compute_source(self):
        roles = dict(
            self.env["crm.rollout.member"]
            ._fields["role"]
            ._description_selection(self.env)
        )
        for grant in self:
            if grant.wave_id:
                grant.source = self.env._("Wave: %(wave)s", wave=grant.wave_id.name)
            elif grant.member_id:
                grant.source = self.env._(
                    "Team role: %(role)s", role=roles.get(grant.member_id.role, "")
                )
            else:
                grant.source = False

    # ------------------------------------------------------------------ engine
    def _user_groups(self, users):
        """{user id: set of group ids}, in one query."""
        rows = self.env.execute_query(
            SQL(
                "SELECT uid, gid FROM res_groups_users_rel WHERE uid = ANY(%s)",
                users.ids,
            )
        )
        groups = defaultdict(set)
        for uid, gid in rows:
            groups[uid].add(gid)
        return groups

    @api.model
    def _give(self, owner, users, groups):
        """Add ``groups`` to ``users`` (sudo, the caller checked the rights)
        and record, per user, the groups they did not have before (implied
        groups included). ``owner`` is the wave or team member giving them.
        Returns the new grants."""
        users = users.filtered(lambda u: not u.share)
        if not users or not groups:
            return self.browse()
        before = self._user_groups(users)
        users.sudo().write({"groups_id": [Command.link(g.id) for g in groups]})
        after = self._user_groups(users)
        vals_list = [
            {
                "plan_id": owner.plan_id.id,
                _owner_field(owner): owner.id,
                "user_id": user.id,
                "group_id": gid,
                "granted_by_id": self.env.uid,
            }
            for user in users
            for gid in sorted(after[user.id] - before[user.id])
        ]
        return self.sudo().create(vals_list)

    def _take_back(self, note=None):
        """Revoke these grants: each group goes back to what it was before,
        unless another active owner (a wave or a team role) gives it to that
        user, which then takes the grant over. Returns (revoked, handed)."""
        grants = self.sudo().filtered(lambda g: g.state == "active")
        keepers = grants._keepers()
        handed, revoked = grants.browse(), grants.browse()
        removals = defaultdict(set)
        for grant in grants:
            keeper = keepers.get((grant.user_id.id, grant.group_id.id))
            if keeper:
                owner = {"wave_id": False, "member_id": False}
                owner[_owner_field(keeper)] = keeper.id
                grant.copy(
                    dict(
                        owner,
                        plan_id=keeper.plan_id.id,
                        state="active",
                        granted_on=grant.granted_on,
                        granted_by_id=grant.granted_by_id.id,
                        note=self.env._(
                            "Handed over by %(origin)s", origin=grant.source
                        ),
                    )
                )
                handed |= grant
            else:
                removals[grant.user_id].add(grant.group_id.id)
                revoked |= grant
        by_groups = defaultdict(lambda: self.env["res.users"])
        for user, group_ids in removals.items():
            by_groups[frozenset(group_ids)] |= user
        for group_ids, users in by_groups.items():
            users.sudo().write({"groups_id": [Command.unlink(g) for g in group_ids]})
        stamp = {"revoked_on": fields.Datetime.now(), "revoked_by_id": self.env.uid}
        revoked.write(dict(stamp, state="revoked", note=note or False))
        handed.write(dict(stamp, state="handed_over"))
        return revoked, handed

    def _keepers(self):
        """{(user id, group id): owner} for the grants' users and groups: the
        active waves and team members, other than the grants' own owners, that
        give that group to that user."""
        users, groups = self.user_id, self.group_id
        keepers = {}
        waves = (
            self.env["crm.rollout.wave"]
            .sudo()
            .search([("state", "=", "active"), ("id", "not in", self.wave_id.ids)])
        )
        for wave in waves:
            for user in wave._effective_users() & users:
                for group in wave._needed_groups() & groups:
                    keepers.setdefault((user.id, group.id), wave)
        members = (
            self.env["crm.rollout.member"]
            .sudo()
            .search(
                [("user_id", "in", users.ids), ("id", "not in", self.member_id.ids)]
            )
        )
        for member in members:
            for group in member._needed_groups() & groups:
                keepers.setdefault((member.user_id.id, group.id), member)
        return keepers


def _owner_field(owner):
    return "wave_id" if owner._name == "crm.rollout.wave" else "member_id"
