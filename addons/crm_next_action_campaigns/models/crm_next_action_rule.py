# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# What a campaign rule becomes when this module is uninstalled: switched off,
# a suggestion that names the campaign (nothing an administrator wrote is lost).
CAMPAIGN_CONTACTS = [("model_id.model", "=", "res.partner")]


def _campaign_rules_to_suggestions(rules):
    for rule in rules:
        rule.write(
            {
                "active": False,
                "action_type": "suggestion",
                "suggestion": rule.suggestion or rule.campaign_id.name or rule.name,
            }
        )


class CrmNextActionRule(models.Model):
    _inherit = "crm.next.action.rule"

    action_type = fields.Selection(
        selection_add=[("campaign", "Enrol in a campaign")],
        ondelete={"campaign": _campaign_rules_to_suggestions},
    )
    reason_figures = fields.Selection(
        selection_add=[("crosssell", "Cross-sell"), ("none",)],
        ondelete={"crosssell": "set default"},
    )
    campaign_id = fields.Many2one(
        "automation.configuration",
        ondelete="restrict",
        domain=CAMPAIGN_CONTACTS,
        help="A campaign on contacts (CRM Campaigns) the customer is enrolled "
        "in, unless they opted out, are blacklisted or object to profiling.",
    )

    @api.model
    def _action_fields(self):
        return dict(
            super()._action_fields(),
            campaign=("campaign_id", self.env._("a campaign")),
        )

    @api.constrains(
        "action_type",
        "activity_type_id",
        "mail_template_id",
        "suggestion",
        "campaign_id",
    )
    def _check_action(self):
        result = super()._check_action()
        for rule in self.filtered(lambda r: r.action_type == "campaign"):
            if rule.campaign_id.model != "res.partner":
                raise ValidationError(
                    self.env._(
                        "The campaign of the rule “%(rule)s” must run on contacts.",
                        rule=rule.name,
                    )
                )
        return result
