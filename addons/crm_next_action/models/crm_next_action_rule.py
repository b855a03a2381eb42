# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.crm_relationship.domains import DomainError, parse_domain

MANAGERS = "crm_relationship.group_crm_relationship_manager"


class CrmNextActionRule(models.Model):
    _name = "crm.next.action.rule"
    _description = "Next Best Action Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Rules are tried in this order; the first that matches wins."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the rule applies in every company."
    )
    domain = fields.Char(
        string="Condition",
        required=True,
        default="[]",
        help="Which customers the rule applies to, as a condition on the customer "
        "(values only: the condition is read as data, never run).",
    )
    action_type = fields.Selection(
        [
            ("activity", "Schedule an activity"),
            ("mail", "Send an e-mail"),
            ("suggestion", "Suggest"),
        ],
        string="Action",
        required=True,
        default="activity",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        domain="[('res_model', 'in', (False, 'res.partner'))]",
    )
    activity_note = fields.Text(
        string="Instructions", translate=True, help="The note of the activity."
    )
    activity_delay_days = fields.Integer(
        string="Due In (Days)", default=1, help="Deadline of the activity, from today."
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain="[('model', '=', 'res.partner')]",
    )
    suggestion = fields.Char(
        translate=True, help="What the salesperson should do, in a few words."
    )
    reason = fields.Char(
        required=True,
        translate=True,
        help="The first part of the line the salesperson reads, e.g. “At risk, "
        "high value: call with a retention offer”. The customer's own figures "
        "follow it.",
    )
    reason_figures = fields.Selection(
        [
            ("purchase", "Purchase rhythm"),
            ("contact", "Contact rhythm"),
            ("complaint", "Open complaint"),
            ("value", "Churn risk and value"),
            ("tenure", "First order"),
            ("none", "None"),
        ],
        string="Figures",
        required=True,
        default="purchase",
        help="Which of the customer's figures follow the reason.",
    )
    customer_count = fields.Integer(
        string="Customers", compute="_compute_customer_count"
    )

    # ------------------------------------------------------------------ computes
    @api.depends_context("company")
    def _compute_customer_count(self):
        counts = dict(
            self.env["crm.next.action"]._read_group(
                [
                    ("rule_id", "in", self.ids),
                    ("company_id", "=", self.env.company.id),
                ],
                ["rule_id"],
                ["__count"],
            )
        )
        for rule in self:
            rule.customer_count = counts.get(rule, 0)

    # ------------------------------------------------------------------ domain
    def _parsed_domain(self):
        """The condition as a domain (parsed, never evaluated)."""
        self.ensure_one()
        try:
            return parse_domain(self.domain)
        except DomainError:
            raise UserError(
                self.env._(
                    "The condition of the rule “%(rule)s” is not a plain domain: "
                    "use values, not expressions (%(domain)s).",
                    rule=self.name,
                    domain=(self.domain or "")[:200],
                )
            ) from None

    @api.constrains("domain")
    def _check_domain(self):
        Partner = self.env["res.partner"]
        for rule in self:
            domain = rule._parsed_domain()
            try:
                Partner._search(domain)
            except (ValueError, KeyError, TypeError, UserError) as error:
                raise ValidationError(
                    self.env._(
                        "The condition of the rule “%(rule)s” is not valid on "
                        "customers: %(error)s",
                        rule=rule.name,
                        error=error,
                    )
                ) from None

    @api.model
    def _action_fields(self):
        """{action type: (field the action needs, what it is, for the message)}."""
        _ = self.env._
        return {
            "activity": ("activity_type_id", _("an activity type")),
            "mail": ("mail_template_id", _("an e-mail template")),
            "suggestion": ("suggestion", _("a suggestion")),
        }

    @api.constrains("action_type", "activity_type_id", "mail_template_id", "suggestion")
    def _check_action(self):
        required = self._action_fields()
        for rule in self:
            fname, label = required.get(rule.action_type, (None, None))
            if fname and not rule[fname]:
                raise ValidationError(
                    self.env._(
                        "The rule “%(rule)s” needs %(what)s for its action.",
                        rule=rule.name,
                        what=label,
                    )
                )

    # ------------------------------------------------------------------ actions
    def action_view_customers(self):
        """The customers whose next best action is this rule."""
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_next_action.crm_next_action_action_all"
        )
        action["domain"] = [("rule_id", "=", self.id)]
        action["context"] = {"search_default_my_customers": 0}
        action["display_name"] = self.name
        return action

    def action_recompute(self):
        """Recompute the next best actions of the current company now (the
        button of the rule list: the selected rules do not matter)."""
        if not self.env.user.has_group(MANAGERS):
            raise UserError(
                self.env._(
                    "Only CRM relationship administrators can recompute the next "
                    "best actions."
                )
            )
        NextAction = self.env["crm.next.action"]
        count = NextAction.sudo()._recompute(self.env.company)
        return NextAction._notify(
            self.env._(
                "Next best actions recomputed for %(count)s customers.", count=count
            )
        )
