# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One click does the next best action: schedule the activity, open the
e-mail with the template, or log the suggestion (one ``_do_<action type>``
method per type of action: add-ons add theirs)."""

from datetime import timedelta

from odoo import fields, models
from odoo.tools import format_date


class CrmNextActionDo(models.AbstractModel):
    _name = "crm.next.action.do"
    _description = "Next Best Action Doing"

    def action_do(self):
        """Button of the list and the form: do it on the customer."""
        self.ensure_one()
        self.check_access("read")
        self.partner_id.check_access("read")
        return self._do(self.partner_id)

    def action_open_customer(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _do(self, record):
        """Do the action of the row's rule on ``record`` (the customer, or the
        opportunity or quotation the salesperson is on)."""
        self.ensure_one()
        rule = self.rule_id
        if not rule:
            return self._notify(self.env._("Nothing to do for this customer today."))
        result = getattr(self, f"_do_{rule.action_type}")(record)
        self._mark_done()
        return result

    def _mark_done(self):
        # The salesperson may read, not write, the rows: the job owns them.
        self.sudo().write(
            {
                "done_rule_id": self.rule_id.id,
                "done_date": fields.Date.context_today(self),
                "done_user_id": self.env.uid,
            }
        )

    def _notify(self, message, kind="success"):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": kind,
                "message": message,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------ kinds
    def _do_activity(self, record):
        rule = self.rule_id
        user = record.user_id if "user_id" in record._fields else self.user_id
        already = self.env["mail.activity"].search_count(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("activity_type_id", "=", rule.activity_type_id.id),
                ("summary", "=", rule.name),
            ]
        )
        if already:
            return self._notify(
                self.env._("“%(rule)s” is already planned here.", rule=rule.name),
                "info",
            )
        deadline = fields.Date.context_today(self) + timedelta(
            days=max(rule.activity_delay_days, 0)
        )
        record.activity_schedule(
            activity_type_id=rule.activity_type_id.id,
            summary=rule.name,
            note=self.reason if not rule.activity_note else rule.activity_note,
            user_id=(user or self.env.user).id,
            date_deadline=deadline,
        )
        return self._notify(
            self.env._(
                "%(activity)s planned for %(date)s: %(rule)s",
                activity=rule.activity_type_id.name,
                date=format_date(self.env, deadline),
                rule=rule.name,
            )
        )

    def _do_mail(self, record):
        """The e-mail composer with the rule's template, on the customer: the
        salesperson reads it and sends it."""
        partner = self.partner_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("E-mail to %(customer)s", customer=partner.name),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "res.partner",
                "default_res_ids": partner.ids,
                "default_template_id": self.rule_id.mail_template_id.id,
                "default_composition_mode": "comment",
            },
        }

    def _do_suggestion(self, record):
        """Log what was done: the touchpoint dialog, filled with the
        suggestion (the salesperson picks the channel and saves)."""
        action = self.partner_id.action_log_touchpoint()
        action["context"] = dict(
            action["context"],
            default_summary=self.rule_id.suggestion,
            default_direction="outbound",
            default_kind="follow_up",
        )
        return action
