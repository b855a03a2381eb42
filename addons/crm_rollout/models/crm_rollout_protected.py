# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError


class CrmRolloutProtected(models.AbstractModel):
    """Fields that only the rollout's own actions set (an approval, an
    activation, a measurement): they do so with sudo after their checks; a
    user writing them directly, over RPC included, is refused."""

    _name = "crm.rollout.protected.mixin"
    _description = "Rollout Fields Set by Actions Only"
    _rollout_protected = ()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_rollout_protected(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_rollout_protected(vals)
        return super().write(vals)

    def _check_rollout_protected(self, vals):
        if self.env.su:
            return
        touched = [name for name in self._rollout_protected if name in vals]
        if touched:
            labels = ", ".join(
                self._fields[name]._description_string(self.env) for name in touched
            )
            raise AccessError(
                self.env._(
                    "%(fields)s cannot be changed by hand: the plan's buttons "
                    "(approve, activate, measure, check) set them.",
                    fields=labels,
                )
            )
